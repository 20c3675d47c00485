// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Neurons that fire at given times and nothing else: one NEST `spike_generator` (with
/// `precise_times`) per neuron, made a population so that its spikes travel like any neuron's
/// and connect by any rule or list (PyNN's `SpikeSourceArray`, SONATA's virtual nodes). Not a
/// NEST model under this name, hence the prefix.
///
/// The times live in the population's `spikeTimes`; the population block emits them
/// (`PopulationBlock.scheduled`). The model itself only drops what arrives.
struct VolleySpikeSource: NeuronDynamics {
    static let parameters: [ParameterInfo] = []
    static let recordables: [String] = []
    static let weightUnit = "spikes"
    static let inputChannels = 1
    static let documentation = ModelDocumentation(
        summary: "Fires at the times of its population's `spike_times`, one list per neuron: NEST's `spike_generator` with "
            + "`precise_times: true` per neuron, as a population. A time t fires in the step that ends at NEST's stamp of t, "
            + "the smallest grid time ≥ t (computed in µs tics as NEST does), so the spike reaches a target at that stamp plus "
            + "the delay, as a spike of a network neuron recorded at the stamp does. Two times in one step are two spikes, both "
            + "delivered. Times must be positive; times at or after the end of the run never fire. Inputs are ignored; no "
            + "recordables.",
        equations: ["spike of neuron i in the step ending at stamp(t)  for each t in spike_times[i]"],
        integration: "None.")

    static func validate(_ model: NeuronModel) throws(ModelParameterError) {}

    struct State: Sendable {}

    init(_ model: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {}

    func makeState(count: Int) -> State { State() }

    func setMembranePotential(_ v: Double, neuron i: Int, in state: inout State) {}

    func recordable(_ index: Int, neuron i: Int, in state: State) -> Double { 0 }

    func update(_ state: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        for i in range { c.input[i] = 0 }
        return nil
    }
}

extension VolleySpikeSource.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {}
}
