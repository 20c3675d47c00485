// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// The one seam between the epoch loop and the world (DESIGN §7): it takes what this process's
/// shards produced in an epoch and returns every spike of the network for that epoch.
///
/// Spikes are keys `emission step << 32 | global neuron id`; the returned list is in canonical
/// order (ascending keys), which is what makes delivery independent of arrival order.
public protocol SpikeExchange {
    /// The rhythms' states during epoch `epoch` (steps `start ..< start + steps`), asked for
    /// just before it runs: the coordinator owns the rhythms (DESIGN §3).
    mutating func rhythms(epoch: Int64, start: Int64, steps: Int64) throws -> [RhythmState]

    /// Publishes `outputs` (this process's shards, epoch `epoch`) and returns every spike and
    /// activation of `epoch`. Before it returns, the next epoch must be allowed to start.
    mutating func exchange(epoch: Int64, outputs: [ShardOutput]) throws -> EpochEvents
}

/// Everything the network emitted in one epoch, in canonical order.
public struct EpochEvents: Sendable {
    /// Spike keys, ascending.
    public var spikes: [UInt64]
    /// Activations by step, then head.
    public var activations: [Activation]

    public init(spikes: [UInt64] = [], activations: [Activation] = []) {
        self.spikes = spikes
        self.activations = activations
    }
}

/// What one shard produced in one epoch.
public struct ShardOutput: Sendable {
    public let shard: Int
    /// Spike keys, ascending.
    public let spikes: [UInt64]
    /// Voltmeter samples, by stamp, then population, then neuron.
    public let samples: [ProbeSample]
    /// Activations, by step, then head.
    public let activations: [Activation]
    /// Transmissions through recorded plastic synapses, in delivery order.
    public let weights: [WeightRecord]
    /// The shard's energy counts for the epoch, when the simulation reports them.
    public let energy: ShardEnergy?

    public init(
        shard: Int, spikes: [UInt64], samples: [ProbeSample], activations: [Activation] = [], weights: [WeightRecord] = [],
        energy: ShardEnergy? = nil
    ) {
        self.shard = shard
        self.spikes = spikes
        self.samples = samples
        self.activations = activations
        self.weights = weights
        self.energy = energy
    }
}

/// The exchange of an in-process run: every shard is here, so all events are the local ones,
/// and the rhythms are computed here from them.
public struct InMemoryExchange: SpikeExchange {
    private var clock: RhythmClock
    private var counter: PopulationCounter

    /// An exchange whose first epoch is `firstEpoch` (a resumed run's).
    public init(network: CompiledNetwork, firstEpoch: Int64 = 0) {
        clock = RhythmClock(rhythms: network.spec.rhythms, resolution: network.spec.resolution)
        clock.skip(to: firstEpoch)
        counter = PopulationCounter(network: network)
    }

    public mutating func rhythms(epoch: Int64, start: Int64, steps: Int64) throws -> [RhythmState] {
        let c = counter
        return clock.states(epoch: epoch, start: start, steps: steps) { c.count($0, epoch: $1) }
    }

    public mutating func exchange(epoch: Int64, outputs: [ShardOutput]) throws -> EpochEvents {
        let events = EpochEvents(
            spikes: SpikeMerge.canonical(outputs.map(\.spikes)), activations: SpikeMerge.activations(outputs.map(\.activations)))
        counter.record(epoch: epoch, spikes: events.spikes)
        return events
    }
}

/// Per-epoch spike counts of the populations that entrain a rhythm, kept as long as a lag needs.
public struct PopulationCounter: Sendable {
    private let ranges: [Int: Range<Int>]
    private var counts: [Int64: [Int: Int]] = [:]
    private let keep: Int64

    public init(network: CompiledNetwork) {
        var r: [Int: Range<Int>] = [:]
        for rhythm in network.spec.rhythms {
            if let p = rhythm.entrainment?.population { r[p] = network.layout.offsets[p]..<network.layout.offsets[p + 1] }
        }
        ranges = r
        keep = Int64(network.spec.rhythms.compactMap { $0.entrainment?.lagEpochs }.max() ?? 0) + 1
    }

    public mutating func record(epoch: Int64, spikes: [UInt64]) {
        guard !ranges.isEmpty else { return }
        var c: [Int: Int] = [:]
        for (p, range) in ranges {
            c[p] = spikes.reduce(0) { $0 + (range.contains(Int($1 & 0xFFFF_FFFF)) ? 1 : 0) }
        }
        counts[epoch] = c
        counts[epoch - keep] = nil
    }

    public func count(_ population: Int, epoch: Int64) -> Int { counts[epoch]?[population] ?? 0 }
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

    /// Activations of several shards in (step, head) order; one head's events keep their order.
    public static func activations(_ lists: [[Activation]]) -> [Activation] {
        let nonEmpty = lists.filter { !$0.isEmpty }
        if nonEmpty.count <= 1 { return nonEmpty.first ?? [] }
        return nonEmpty.flatMap { $0 }.enumerated().sorted { a, b in
            (a.element.step, a.element.head, a.offset) < (b.element.step, b.element.head, b.offset)
        }.map(\.element)
    }

    /// Multimeter samples of several shards in (stamp, population, neuron, variable) order.
    public static func samples(_ lists: [[ProbeSample]]) -> [ProbeSample] {
        if lists.count == 1 { return lists[0] }
        return lists.flatMap { $0 }.sorted(by: ProbeSample.canonicalOrder)
    }

    /// Weight records of several shards in canonical order (see `WeightRecord.canonical`); one
    /// shard's records are in delivery order (by source, then its synapses' row order), so even
    /// a single list is sorted.
    public static func weights(_ parts: [[WeightRecord]]) -> [WeightRecord] {
        WeightRecord.canonical(parts.count == 1 ? parts[0] : parts.flatMap { $0 })
    }
}
