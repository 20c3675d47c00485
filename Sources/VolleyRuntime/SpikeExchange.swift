// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The one seam between the epoch loop and the world (DESIGN §7): it takes what this process's
/// shards produced in an epoch and returns every spike of the network for that epoch.
///
/// Spikes are keys `emission step << 32 | global neuron id`; the returned list is in canonical
/// order (ascending keys), which is what makes delivery independent of arrival order.
public protocol SpikeExchange {
    /// Publishes `outputs` (this process's shards, epoch `epoch`) and returns all spikes of
    /// `epoch`. Before it returns, the next epoch must be allowed to start.
    mutating func exchange(epoch: Int64, outputs: [ShardOutput]) throws -> [UInt64]
}

/// What one shard produced in one epoch.
public struct ShardOutput: Sendable {
    public let shard: Int
    /// Spike keys, ascending.
    public let spikes: [UInt64]
    /// Voltmeter samples, by stamp, then population, then neuron.
    public let samples: [ProbeSample]

    public init(shard: Int, spikes: [UInt64], samples: [ProbeSample]) {
        self.shard = shard
        self.spikes = spikes
        self.samples = samples
    }
}

/// The exchange of an in-process run: every shard is here, so all spikes are the local ones.
public struct InMemoryExchange: SpikeExchange {
    public init() {}

    public mutating func exchange(epoch: Int64, outputs: [ShardOutput]) throws -> [UInt64] {
        SpikeMerge.canonical(outputs.map(\.spikes))
    }
}

/// Merging shards' spike lists into canonical order.
public enum SpikeMerge {
    /// The union of ascending lists, ascending.
    public static func canonical(_ lists: [[UInt64]]) -> [UInt64] {
        if lists.count == 1 { return lists[0] }
        var all: [UInt64] = []
        all.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for l in lists { all.append(contentsOf: l) }
        all.sort()
        return all
    }

    /// Voltmeter samples of several shards in (stamp, population, neuron) order.
    public static func samples(_ lists: [[ProbeSample]]) -> [ProbeSample] {
        if lists.count == 1 { return lists[0] }
        return lists.flatMap { $0 }.sorted { ($0.stamp, $0.population, $0.neuron) < ($1.stamp, $1.population, $1.neuron) }
    }
}
