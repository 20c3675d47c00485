// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `parrot_neuron`: repeats every spike it receives, in the step it arrives. The usual
/// presynaptic neuron for spike trains into plastic synapses (a device cannot be one).
struct ParrotNeuron: NeuronDynamics {
    static let parameters: [ParameterInfo] = []
    static let recordables: [String] = []
    static let weightUnit = "spikes"
    static let inputChannels = 1
    static let documentation = ModelDocumentation(
        summary: "Relays spikes: fires in the step a spike arrives, once per step whatever the number of spikes that arrived "
            + "in it (NEST repeats the spike with that multiplicity; Volley has no multiplicity). Input weights count spikes "
            + "(NEST truncates weight × multiplicity to a whole number, so a weight below 1 relays nothing). No membrane, no "
            + "recordables.",
        equations: ["spike in step n  ⇔  ⌊Σ weights arriving in step n⌋ ≥ 1"],
        integration: "None: the input of the step is read and cleared.")

    static func validate(_ model: NeuronModel) throws(ModelParameterError) {}

    struct State: Sendable {}

    init(_ model: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {}

    func makeState(count: Int) -> State { State() }

    func setMembranePotential(_ v: Double, neuron i: Int, in state: inout State) {}

    func recordable(_ index: Int, neuron i: Int, in state: State) -> Double { 0 }

    func update(_ state: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        let input = c.input
        for i in range {
            if input[i] >= 1 { spikes.append(c.spikeKey(i)) }
            input[i] = 0
        }
        return nil
    }
}

extension ParrotNeuron.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {}
}
