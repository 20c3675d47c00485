// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

/// Turns a tap's multimeter samples into the page's traces. The first `limit` (population,
/// neuron, recordable) to arrive get a trace each, labelled as NEST names them ("E[3] g_ex");
/// each keeps at most one point per `strideSteps`, about as many as a window has pixels across,
/// so that a multimeter sampling every step does not flood the page.
public struct TraceCollector: Sendable {
    /// More lines than this are no longer readable on one plot.
    public static let defaultLimit = 16
    /// Points per trace and window worth sending: a little more than a wide screen's pixels.
    public static let pointsPerWindow: Int64 = 2000

    public let limit: Int
    public let strideSteps: Int64
    private let populations: [String]
    private let variables: [String]
    /// The traces so far; a trace's `id` is its index here.
    public private(set) var traces: [DashboardMessage.Trace] = []
    /// Per trace: what it shows, and the first stamp it takes next. Few enough for a linear
    /// search per sample.
    private var keys: [Key] = []
    private var nextStamp: [Int64] = []

    private struct Key: Equatable, Sendable {
        let population: Int, neuron: Int, variable: Int
    }

    /// - Parameters:
    ///   - catalog: names the populations and recordables that samples index.
    ///   - windowSteps: the model time a page shows, in steps.
    public init(catalog: RunCatalog, windowSteps: Int64, limit: Int = TraceCollector.defaultLimit) {
        populations = catalog.populations.map(\.name)
        variables = catalog.variables
        self.limit = max(0, limit)
        strideSteps = max(1, windowSteps / Self.pointsPerWindow)
    }

    /// Adds the points of `samples` (in stamp order, as an epoch holds them) to `batch`, and the
    /// traces that appear with them.
    public mutating func add(_ samples: [ProbeSample], to batch: inout DashboardBatch) {
        for s in samples {
            let key = Key(population: s.population, neuron: s.neuron, variable: s.variable)
            guard let t = keys.firstIndex(of: key) ?? newTrace(key, into: &batch) else { continue }
            // JSON has no NaN or infinity; such a point is a gap in the line.
            guard s.stamp >= nextStamp[t], s.value.isFinite else { continue }
            nextStamp[t] = s.stamp + strideSteps
            batch.samples.append(s.stamp)
            batch.samples.append(Int64(t))
            batch.values.append(s.value)
        }
    }

    /// A trace for `key`, unless the plot is full or the catalogue cannot name it (a malformed
    /// frame).
    private mutating func newTrace(_ key: Key, into batch: inout DashboardBatch) -> Int? {
        guard keys.count < limit, key.population < populations.count, key.variable < variables.count else {
            return nil
        }
        let population = populations[key.population], variable = variables[key.variable]
        let trace = DashboardMessage.Trace(
            id: keys.count, label: "\(population)[\(key.neuron)] \(variable)", population: population,
            neuron: key.neuron, variable: variable)
        keys.append(key)
        nextStamp.append(0)
        traces.append(trace)
        batch.traces.append(trace)
        return trace.id
    }
}
