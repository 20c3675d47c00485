// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Volley's `volley_hh_pump` as a plug-in (not a NEST model; the `volley_` prefix says so): the
/// numerics are `VolleyHHPumpKernel` (Kernels/), run per neuron as `KernelNeurons` runs the other
/// kernels, with the step's index passed on so that the pump can be blocked from `t_block` on.
struct VolleyHHPump: NeuronDynamics {
    static let parameters = VolleyHHPumpKernel.parameters.map { ParameterInfo($0.name, $0.default, $0.unit, $0.summary) }
    static let recordables = VolleyHHPumpKernel.recordables
    static let weightUnit = "nS"
    static let inputChannels = 2
    static let documentation = ModelDocumentation(
        summary: "Volley's own model, not NEST's: the Hodgkin–Huxley neuron with ion concentrations and an electrogenic "
            + "Na⁺/K⁺ pump of Hübel & Dahlem (2014), PLoS Comput Biol 10:e1004014 (ModelDB 167714; their closed model, "
            + "without the K⁺ buffer), which builds on Cressman et al. (2009), J Comput Neurosci 26:159 (erratum 2011, "
            + "30:781). Na⁺, K⁺ and Cl⁻ inside change with the currents that carry them, the extracellular ones with "
            + "them (the totals are conserved), and E_Na, E_K, E_Cl are their Nernst potentials (RT/F = 26.64 mV). "
            + "Their per-area constants are scaled to their membrane of 922 µm² (1 µA/cm² = 9.22 pA, 1 mS/cm² = 9.22 nS). "
            + "The initial state is the model's resting state: their published initial values (which leave 0.3 % of the "
            + "pump's Na⁺ export unbalanced) relaxed to the fixed point with the same ion totals. Blocking the pump (`pump_block`, ouabain) lets Na⁺ in "
            + "and K⁺ out until the neuron fires ever faster and stops in depolarisation block. Volley adds NEST's "
            + "exponential synaptic conductances, and counts every current that is neither a channel's nor the pump's "
            + "(I_e, devices, synapses) as K⁺ crossing the membrane, so that charge and every ion are conserved under a "
            + "steady drive; the ledger (`Q_Na`, `Q_K`, `Q_pump`) prices the run from the pump itself.",
        equations: [
            "C_m dV/dt = −I_Na − I_K − I_Cl − I_pump + I_app,   I_app = I_e + I_dc − g_ex (V − E_ex) − g_in (V − E_in)",
            "I_Na = (g_Na m∞³ h + g_Na_L) (V − E_Na),   I_K = (g_K n⁴ + g_K_L) (V − E_K),   I_Cl = g_Cl_L (V − E_Cl)",
            "m∞ = α_m/(α_m + β_m),  α_m = 0.1 (V + 30)/(1 − e^−(V+30)/10),  β_m = 4 e^−(V+55)/18;  h = 1 − 1/(1 + e^−6.5 (n − 0.35))",
            "dn/dt = 3 [α_n (1 − n) − β_n n],  α_n = 0.01 (V + 34)/(1 − e^−(V+34)/10),  β_n = 0.125 e^−(V+44)/80  (V in mV, rates in 1/ms)",
            "I_pump = (1 − b(t)) I_pump_max / [(1 + e^((25 − Na_i)/3)) (1 + e^(5.5 − K_o))]  (mM),  b(t) = pump_block from t_block on, else 0",
            "F vol_i dNa_i/dt = −(I_Na + 3 I_pump),  F vol_i dK_i/dt = −(I_K − 2 I_pump − I_app),  F vol_i dCl_i/dt = I_Cl",
            "X_o = X_o(0) + (X_i(0) − X_i) vol_i/vol_e for X = Na, K, Cl;  E_X = 26.64 mV · ln(X_o/X_i) (E_Cl: ln(Cl_i/Cl_o))",
            "τ_syn dg/dt = −g;  spike: V ≥ 0 mV and falling, then t_ref without detection; no reset",
            "energy ledger: Q_Na = −∫ I_Na dt (inward Na⁺, gated and leak), Q_K = ∫ I_K dt, Q_pump = ∫ I_pump dt (pC); ATP = Q_pump / e",
        ],
        integration: "GSL's adaptive Runge–Kutta–Fehlberg 4(5) as for NEST's models, with the step size carried across "
            + "steps and an absolute error of 1e-5 on each component (NEST's Hodgkin–Huxley models use 1e-3; here the "
            + "tighter bound costs nothing measurable and makes Q_Na − 3 Q_pump equal F·vol_i·ΔNa_i to 1e-5 of Q_Na). "
            + "Q_Na and Q_K by the corrected trapezoid rule over the solver's sub-steps, Q_pump as an eighth component "
            + "of the solver's state outside its error control. `simulation.integrator: rk4` runs a fixed-step classic "
            + "RK4 instead; this model needs `rk4_substeps: 4` at 0.1 ms (one sub-step diverges within 200 ms).")

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try ParameterRules.finite(m, VolleyHHPumpKernel.parameters.map(\.name))
        if let (name, reason) = VolleyHHPumpKernel.validate({ m[$0] }) { throw .invalidValue(name: name, reason: reason) }
    }

    /// Every neuron's state vector, refractory count and step size, and the pump factor of the
    /// last step integrated (what `I_pump` reports).
    struct State: Sendable {
        var neurons: [ODENeuronState]
        var pumpScale: Double
    }

    let kernel: VolleyHHPumpKernel

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        let scheme: ODEIntegrator
        switch integrator {
        case .nest: scheme = .nest
        case .rk4(let k): scheme = .rk4(substeps: k)
        }
        kernel = VolleyHHPumpKernel(parameters: { m[$0] }, resolution: grid.resolution, integrator: scheme)
    }

    func makeState(count: Int) -> State {
        State(neurons: Array(repeating: kernel.initialState(), count: count), pumpScale: kernel.pumpScale(step: 0))
    }

    func setMembranePotential(_ v: Double, neuron i: Int, in s: inout State) {
        s.neurons[i].y[0] = v
        s.neurons[i].forgetDerivative()
    }

    func recordable(_ index: Int, neuron i: Int, in s: State) -> Double {
        kernel.recordable(index, s.neurons[i], pumpScale: s.pumpScale)
    }

    func update(_ s: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        let excitatory = c.input, inhibitory = c.input + c.count
        let current = c.current
        let scale = kernel.pumpScale(step: c.step)
        s.pumpScale = scale
        var failed: Int?
        let kernel = self.kernel
        s.neurons.withUnsafeMutableBufferPointer { n in
            for i in range {
                let outcome = kernel.step(
                    &n[i], current: current, excitatory: excitatory[i], inhibitory: inhibitory[i], pumpScale: scale)
                excitatory[i] = 0
                inhibitory[i] = 0
                if outcome.failed || !n[i].y[0].isFinite {
                    if failed == nil { failed = i }
                    continue
                }
                for _ in 0..<outcome.spikes { spikes.append(c.spikeKey(i)) }
            }
        }
        return failed
    }
}

/// `pumpScale` is not a column: the update sets it from the step before it is read.
extension VolleyHHPump.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("neurons", &neurons)
    }
}
