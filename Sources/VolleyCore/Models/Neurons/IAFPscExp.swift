// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `iaf_psc_exp`: leaky integrate-and-fire with exponential synaptic currents, integrated exactly.
struct IAFPscExp: NeuronDynamics {
    static let parameters = LIFParameters.membrane + LIFParameters.synapticTimes
    static let recordables = ["V_m", "I_syn_ex", "I_syn_in"]
    static let weightUnit = "pA"
    static let inputChannels = 2
    static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with exponentially decaying synaptic currents: a spike of weight w (pA) "
            + "adds w to I_syn_ex (w > 0) or I_syn_in. NEST's stochastic threshold (`delta`, `rho`) is not provided.",
        equations: [
            "τ_m dV/dt = −(V − E_L) + (τ_m / C_m)(I_syn_ex + I_syn_in + I_e + I_dc)",
            "τ_syn_ex dI_syn_ex/dt = −I_syn_ex,    τ_syn_in dI_syn_in/dt = −I_syn_in",
        ],
        integration: "Exact (NEST's propagators): per step `V ← P22 V + P21ex I_ex + P21in I_in + P20 (I_e + I)`, then the "
            + "currents decay by exp(−h/τ_syn) and take the arriving weights. P21 is NEST's `IAFPropagatorExp`, which switches "
            + "to its singular form when τ_syn ≈ τ_m.")

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try LIFParameters.validate(m, synapses: true)
    }

    /// Membrane potential relative to E_L, refractory steps left, and the synaptic currents (pA).
    struct State: Sendable {
        var potential: [Double]
        var refractory: [Int32]
        var excitatory: [Double]
        var inhibitory: [Double]
    }

    let voltages: LIFVoltages
    let p22: Double, p11ex: Double, p11in: Double, p21ex: Double, p21in: Double, p20: Double

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        let h = grid.resolution
        voltages = LIFVoltages(m, grid: grid)
        let tauM = m["tau_m"], cM = m["C_m"], tauEx = m["tau_syn_ex"], tauIn = m["tau_syn_in"]
        p11ex = Double.exp(-h / tauEx)
        p11in = Double.exp(-h / tauIn)
        p22 = Double.exp(-h / tauM)
        p21ex = IAFPropagator(tauSyn: tauEx, tauM: tauM, cM: cM).exponential(h)
        p21in = IAFPropagator(tauSyn: tauIn, tauM: tauM, cM: cM).exponential(h)
        p20 = tauM / cM * (1.0 - p22)
    }

    func makeState(count: Int) -> State {
        let zeros = [Double](repeating: 0, count: count)
        return State(potential: [Double](repeating: voltages.initialPotential, count: count),
                     refractory: [Int32](repeating: 0, count: count), excitatory: zeros, inhibitory: zeros)
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
        let drive = (voltages.constantCurrent + c.current) * p20
        let threshold = voltages.threshold, reset = voltages.resetPotential, refractorySteps = voltages.refractorySteps
        let p22 = self.p22, p21ex = self.p21ex, p21in = self.p21in, p11ex = self.p11ex, p11in = self.p11in
        let input = c.input
        let inputIn = input + c.count
        s.potential.withUnsafeMutableBufferPointer { v in
            s.refractory.withUnsafeMutableBufferPointer { r in
                s.excitatory.withUnsafeMutableBufferPointer { ex in
                    s.inhibitory.withUnsafeMutableBufferPointer { inh in
                        for i in range {
                            if r[i] == 0 {
                                v[i] = flushed(v[i] * p22 + ex[i] * p21ex + inh[i] * p21in + drive)
                            } else {
                                r[i] -= 1
                            }
                            ex[i] = flushed(ex[i] * p11ex + input[i])
                            inh[i] = flushed(inh[i] * p11in + inputIn[i])
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
        return nil
    }
}

extension IAFPscExp.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("potential", &potential)
        v.column("refractory", &refractory)
        v.column("excitatory", &excitatory)
        v.column("inhibitory", &inhibitory)
    }
}
