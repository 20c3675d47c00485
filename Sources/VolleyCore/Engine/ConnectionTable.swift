// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Why a row of a connection list cannot be a NEST connection.
public struct ConnectionListError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 0-based row (as numpy and SONATA count them).
    public let row: Int
    public let reason: String
    public var description: String { "row \(row): \(reason)" }
}

/// A connection list checked against its projection and indexed by target, built once per
/// process and shared by every shard and thread that builds from it.
///
/// A shard visits its targets in ascending order and each target's rows in list order, so the
/// synapses onto a neuron are placed in the same order whatever the layout: that is what keeps
/// the sums into each neuron, and so the spikes, bit-identical at any number of shards.
public final class ConnectionTable: Sendable {
    public let source: [UInt32]
    public let target: [UInt32]
    /// Weights per row, when the list has them.
    public let weight: [Double]?
    /// Delays per row in steps (NEST's rounding), when the list has them.
    public let delaySteps: [Int32]?
    /// The smallest and largest row delay in steps (0 without a delay column or rows).
    public let minDelaySteps: Int64
    public let maxDelaySteps: Int64
    /// Row numbers sorted by target, stable, so rows onto one target keep their list order.
    let byTarget: [UInt32]
    /// Rows onto target t are `byTarget[targetStart[t]..<targetStart[t + 1]]`.
    let targetStart: [Int]

    /// Checks every row: indices inside `sources` and `targets`, finite weights, delays that are
    /// finite and round to at least one step of `grid` (NEST's `BadDelay` otherwise).
    public init(_ list: ConnectionList, sources: Int, targets: Int, grid: TimeGrid) throws(ConnectionListError) {
        let n = list.source.count
        guard list.target.count == n else {
            throw ConnectionListError(row: min(n, list.target.count), reason: "the source and target columns differ in length (\(n) and \(list.target.count))")
        }
        if let w = list.weight, w.count != n {
            throw ConnectionListError(row: min(n, w.count), reason: "the weight column has \(w.count) rows, the list \(n)")
        }
        if let d = list.delay, d.count != n {
            throw ConnectionListError(row: min(n, d.count), reason: "the delay column has \(d.count) rows, the list \(n)")
        }
        var counts = [Int](repeating: 0, count: targets + 1)
        for r in 0..<n {
            let s = Int(list.source[r]), t = Int(list.target[r])
            guard s < sources else {
                throw ConnectionListError(row: r, reason: "source \(s) is out of range (the sources have \(sources) neurons, 0–\(sources - 1))")
            }
            guard t < targets else {
                throw ConnectionListError(row: r, reason: "target \(t) is out of range (the targets have \(targets) neurons, 0–\(targets - 1))")
            }
            counts[t + 1] += 1
        }
        if let w = list.weight, let r = w.firstIndex(where: { !$0.isFinite }) {
            throw ConnectionListError(row: r, reason: "weight is \(w[r])")
        }
        var minSteps = Int64.max, maxSteps: Int64 = 0
        var steps: [Int32]?
        if let d = list.delay {
            var out = [Int32](repeating: 0, count: n)
            for r in 0..<n {
                let ms = d[r]
                guard ms.isFinite else { throw ConnectionListError(row: r, reason: "delay is \(ms)") }
                guard ms >= 0 else { throw ConnectionListError(row: r, reason: "delay \(ms) ms is negative") }
                guard ms < grid.resolution * Double(Int32.max) else { throw ConnectionListError(row: r, reason: "delay \(ms) ms is too long") }
                let s = grid.delaySteps(ms)
                guard s >= 1 else {
                    throw ConnectionListError(
                        row: r, reason: "delay \(ms) ms rounds to 0 steps at resolution \(grid.resolution) ms (NEST: BadDelay)")
                }
                out[r] = Int32(s)
                minSteps = min(minSteps, s)
                maxSteps = max(maxSteps, s)
            }
            steps = out
        }
        for t in 0..<targets { counts[t + 1] += counts[t] }
        var next = counts
        var order = [UInt32](repeating: 0, count: n)
        for r in 0..<n {
            let t = Int(list.target[r])
            order[next[t]] = UInt32(r)
            next[t] += 1
        }
        source = list.source
        target = list.target
        weight = list.weight
        delaySteps = steps
        minDelaySteps = steps == nil || n == 0 ? 0 : minSteps
        maxDelaySteps = maxSteps
        byTarget = order
        targetStart = counts
    }

    /// The number of rows.
    public var count: Int { source.count }
}
