// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `iaf_psc_delta`: leaky integrate-and-fire with delta-shaped input, integrated exactly.
struct IAFPscDelta: NeuronDynamics {
    static let parameters = LIFParameters.membrane + [
        ParameterInfo("V_min", -.greatestFiniteMagnitude, "mV", "Lower bound of the membrane potential"),
    ]
    static let recordables = ["V_m"]
    static let weightUnit = "mV"
    static let inputChannels = 1
    static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with delta-shaped synaptic input: a spike of weight w (mV) makes V_m jump by w.",
        equations: [
            "τ_m dV/dt = −(V − E_L) + (τ_m / C_m) (I_e + I_dc(t))",
            "V ← V + Σ w_j δ(t − t_j)",
        ],
        integration: "Exact (NEST's propagators): per step `V ← P30 (I + I_e) + P33 V + Σw` with P33 = exp(−h/τ_m), "
            + "P30 = (1/C_m)(1 − P33) τ_m, bounded below by `V_min`. Spikes arriving while refractory are discarded, as NEST does by default.")

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try LIFParameters.validate(m, synapses: false)
    }

    /// Membrane potential relative to E_L, and remaining refractory steps.
    struct State: Sendable {
        var potential: [Double]
        var refractory: [Int32]
    }

    let voltages: LIFVoltages
    let lowerBound: Double   // V_min − E_L
    let p33: Double, p30: Double

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        let h = grid.resolution
        voltages = LIFVoltages(m, grid: grid)
        lowerBound = m["V_min"] - m["E_L"]
        let tauM = m["tau_m"], cM = m["C_m"]
        p33 = Double.exp(-h / tauM)
        p30 = 1 / cM * (1 - p33) * tauM
    }

    func makeState(count: Int) -> State {
        State(potential: [Double](repeating: voltages.initialPotential, count: count), refractory: [Int32](repeating: 0, count: count))
    }

    func setMembranePotential(_ v: Double, neuron i: Int, in s: inout State) { s.potential[i] = v - voltages.restingPotential }

    func recordable(_ index: Int, neuron i: Int, in s: State) -> Double { s.potential[i] + voltages.restingPotential }

    func update(_ s: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        let drive = p30 * (c.current + voltages.constantCurrent)
        let threshold = voltages.threshold, reset = voltages.resetPotential, refractorySteps = voltages.refractorySteps
        let lowerBound = self.lowerBound, p33 = self.p33
        let input = c.input
        s.potential.withUnsafeMutableBufferPointer { v in
            s.refractory.withUnsafeMutableBufferPointer { r in
                for i in range {
                    let spikesIn = input[i]
                    input[i] = 0
                    if r[i] == 0 {
                        var y = drive + p33 * v[i] + spikesIn
                        if y < lowerBound { y = lowerBound }
                        v[i] = flushed(y)
                    } else {
                        r[i] -= 1
                    }
                    if v[i] >= threshold {
                        r[i] = refractorySteps
                        v[i] = reset
                        spikes.append(c.spikeKey(i))
                    }
                }
            }
        }
        return nil
    }
}

extension IAFPscDelta.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("potential", &potential)
        v.column("refractory", &refractory)
    }
}
