// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One multimeter reading, identified by population and neuron.
public struct ProbeSample: Sendable, Equatable {
    public let population: Int
    public let neuron: Int
    /// The step stamp (end of the step), as NEST's voltmeter stamps it.
    public let stamp: Int64
    /// The value, in the recordable's NEST unit (mV for V_m).
    public let value: Double
    /// The recordable: an index into the run's `RecordingSpec.variables`.
    public let variable: Int

    public init(population: Int, neuron: Int, stamp: Int64, value: Double, variable: Int) {
        self.population = population
        self.neuron = neuron
        self.stamp = stamp
        self.value = value
        self.variable = variable
    }

    /// The order of a run's samples: (stamp, population, neuron, variable).
    public static func canonicalOrder(_ a: ProbeSample, _ b: ProbeSample) -> Bool {
        (a.stamp, a.population, a.neuron, a.variable) < (b.stamp, b.population, b.neuron, b.variable)
    }
}
