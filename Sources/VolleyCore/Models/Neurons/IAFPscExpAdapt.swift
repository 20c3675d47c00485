// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// `iaf_psc_exp` plus a spike-triggered adaptation current w (not a NEST model under this name).
struct IAFPscExpAdapt: NeuronDynamics {
    static let parameters = LIFParameters.membrane + LIFParameters.synapticTimes + [
        ParameterInfo("tau_w", 100.0, "ms", "Decay time of the adaptation current"),
        ParameterInfo("b", 50.0, "pA", "Adaptation current added at each spike"),
        ParameterInfo("w", 0.0, "pA", "Initial adaptation current"),
    ]
    static let recordables = ["V_m", "I_syn_ex", "I_syn_in", "w"]
    static let weightUnit = "pA"
    static let inputChannels = 2
    static let documentation = ModelDocumentation(
        summary: "`iaf_psc_exp` with a spike-triggered adaptation current w (the after-hyperpolarisation), which NEST has "
            + "under other names only (`aeif_*`, `gif_*`). It damps repeated firing the way a repetition penalty damps "
            + "repeated tokens. Not a NEST model: `AdaptationModelTests` checks it against the closed-form solution.",
        equations: [
            "τ_m dV/dt = −(V − E_L) + (τ_m / C_m)(I_syn_ex + I_syn_in + I_e + I_dc − w)",
            "τ_syn_ex dI_syn_ex/dt = −I_syn_ex,    τ_syn_in dI_syn_in/dt = −I_syn_in,    τ_w dw/dt = −w",
            "at each spike: V ← V_reset, w ← w + b",
        ],
        integration: "Exact: w enters V like an inhibitory synaptic current of time constant τ_w (`IAFPropagatorExp`), "
            + "decays by exp(−h/τ_w) each step and grows by b at each spike.")

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try LIFParameters.validate(m, synapses: true)
        try ParameterRules.positive(m, "tau_w", what: "time constant must be positive")
        if !m["b"].isFinite || !m["w"].isFinite { throw .invalidValue(name: "b", reason: "b and w must be finite") }
    }

    /// Membrane potential relative to E_L, refractory steps left, synaptic currents and the adaptation current (pA).
    struct State: Sendable {
        var potential: [Double]
        var refractory: [Int32]
        var excitatory: [Double]
        var inhibitory: [Double]
        var adaptation: [Double]
    }

    let voltages: LIFVoltages
    let p22: Double, p11ex: Double, p11in: Double, p21ex: Double, p21in: Double, p20: Double
    let p11w: Double, p21w: Double, adaptationStep: Double, initialAdaptation: Double

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        let h = grid.resolution
        voltages = LIFVoltages(m, grid: grid)
        let tauM = m["tau_m"], cM = m["C_m"], tauEx = m["tau_syn_ex"], tauIn = m["tau_syn_in"], tauW = m["tau_w"]
        p11ex = Double.exp(-h / tauEx)
        p11in = Double.exp(-h / tauIn)
        p22 = Double.exp(-h / tauM)
        p21ex = IAFPropagator(tauSyn: tauEx, tauM: tauM, cM: cM).exponential(h)
        p21in = IAFPropagator(tauSyn: tauIn, tauM: tauM, cM: cM).exponential(h)
        p20 = tauM / cM * (1.0 - p22)
        p11w = Double.exp(-h / tauW)
        p21w = IAFPropagator(tauSyn: tauW, tauM: tauM, cM: cM).exponential(h)
        adaptationStep = m["b"]
        initialAdaptation = m["w"]
    }

    func makeState(count: Int) -> State {
        let zeros = [Double](repeating: 0, count: count)
        return State(potential: [Double](repeating: voltages.initialPotential, count: count),
                     refractory: [Int32](repeating: 0, count: count), excitatory: zeros, inhibitory: zeros,
                     adaptation: [Double](repeating: initialAdaptation, count: count))
    }

    func setMembranePotential(_ v: Double, neuron i: Int, in s: inout State) { s.potential[i] = v - voltages.restingPotential }

    func recordable(_ index: Int, neuron i: Int, in s: State) -> Double {
        switch index {
        case 1: s.excitatory[i]
        case 2: s.inhibitory[i]
        case 3: s.adaptation[i]
        default: s.potential[i] + voltages.restingPotential
        }
    }

    func update(_ s: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        let drive = (voltages.constantCurrent + c.current) * p20
        let threshold = voltages.threshold, reset = voltages.resetPotential, refractorySteps = voltages.refractorySteps
        let p22 = self.p22, p21ex = self.p21ex, p21in = self.p21in, p11ex = self.p11ex, p11in = self.p11in
        let p11w = self.p11w, p21w = self.p21w, adaptationStep = self.adaptationStep
        let input = c.input
        let inputIn = input + c.count
        s.potential.withUnsafeMutableBufferPointer { v in
            s.refractory.withUnsafeMutableBufferPointer { r in
                s.excitatory.withUnsafeMutableBufferPointer { ex in
                    s.inhibitory.withUnsafeMutableBufferPointer { inh in
                        s.adaptation.withUnsafeMutableBufferPointer { w in
                            for i in range {
                                if r[i] == 0 {
                                    v[i] = flushed(v[i] * p22 + ex[i] * p21ex + inh[i] * p21in - w[i] * p21w + drive)
                                } else {
                                    r[i] -= 1
                                }
                                ex[i] = flushed(ex[i] * p11ex + input[i])
                                inh[i] = flushed(inh[i] * p11in + inputIn[i])
                                w[i] = flushed(w[i] * p11w)
                                input[i] = 0
                                inputIn[i] = 0
                                if v[i] >= threshold {
                                    r[i] = refractorySteps
                                    v[i] = reset
                                    w[i] += adaptationStep
                                    spikes.append(c.spikeKey(i))
                                }
                            }
                        }
                    }
                }
            }
        }
        return nil
    }
}

extension IAFPscExpAdapt.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("potential", &potential)
        v.column("refractory", &refractory)
        v.column("excitatory", &excitatory)
        v.column("inhibitory", &inhibitory)
        v.column("adaptation", &adaptation)
    }
}
