// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `iaf_cond_exp` as a plug-in. NEST's scheme runs `IAFCondExpKernel` (Kernels/) per
/// neuron, bit for bit; the opt-in RK4 runs a loop over flat arrays that the compiler vectorises
/// across neurons (the COBA benchmark's cost is this update, so it gets a loop of its own).
struct IAFCondExp: NeuronDynamics {
    static let parameters = KernelNeurons<IAFCondExpKernel>.parameters
    static let recordables = IAFCondExpKernel.recordables
    static let weightUnit = "nS"
    static let inputChannels = 2
    static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with exponentially decaying synaptic conductances (Brette et al. 2007, "
            + "COBA): a spike of weight w (nS) adds w to g_ex (w > 0) or −w to g_in (w < 0).",
        equations: [
            "C_m dV/dt = −g_L (V − E_L) − g_ex (V − E_ex) − g_in (V − E_in) + I_e + I_dc",
            "τ_syn_ex dg_ex/dt = −g_ex,    τ_syn_in dg_in/dt = −g_in",
            "V ≥ V_th: spike, V ← V_reset, clamped for t_ref",
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) "
            + "(`gsl_odeiv_evolve_apply`, absolute error 1e-3, the step size carried across steps); the right-hand side holds V "
            + "at V_reset while refractory and at most V_th. `simulation.integrator: rk4` runs a fixed-step classic RK4 "
            + "instead, vectorised across neurons.")

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try KernelNeurons<IAFCondExpKernel>.validate(m)
    }

    /// NEST's scheme keeps each neuron's solver state in `neurons`; RK4 keeps flat arrays.
    struct State: Sendable {
        var neurons: [ODENeuronState] = []
        var potential: [Double] = []
        var excitatory: [Double] = []
        var inhibitory: [Double] = []
        /// Refractory steps left (as doubles, so the update loop stays one vector type).
        var refractory: [Double] = []
        /// 1 where the neuron fired in the last step, 2 where its state diverged, else 0.
        var fired: [Double] = []
        /// 1 while integrating, 0 while refractory (the vectorised loop multiplies dV/dt by it).
        var integrating: [Double] = []
    }

    let kernel: IAFCondExpKernel
    let rk4: FixedStep?

    /// The RK4 constants for one sub-step `dt`: the conductances' stage factors (their equations
    /// are linear, so RK4's stages are polynomials in dt/τ) and the membrane's constants.
    struct FixedStep: Sendable {
        let substeps: Int
        let dt: Double
        let ex: (s2: Double, s3: Double, s4: Double, end: Double)
        let inh: (s2: Double, s3: Double, s4: Double, end: Double)
        let gL, eL, eEx, eIn, iE, invC, vTh, vReset: Double
        let initial: (v: Double, gEx: Double, gIn: Double)
        let refractorySteps: Int32

        static func factors(_ x: Double) -> (Double, Double, Double, Double) {
            (1 - x / 2, 1 - x / 2 + x * x / 4, 1 - x + x * x / 2 - x * x * x / 4,
             1 - x + x * x / 2 - x * x * x / 6 + x * x * x * x / 24)
        }
    }

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        switch integrator {
        case .nest:
            kernel = IAFCondExpKernel(parameters: { m[$0] }, resolution: grid.resolution, integrator: .nest)
            rk4 = nil
        case .rk4(let k):
            kernel = IAFCondExpKernel(parameters: { m[$0] }, resolution: grid.resolution, integrator: .rk4(substeps: k))
            let dt = grid.resolution / Double(k)
            rk4 = FixedStep(
                substeps: k, dt: dt, ex: FixedStep.factors(dt / m["tau_syn_ex"]), inh: FixedStep.factors(dt / m["tau_syn_in"]),
                gL: m["g_L"], eL: m["E_L"], eEx: m["E_ex"], eIn: m["E_in"], iE: m["I_e"], invC: 1 / m["C_m"], vTh: m["V_th"],
                vReset: m["V_reset"], initial: (m["V_m"], m["g_ex"], m["g_in"]),
                refractorySteps: LIFParameters.refractorySteps(m, grid: grid))
        }
    }

    func makeState(count: Int) -> State {
        guard let f = rk4 else { return State(neurons: Array(repeating: kernel.initialState(), count: count)) }
        return State(
            potential: Array(repeating: f.initial.v, count: count), excitatory: Array(repeating: f.initial.gEx, count: count),
            inhibitory: Array(repeating: f.initial.gIn, count: count), refractory: Array(repeating: 0, count: count),
            fired: Array(repeating: 0, count: count),
            integrating: Array(repeating: 1, count: count))
    }

    func setMembranePotential(_ v: Double, neuron i: Int, in s: inout State) {
        if rk4 == nil {
            s.neurons[i].y[0] = v
            s.neurons[i].forgetDerivative()
        } else {
            s.potential[i] = v
        }
    }

    func recordable(_ index: Int, neuron i: Int, in s: State) -> Double {
        if rk4 == nil { return kernel.recordable(index, s.neurons[i]) }
        switch index {
        case 1: return s.excitatory[i]
        case 2: return s.inhibitory[i]
        default: return s.potential[i]
        }
    }

    func update(_ s: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        guard let f = rk4 else {
            return KernelNeurons<IAFCondExpKernel>.step(kernel, &s.neurons, c, range: range, spikes: &spikes)
        }
        let exIn = c.input, inhIn = c.input + c.count
        let drive = c.current + f.iE
        var failed: Int?
        s.potential.withUnsafeMutableBufferPointer { v in
            s.excitatory.withUnsafeMutableBufferPointer { ge in
                s.inhibitory.withUnsafeMutableBufferPointer { gi in
                    s.integrating.withUnsafeMutableBufferPointer { on in
                        // Branch-free loops over neurons, one per sub-step, which the compiler
                        // vectorises. dV/dt = (P − Q·V)/C_m is linear in V at each stage, with
                        // P = I + g_L E_L + g_ex E_ex + g_in E_in and Q = g_L + g_ex + g_in, and the
                        // conductances at each stage are g times a fixed factor (RK4's stages of a
                        // linear decay); written with fused multiply-adds (not NEST's arithmetic,
                        // which rk4 never claims).
                        let dt = f.dt, half = 0.5 * f.dt, sixth = f.dt / 6
                        let gL = f.gL, eEx = f.eEx, eIn = f.eIn, invC = f.invC, vTh = f.vTh
                        let k0 = drive + f.gL * f.eL
                        let ex = f.ex, inh = f.inh
                        for _ in 0..<f.substeps {
                            for i in range {
                                let vi = v[i], gei = ge[i], gii = gi[i], ic = invC * on[i]
                                let geE = gei * eEx, giE = gii * eIn
                                @inline(__always) func slope(_ v: Double, _ c: Double, _ d: Double) -> Double {
                                    let p = k0.addingProduct(geE, c).addingProduct(giE, d)
                                    let q = gL.addingProduct(gei, c).addingProduct(gii, d)
                                    let vc = v < vTh ? v : vTh
                                    return p.addingProduct(-q, vc) * ic
                                }
                                let k1 = slope(vi, 1, 1)
                                let k2 = slope(vi.addingProduct(half, k1), ex.s2, inh.s2)
                                let k3 = slope(vi.addingProduct(half, k2), ex.s3, inh.s3)
                                let k4 = slope(vi.addingProduct(dt, k3), ex.s4, inh.s4)
                                v[i] = vi.addingProduct(sixth, (k1 + k4).addingProduct(2, k2 + k3))
                                ge[i] = gei * ex.end
                                gi[i] = gii * inh.end
                            }
                        }
                        // The step's input, then refractoriness and threshold in NEST's order, also
                        // branch-free: a neuron fires if it was not refractory and reached V_th.
                        let vReset = f.vReset, refractorySteps = Double(f.refractorySteps)
                        s.refractory.withUnsafeMutableBufferPointer { r in
                            s.fired.withUnsafeMutableBufferPointer { fired in
                                // An integer count, not a floating-point sum (an ordered
                                // reduction the compiler may not reorder).
                                var events = 0
                                for i in range {
                                    ge[i] += exIn[i]
                                    gi[i] -= inhIn[i]
                                    exIn[i] = 0
                                    inhIn[i] = 0
                                    let vi = v[i], ri = r[i]
                                    let refractory = ri > 0
                                    let fire = !refractory && vi >= vTh
                                    let diverged = !(Swift.abs(vi) <= Double.greatestFiniteMagnitude)
                                    v[i] = refractory || fire ? vReset : vi
                                    let next = refractory ? ri - 1 : (fire ? refractorySteps : 0)
                                    r[i] = next
                                    on[i] = next == 0 ? 1 : 0
                                    let event: Double = fire ? 1 : (diverged ? 2 : 0)
                                    fired[i] = event
                                    events &+= event != 0 ? 1 : 0
                                }
                                if events > 0 {
                                    for i in range where fired[i] != 0 {
                                        if fired[i] == 1 { spikes.append(c.spikeKey(i)) } else if failed == nil { failed = i }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return failed
    }
}

extension IAFCondExpKernel: DocumentedKernel {
    static var weightUnit: String { IAFCondExp.weightUnit }
    static var documentation: ModelDocumentation { IAFCondExp.documentation }
}

extension IAFCondExp.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("neurons", &neurons)
        v.column("potential", &potential)
        v.column("excitatory", &excitatory)
        v.column("inhibitory", &inhibitory)
        v.column("refractory", &refractory)
        v.column("fired", &fired)
        v.column("integrating", &integrating)
    }
}
