// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What a shard holds at an epoch boundary that cannot be rebuilt from (model, seed, step): its
/// neurons' state and its event counters. Static synapses are rebuilt from the seed, and the
/// spikes still in flight are replayed from the run's record (`Shard.replay`).
public struct ShardState: Sendable, Equatable {
    public let shard: Int
    public let blocks: [BlockState]
    /// Synaptic events delivered so far, in total and by the population of their source.
    public let deliveredEvents: Int
    public let eventsBySourcePopulation: [Int]
    /// The contexts of the attention heads the shard owns, by global head id.
    public var heads: [HeadState] = []
    /// Plastic weights, synapse state, post histories and plastic input in flight (nil for a
    /// shard without plastic synapses).
    public var plastic: PlasticShardState? = nil

    public init(shard: Int, blocks: [BlockState], deliveredEvents: Int, eventsBySourcePopulation: [Int]) {
        self.shard = shard
        self.blocks = blocks
        self.deliveredEvents = deliveredEvents
        self.eventsBySourcePopulation = eventsBySourcePopulation
    }
}

/// One attention head's context, by its global head id (heads do not depend on the layout).
public struct HeadState: Sendable, Equatable {
    public let head: Int
    public let context: AttentionHead.Context

    public init(head: Int, context: AttentionHead.Context) {
        self.head = head
        self.context = context
    }
}

/// The saved neuron state of a whole network (from any number of shards), looked up by
/// population and index range so that it re-slices onto another layout.
public struct NetworkStateIndex: Sendable {
    private var byPopulation: [Int: [BlockState]] = [:]

    public init(_ blocks: [BlockState]) {
        for b in blocks where b.count > 0 { byPopulation[b.population, default: []].append(b) }
        for p in byPopulation.keys { byPopulation[p]!.sort { $0.firstIndex < $1.firstIndex } }
    }

    /// Whether every neuron of populations of `sizes` has exactly one saved state.
    public func check(sizes: [Int], names: [String]) throws(StateRestoreError) {
        for (p, size) in sizes.enumerated() where size > 0 {
            var next = 0
            for b in byPopulation[p] ?? [] {
                guard b.firstIndex == next else {
                    throw StateRestoreError("population \(names[p]): saved state \(b.firstIndex < next ? "overlaps" : "misses neurons") at neuron \(min(next, b.firstIndex))")
                }
                next += b.count
            }
            guard next == size else { throw StateRestoreError("population \(names[p]): saved state covers \(next) of its \(size) neurons") }
        }
    }

    /// The columns of neurons `range` of population `p`, cut from the saved blocks.
    func columns(population p: Int, range: Range<Int>) throws(StateRestoreError) -> [NeuronColumn] {
        var out: [NeuronColumn]?
        for b in byPopulation[p] ?? [] {
            let lo = max(range.lowerBound, b.firstIndex), hi = min(range.upperBound, b.firstIndex + b.count)
            guard lo < hi else { continue }
            if out == nil { out = b.columns.map { NeuronColumn(name: $0.name, bytesPerNeuron: $0.bytesPerNeuron, data: []) } }
            guard out!.count == b.columns.count else { throw StateRestoreError("population \(p): saved blocks disagree on the model's columns") }
            for c in b.columns.indices {
                let w = b.columns[c].bytesPerNeuron
                guard out![c].name == b.columns[c].name, out![c].bytesPerNeuron == w else {
                    throw StateRestoreError("population \(p): saved blocks disagree on column \(b.columns[c].name)")
                }
                out![c].data.append(contentsOf: b.columns[c].data[((lo - b.firstIndex) * w)..<((hi - b.firstIndex) * w)])
            }
        }
        return out ?? []
    }
}

extension Shard {
    /// The shard's state at the end of the last epoch: its neurons, event counters, attention
    /// heads' contexts and plastic state.
    public mutating func captureState() -> ShardState {
        var saved: [BlockState] = []
        for b in blocks.indices {
            var capture = CaptureBlockState(count: blocks[b].count)
            let columns = blocks[b].neurons.visit(&capture)
            saved.append(BlockState(population: blocks[b].population, firstIndex: blocks[b].firstIndex, count: blocks[b].count, columns: columns))
        }
        var state = ShardState(
            shard: index, blocks: saved, deliveredEvents: deliveredEvents, eventsBySourcePopulation: eventsBySourcePopulation)
        for b in headBlocks {
            for (h, head) in b.heads.enumerated() { state.heads.append(HeadState(head: b.firstGlobal + h, context: head.context)) }
        }
        state.plastic = capturePlasticState()
        return state
    }

    /// Puts the saved contexts back into this shard's attention heads.
    public mutating func restoreHeads(_ saved: [Int: AttentionHead.Context]) throws(StateRestoreError) {
        for b in headBlocks.indices {
            for h in headBlocks[b].heads.indices {
                let id = headBlocks[b].firstGlobal + h
                guard let context = saved[id] else { throw StateRestoreError("the saved state has no context for attention head \(id)") }
                headBlocks[b].heads[h].context = context
            }
        }
    }


    /// Puts saved neuron state into a freshly built shard that is to continue from step `start`,
    /// and fast-forwards what is a function of the step (device currents, spike generators).
    /// `counters` are the network's event counts at the cut: the caller gives them to one shard.
    public mutating func restore(
        from saved: NetworkStateIndex, start: Int64, counters: (total: Int, bySource: [Int])?, populationNames: [String]
    ) throws(StateRestoreError) {
        for b in blocks.indices {
            let block = blocks[b]
            let name = block.population < populationNames.count ? populationNames[block.population] : "\(block.population)"
            let columns = try saved.columns(population: block.population, range: block.firstIndex..<(block.firstIndex + block.count))
            var restore = RestoreBlockState(count: block.count, columns: columns, what: "population \(name)")
            if let failure = blocks[b].neurons.visit(&restore) { throw failure }
            // The current that drives step `start` was read at the end of the step before.
            blocks[b].currentNow = start > 0 ? blocks[b].currents.reduce(0.0) { $0 + $1.value(arrival: start - 1) } : 0
        }
        nextGeneratorSpike = generatorSpikes.firstIndex { $0.arrival >= start } ?? generatorSpikes.count
        if let counters {
            deliveredEvents = counters.total
            if eventsBySourcePopulation.count == counters.bySource.count { eventsBySourcePopulation = counters.bySource }
        } else {
            deliveredEvents = 0
            for i in eventsBySourcePopulation.indices { eventsBySourcePopulation[i] = 0 }
        }
    }

    /// Queues again the synapse segments (and head and activation inputs) of one epoch's events
    /// delivered before the cut at step `start` whose arrival is at or after it. Called epoch
    /// after epoch in the order they were delivered, so each step's inputs queue in the order
    /// they did: the sums are bit-identical.
    /// Events are not counted again (the counters were saved).
    public mutating func replay(_ spikes: UnsafeBufferPointer<UInt64>, activations: [Activation] = [], from start: Int64) {
        route(spikes: spikes, activations: activations, from: start)
        let mask = slotMask
        for key in spikes {
            synapses.schedule(source: Int(key & 0xFFFF_FFFF), emission: Int64(key >> 32), pending: &pending, slotMask: mask, from: start)
        }
    }

    /// Steps ahead the pending ring holds: spikes emitted this many steps before a cut can still
    /// be in flight at it.
    public var inFlightSteps: Int64 { Int64(pending.count) }
}
