// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// A run's spikes as three columns, in file order: population (an index into the summary's
/// populations), neuron within it, and time in ms. Columns rather than an array of structs keep
/// millions of rows compact and a pass over the times tight.
public struct SpikeTable: Sendable, Equatable {
    public private(set) var population: [Int32] = []
    public private(set) var neuron: [Int32] = []
    public private(set) var time: [Double] = []

    public init() {}

    /// A table of (population, neuron, t_ms) rows, for tests and small inputs.
    public init(_ rows: [(population: Int, neuron: Int, time: Double)]) {
        for r in rows { append(population: Int32(r.population), neuron: Int32(r.neuron), time: r.time) }
    }

    public var count: Int { time.count }

    public mutating func append(population p: Int32, neuron n: Int32, time t: Double) {
        population.append(p)
        neuron.append(n)
        time.append(t)
    }

    public mutating func reserveCapacity(_ n: Int) {
        population.reserveCapacity(n)
        neuron.reserveCapacity(n)
        time.reserveCapacity(n)
    }
}
