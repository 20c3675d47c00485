// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Where every neuron lives: global ids (populations in order, neurons in order) and the split
/// of each population into `shardCount` contiguous, near-equal blocks, one per shard.
///
/// Because shard `r` owns block `r` of every population, shard-local order is global-id order,
/// and any shard count gives the same global ids.
public struct NetworkLayout: Sendable, Equatable {
    /// Population sizes in spec order.
    public let sizes: [Int]
    /// The global id of each population's first neuron; one extra entry holds the total.
    public let offsets: [Int]
    /// The number of shards.
    public let shardCount: Int

    public init(sizes: [Int], shardCount: Int) {
        precondition(shardCount >= 1)
        self.sizes = sizes
        var o = [0]
        for n in sizes { o.append(o.last! + n) }
        self.offsets = o
        self.shardCount = shardCount
    }

    /// All neurons.
    public var neuronCount: Int { offsets.last! }

    /// The indices (within population `p`) that shard `r` owns.
    public func localRange(population p: Int, shard r: Int) -> Range<Int> {
        let n = sizes[p]
        return (n * r / shardCount)..<(n * (r + 1) / shardCount)
    }

    /// The shard that owns neuron `index` of population `p`.
    public func shard(population p: Int, index: Int) -> Int {
        ((index + 1) * shardCount - 1) / sizes[p]
    }

    /// The population of a global id.
    public func population(ofGlobal gid: Int) -> Int {
        var lo = 0, hi = sizes.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if offsets[mid] <= gid { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The number of neurons shard `r` owns.
    public func localCount(shard r: Int) -> Int {
        sizes.indices.reduce(0) { $0 + localRange(population: $1, shard: r).count }
    }
}

/// NEST's node collection `A + B + …`: populations read as one index space 0..<count.
struct NodeCollection: Sendable {
    let populations: [Int]
    /// Start of each member within the collection; one extra entry holds the count.
    let starts: [Int]
    /// Global id of each member's first neuron.
    let firstGlobal: [Int]

    init(_ populations: [Int], layout: NetworkLayout) {
        self.populations = populations
        var s = [0]
        for p in populations { s.append(s.last! + layout.sizes[p]) }
        starts = s
        firstGlobal = populations.map { layout.offsets[$0] }
    }

    var count: Int { starts.last! }

    /// The member holding collection index `i`.
    @inline(__always)
    func member(of i: Int) -> Int {
        var m = 0
        while i >= starts[m + 1] { m += 1 }
        return m
    }

    /// The global id of collection index `i`.
    @inline(__always)
    func globalId(_ i: Int) -> Int {
        if populations.count == 1 { return firstGlobal[0] + i }
        let m = member(of: i)
        return firstGlobal[m] + i - starts[m]
    }

    /// The collection index of a global id, if the id belongs to the collection.
    func index(ofGlobal gid: Int, layout: NetworkLayout) -> Int? {
        for (m, p) in populations.enumerated() {
            let first = firstGlobal[m]
            if gid >= first && gid < first + layout.sizes[p] { return starts[m] + gid - first }
        }
        return nil
    }

    /// The collection-index intervals that shard `r` owns, in increasing order.
    func localIntervals(shard r: Int, layout: NetworkLayout) -> [Range<Int>] {
        populations.enumerated().compactMap { m, p in
            let lr = layout.localRange(population: p, shard: r)
            return lr.isEmpty ? nil : (starts[m] + lr.lowerBound)..<(starts[m] + lr.upperBound)
        }
    }
}
