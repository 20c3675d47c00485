// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `iaf_psc_alpha`: leaky integrate-and-fire with alpha-shaped synaptic currents, integrated exactly.
struct IAFPscAlpha: NeuronDynamics {
    static let parameters = LIFParameters.membrane + [
        ParameterInfo("tau_syn_ex", 2.0, "ms", "Rise time of excitatory synaptic currents"),
        ParameterInfo("tau_syn_in", 2.0, "ms", "Rise time of inhibitory synaptic currents"),
        ParameterInfo("V_min", -.infinity, "mV", "Lower bound of the membrane potential"),
    ]
    static let recordables = ["V_m", "I_syn_ex", "I_syn_in"]
    static let weightUnit = "pA"
    static let inputChannels = 2
    static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with alpha-shaped synaptic currents: a spike of weight w (pA) produces "
            + "the current w·(e/τ_syn)·t·exp(−t/τ_syn), peaking at w after τ_syn.",
        equations: [
            "τ_m dV/dt = −(V − E_L) + (τ_m / C_m)(I_syn_ex + I_syn_in + I_e + I_dc)",
            "dI/dt = dI − I/τ_syn,    d(dI)/dt = −dI/τ_syn,    a spike adds (e/τ_syn)·w to dI",
        ],
        integration: "Exact (NEST's propagators): per step `V ← P30 (I + I_e) + P31ex dI_ex + P32ex I_ex + P31in dI_in + "
            + "P32in I_in + expm1(−h/τ_m) V + V` (NEST's `IAFPropagatorAlpha`, with its singular form when τ_syn ≈ τ_m), "
            + "bounded below by `V_min`.")

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try LIFParameters.validate(m, synapses: true)
    }

    /// Membrane potential relative to E_L, refractory steps left, and each channel's current and its derivative.
    struct State: Sendable {
        var potential: [Double]
        var refractory: [Int32]
        var excitatorySlope: [Double]
        var excitatory: [Double]
        var inhibitorySlope: [Double]
        var inhibitory: [Double]
    }

    let voltages: LIFVoltages
    let lowerBound: Double
    let p11ex: Double, p11in: Double, expm1TauM: Double, p30: Double, p21ex: Double, p21in: Double
    let p31ex: Double, p32ex: Double, p31in: Double, p32in: Double
    let epscInitial: Double, ipscInitial: Double

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        let h = grid.resolution
        voltages = LIFVoltages(m, grid: grid)
        lowerBound = m["V_min"] - m["E_L"]
        let tauM = m["tau_m"], cM = m["C_m"], tauEx = m["tau_syn_ex"], tauIn = m["tau_syn_in"]
        p11ex = Double.exp(-h / tauEx)
        p11in = Double.exp(-h / tauIn)
        expm1TauM = Double.expMinusOne(-h / tauM)
        p30 = -tauM / cM * Double.expMinusOne(-h / tauM)
        p21ex = h * p11ex
        p21in = h * p11in
        (p31ex, p32ex) = IAFPropagator(tauSyn: tauEx, tauM: tauM, cM: cM).alpha(h)
        (p31in, p32in) = IAFPropagator(tauSyn: tauIn, tauM: tauM, cM: cM).alpha(h)
        epscInitial = 1.0 * eulerNumber / tauEx
        ipscInitial = 1.0 * eulerNumber / tauIn
    }

    func makeState(count: Int) -> State {
        let zeros = [Double](repeating: 0, count: count)
        return State(potential: [Double](repeating: voltages.initialPotential, count: count),
                     refractory: [Int32](repeating: 0, count: count),
                     excitatorySlope: zeros, excitatory: zeros, inhibitorySlope: zeros, inhibitory: zeros)
    }

    func setMembranePotential(_ v: Double, neuron i: Int, in s: inout State) { s.potential[i] = v - voltages.restingPotential }

    func recordable(_ index: Int, neuron i: Int, in s: State) -> Double {
        switch index {
        case 1: s.excitatory[i]
        case 2: s.inhibitory[i]
        default: s.potential[i] + voltages.restingPotential
        }
    }

    func update(_ s: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        let drive = p30 * (c.current + voltages.constantCurrent)
        let threshold = voltages.threshold, reset = voltages.resetPotential, refractorySteps = voltages.refractorySteps
        let lowerBound = self.lowerBound, expm1TauM = self.expm1TauM
        let p31ex = self.p31ex, p32ex = self.p32ex, p31in = self.p31in, p32in = self.p32in
        let p21ex = self.p21ex, p21in = self.p21in, p11ex = self.p11ex, p11in = self.p11in
        let epscInitial = self.epscInitial, ipscInitial = self.ipscInitial
        let input = c.input
        let inputIn = input + c.count
        s.potential.withUnsafeMutableBufferPointer { v in
            s.refractory.withUnsafeMutableBufferPointer { r in
                s.excitatorySlope.withUnsafeMutableBufferPointer { dex in
                    s.excitatory.withUnsafeMutableBufferPointer { iex in
                        s.inhibitorySlope.withUnsafeMutableBufferPointer { din in
                            s.inhibitory.withUnsafeMutableBufferPointer { iin in
                                for i in range {
                                    if r[i] == 0 {
                                        var y = drive + p31ex * dex[i] + p32ex * iex[i] + p31in * din[i]
                                            + p32in * iin[i] + expm1TauM * v[i] + v[i]
                                        if y < lowerBound { y = lowerBound }
                                        v[i] = flushed(y)
                                    } else {
                                        r[i] -= 1
                                    }
                                    iex[i] = flushed(p21ex * dex[i] + p11ex * iex[i])
                                    dex[i] = flushed(dex[i] * p11ex + epscInitial * input[i])
                                    iin[i] = flushed(p21in * din[i] + p11in * iin[i])
                                    din[i] = flushed(din[i] * p11in + ipscInitial * inputIn[i])
                                    input[i] = 0
                                    inputIn[i] = 0
                                    if v[i] >= threshold {
                                        r[i] = refractorySteps
                                        v[i] = reset
                                        spikes.append(c.spikeKey(i))
                                    }
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

extension IAFPscAlpha.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("potential", &potential)
        v.column("refractory", &refractory)
        v.column("excitatory_slope", &excitatorySlope)
        v.column("excitatory", &excitatory)
        v.column("inhibitory_slope", &inhibitorySlope)
        v.column("inhibitory", &inhibitory)
    }
}
