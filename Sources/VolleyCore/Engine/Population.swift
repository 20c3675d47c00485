// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The neurons of one block under one model: the model's constants and its per-neuron state.
struct Population<M: NeuronDynamics>: Sendable {
    let dynamics: M
    var state: M.State

    init(dynamics: M, count: Int) {
        self.dynamics = dynamics
        self.state = dynamics.makeState(count: count)
    }
}

/// An operation on a block's population, specialised per model by `NeuronGroup.visit`: the way
/// generic code reaches the model without an existential on the step path.
protocol PopulationVisitor {
    associatedtype Result
    mutating func visit<M: NeuronDynamics>(_ population: inout Population<M>) -> Result
}

/// Σ over a population's neurons of one recordable, each value scaled and rounded to an
/// integer first (exact in any order): one visit for the whole population.
struct SumRecordable: PopulationVisitor {
    let variable: Int
    let count: Int
    let scale: Double
    func visit<M: NeuronDynamics>(_ p: inout Population<M>) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<count { sum += Int64((p.dynamics.recordable(variable, neuron: i, in: p.state) * scale).rounded()) }
        return sum
    }
}

/// Sets one neuron's membrane potential.
struct SetMembranePotential: PopulationVisitor {
    let neuron: Int
    let value: Double
    func visit<M: NeuronDynamics>(_ p: inout Population<M>) {
        p.dynamics.setMembranePotential(value, neuron: neuron, in: &p.state)
    }
}

/// Reads one recordable of one neuron.
struct ReadRecordable: PopulationVisitor {
    let variable: Int
    let neuron: Int
    func visit<M: NeuronDynamics>(_ p: inout Population<M>) -> Double {
        p.dynamics.recordable(variable, neuron: neuron, in: p.state)
    }
}
