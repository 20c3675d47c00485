// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The recorded weights of one source population → target population pair, as the weights
/// figure reads them: the transmissions of each time stamp merged into one entry (their count,
/// sum, lowest and highest weight), in time order. A spike through a thousand plastic synapses
/// of one pair is one entry, not a thousand, and any window or bin width can still be binned
/// exactly from it.
public struct ProjectionWeights: Sendable, Equatable {
    /// Indices into the summary's populations.
    public let source: Int
    public let target: Int
    /// The distinct transmission times in ms, ascending.
    public private(set) var time: [Double] = []
    /// Per time: how many transmissions, their summed weight, and the lowest and highest weight.
    public private(set) var count: [Int32] = []
    public private(set) var sum: [Double] = []
    public private(set) var low: [Double] = []
    public private(set) var high: [Double] = []

    public init(source: Int, target: Int) {
        self.source = source
        self.target = target
    }

    /// All transmissions through the pair.
    public var transmissions: Int { count.reduce(0) { $0 + Int($1) } }

    /// Adds one transmission at `t` ms (not before the last one added) carrying `weight`.
    public mutating func append(time t: Double, weight: Double) {
        let last = time.count - 1
        if last >= 0 && time[last] == t {
            count[last] += 1
            sum[last] += weight
            if weight < low[last] { low[last] = weight }
            if weight > high[last] { high[last] = weight }
            return
        }
        precondition(last < 0 || t > time[last], "transmissions must be added in time order")
        time.append(t)
        count.append(1)
        sum.append(weight)
        low.append(weight)
        high.append(weight)
    }
}
