// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What a shard with plastic synapses holds at an epoch boundary beyond its neurons: every
/// plastic weight, the rules' shared state per source, the post-synaptic histories, and what
/// plastic synapses already transmitted for steps at or after the cut. All of it is keyed by
/// global id, so that it re-slices onto another layout.
public struct PlasticShardState: Sendable, Equatable {
    public var projections: [PlasticProjectionState]
    public var histories: PostHistoryState
    public var input: PlasticInputState

    public init(projections: [PlasticProjectionState], histories: PostHistoryState, input: PlasticInputState) {
        self.projections = projections
        self.histories = histories
        self.input = input
    }

    /// Why the columns do not fit together, if they do not (a damaged file).
    public var inconsistency: String? {
        projections.lazy.compactMap(\.inconsistency).first ?? histories.inconsistency ?? input.inconsistency
    }
}

/// One plastic projection's synapses onto one shard's neurons, and its rule's state per source.
public struct PlasticProjectionState: Sendable, Equatable {
    /// Index of the projection in the spec.
    public let projection: Int
    /// Values per source of the rule's shared state (`SynapseModelKind.stateVariables`).
    public let stateVariables: Int
    /// Targets with synapses of the projection (global ids, ascending) and how many each has.
    public var targets: [UInt32] = []
    public var synapseCounts: [UInt32] = []
    /// Per synapse, target after target and each target's in canonical order (source, delay,
    /// generation order): its source (so that a restore can check the order) and its weight.
    public var sources: [UInt32] = []
    public var weights: [Double] = []
    /// The sources with synapses on the shard (ascending) and their shared state,
    /// `stateVariables` values each.
    public var preSources: [UInt32] = []
    public var preValues: [Double] = []

    public init(projection: Int, stateVariables: Int) {
        self.projection = projection
        self.stateVariables = stateVariables
    }

    /// Why the columns do not fit together, if they do not.
    public var inconsistency: String? {
        let what = "connection \(projection + 1)"
        if targets.count != synapseCounts.count {
            return "\(what): \(targets.count) targets, \(synapseCounts.count) counts"
        }
        let total = synapseCounts.reduce(0) { $0 + Int($1) }
        if sources.count != total || weights.count != total {
            return "\(what): \(total) synapses, \(sources.count) sources and \(weights.count) weights"
        }
        if preValues.count != preSources.count * stateVariables {
            return "\(what): \(preValues.count) state values for \(preSources.count) sources of \(stateVariables)"
        }
        return nil
    }
}

/// The post-spike histories of a shard's neurons with STDP inputs (NEST's `ArchivingNode`).
public struct PostHistoryState: Sendable, Equatable {
    /// Global ids, ascending.
    public var neurons: [UInt32] = []
    /// Per neuron: K−, the last spike time (ms) and how many entries it has.
    public var kminus: [Double] = []
    public var lastSpike: [Double] = []
    public var entryCounts: [UInt32] = []
    /// Per entry, neuron after neuron: the spike time (ms), K− just after it, the reads so far.
    public var entryTimes: [Double] = []
    public var entryKminus: [Double] = []
    public var entryReads: [Int32] = []

    public init() {}

    /// Why the columns do not fit together, if they do not.
    public var inconsistency: String? {
        let n = neurons.count
        if kminus.count != n || lastSpike.count != n || entryCounts.count != n {
            return "post histories of \(n) neurons: columns of \([kminus.count, lastSpike.count, entryCounts.count])"
        }
        let total = entryCounts.reduce(0) { $0 + Int($1) }
        if entryTimes.count != total || entryKminus.count != total || entryReads.count != total {
            let lengths = [entryTimes.count, entryKminus.count, entryReads.count]
            return "post histories of \(total) entries: columns of \(lengths)"
        }
        return nil
    }
}

/// What plastic synapses transmitted before the cut for steps at or after it: every value of
/// the plastic input ring other than +0, by arrival step, neuron and input channel.
public struct PlasticInputState: Sendable, Equatable {
    public var arrival: [Int64] = []
    /// Global ids.
    public var neuron: [UInt32] = []
    public var channel: [UInt8] = []
    public var value: [Double] = []

    public init() {}

    /// Why the columns do not fit together, if they do not.
    public var inconsistency: String? {
        let n = arrival.count
        guard neuron.count == n && channel.count == n && value.count == n else {
            return "plastic input: columns of \(n), \(neuron.count), \(channel.count) and \(value.count) values"
        }
        return nil
    }
}

/// The saved plastic parts of every shard of a checkpoint, looked up by global id so that each
/// shard of another layout finds its slice.
public struct PlasticStateIndex: Sendable {
    /// Where an item of a saved part is: its key (a global id), the part, the projection in the
    /// part, the item's index and its first element in the part's per-synapse or per-entry columns.
    struct Located: Sendable {
        let key: UInt32
        let part: Int
        let group: Int
        let item: Int
        let first: Int
    }

    private let parts: [PlasticShardState]
    /// Per projection: each target's synapses, by target.
    private var targets: [Int: [Located]] = [:]
    /// Per projection: each source's shared state, by source (one copy; the others are equal).
    private var sources: [Int: [Located]] = [:]
    private var histories: [Located] = []
    private var inputs: [Located] = []
    /// Why the parts cannot be restored together, if they cannot: a source's shared state that
    /// differs between shards (every shard with synapses of a source sees its every spike, so
    /// the copies must agree to the bit).
    public private(set) var conflict: String?

    /// Indexes the plastic parts of every shard of a checkpoint (none for a model without).
    public init(_ parts: [PlasticShardState]) {
        self.parts = parts
        for (p, part) in parts.enumerated() {
            for (g, s) in part.projections.enumerated() {
                var first = 0
                for (i, t) in s.targets.enumerated() {
                    targets[s.projection, default: []].append(Located(key: t, part: p, group: g, item: i, first: first))
                    first += Int(s.synapseCounts[i])
                }
                for (i, source) in s.preSources.enumerated() {
                    let l = Located(key: source, part: p, group: g, item: i, first: i * s.stateVariables)
                    sources[s.projection, default: []].append(l)
                }
            }
            var first = 0
            for (i, n) in part.histories.neurons.enumerated() {
                histories.append(Located(key: n, part: p, group: 0, item: i, first: first))
                first += Int(part.histories.entryCounts[i])
            }
            for (i, n) in part.input.neuron.enumerated() {
                inputs.append(Located(key: n, part: p, group: 0, item: i, first: i))
            }
        }
        let order: (Located, Located) -> Bool = { ($0.key, $0.part, $0.item) < ($1.key, $1.part, $1.item) }
        for k in targets.keys { targets[k]!.sort(by: order) }
        histories.sort(by: order)
        inputs.sort(by: order)
        for k in sources.keys {
            sources[k]!.sort(by: order)
            var kept: [Located] = []
            for l in sources[k]! {
                guard let last = kept.last, last.key == l.key else {
                    kept.append(l)
                    continue
                }
                let same = preValues(last).elementsEqual(preValues(l)) { $0.bitPattern == $1.bitPattern }
                if conflict == nil && !same {
                    conflict = "connection \(k + 1): two shards of the checkpoint disagree on source \(l.key)'s state"
                }
            }
            sources[k] = kept
        }
    }

    /// Whether the checkpoint holds no plastic state.
    public var isEmpty: Bool { parts.isEmpty }

    /// The saved sources and weights of `projection`'s synapses onto `target`, in canonical order.
    func synapses(projection: Int, target: UInt32) -> (sources: ArraySlice<UInt32>, weights: ArraySlice<Double>)? {
        guard let list = targets[projection], let l = Self.find(target, in: list) else { return nil }
        let s = parts[l.part].projections[l.group]
        let range = l.first..<(l.first + Int(s.synapseCounts[l.item]))
        return (s.sources[range], s.weights[range])
    }

    /// The saved shared state of `projection`'s rule for `source`.
    func pre(projection: Int, source: UInt32) -> ArraySlice<Double>? {
        guard let list = sources[projection], let l = Self.find(source, in: list) else { return nil }
        return preValues(l)
    }

    private func preValues(_ l: Located) -> ArraySlice<Double> {
        let s = parts[l.part].projections[l.group]
        return s.preValues[l.first..<(l.first + s.stateVariables)]
    }

    /// The saved post history of neuron `neuron` (a global id).
    func history(neuron: UInt32) -> (kminus: Double, lastSpike: Double, entries: [PostSynapticHistory.Entry])? {
        guard let l = Self.find(neuron, in: histories) else { return nil }
        let h = parts[l.part].histories
        let range = l.first..<(l.first + Int(h.entryCounts[l.item]))
        let entries = range.map {
            PostSynapticHistory.Entry(t: h.entryTimes[$0], kminus: h.entryKminus[$0], reads: h.entryReads[$0])
        }
        return (h.kminus[l.item], h.lastSpike[l.item], entries)
    }

    /// Calls `body` with every saved plastic input into the neurons `neurons` (global ids).
    func forEachInput(
        neurons: Range<Int>,
        _ body: (_ arrival: Int64, _ neuron: Int, _ channel: Int, _ value: Double) throws(StateRestoreError) -> Void
    ) throws(StateRestoreError) {
        guard !neurons.isEmpty, neurons.lowerBound <= Int(UInt32.max) else { return }
        var i = Self.lowerBound(UInt32(neurons.lowerBound), in: inputs)
        while i < inputs.count && Int(inputs[i].key) < neurons.upperBound {
            let l = inputs[i]
            let saved = parts[l.part].input
            try body(saved.arrival[l.item], Int(l.key), Int(saved.channel[l.item]), saved.value[l.item])
            i += 1
        }
    }

    /// The first position in `list` (sorted by key) whose key is at least `key`.
    private static func lowerBound(_ key: UInt32, in list: [Located]) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].key < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func find(_ key: UInt32, in list: [Located]) -> Located? {
        let i = lowerBound(key, in: list)
        return i < list.count && list[i].key == key ? list[i] : nil
    }
}

extension Shard {
    /// The shard's plastic state at the end of the last epoch (nil without plastic synapses).
    public func capturePlasticState() -> PlasticShardState? {
        guard !plasticity.groups.isEmpty else { return nil }
        var histories = PostHistoryState()
        for (o, g) in plasticity.globalOfOrdinal.enumerated() where plasticity.history.tracks(o) {
            let h = plasticity.history.saved(o)
            histories.neurons.append(g)
            histories.kminus.append(h.kminus)
            histories.lastSpike.append(h.lastSpike)
            histories.entryCounts.append(UInt32(h.entries.count))
            for e in h.entries {
                histories.entryTimes.append(e.t)
                histories.entryKminus.append(e.kminus)
                histories.entryReads.append(e.reads)
            }
        }
        return PlasticShardState(
            projections: plasticity.groups.map { $0.captureState(tables: plasticity) }, histories: histories,
            input: pendingPlasticInput())
    }

    /// The plastic ring's values by absolute arrival step. `advance` drained (zeroed) the slots
    /// of every step before `nextStep`; each other slot belongs to the one step of
    /// `nextStep ..< nextStep + slots` that maps onto it, which is where its deliveries aimed.
    private func pendingPlasticInput() -> PlasticInputState {
        var out = PlasticInputState()
        let size = plasticity.inputSize
        var neuron = [UInt32](repeating: 0, count: size), channel = [UInt8](repeating: 0, count: size)
        for b in blocks {
            for c in 0..<PopulationBlock.channels(b.kind) {
                for i in 0..<b.count {
                    neuron[b.inputOffset + c * b.count + i] = UInt32(b.firstGlobal + i)
                    channel[b.inputOffset + c * b.count + i] = UInt8(c)
                }
            }
        }
        let slots = Int64(plasticity.ring.count / size)
        for arrival in nextStep..<(nextStep + slots) {
            let base = Int(arrival & slotMask) * size
            // +0 is what a restored ring starts from; anything else (even −0) is kept.
            for offset in 0..<size where plasticity.ring[base + offset].bitPattern != 0 {
                out.arrival.append(arrival)
                out.neuron.append(neuron[offset])
                out.channel.append(channel[offset])
                out.value.append(plasticity.ring[base + offset])
            }
        }
        return out
    }

    /// Puts this shard's slice of the saved plastic state into the freshly built shard that is to
    /// continue from step `start`. Weights and histories are assigned, not replayed, so the
    /// static replay of the spikes in flight must not (and does not) touch plastic rows.
    public mutating func restorePlasticState(from saved: PlasticStateIndex, start: Int64) throws(StateRestoreError) {
        nextStep = start
        guard !plasticity.groups.isEmpty else { return }
        guard !saved.isEmpty else {
            throw StateRestoreError("the checkpoint holds no plastic state; the model has plastic synapses")
        }
        if let conflict = saved.conflict { throw StateRestoreError(conflict) }
        var groups = plasticity.groups
        plasticity.groups = []  // each group's arrays stay uniquely referenced while written
        var failure: StateRestoreError?
        for p in groups.indices where failure == nil {
            failure = groups[p].restoreState(from: saved, tables: plasticity)
        }
        plasticity.groups = groups
        if let failure { throw failure }

        for (o, g) in plasticity.globalOfOrdinal.enumerated() where plasticity.history.tracks(o) {
            guard let h = saved.history(neuron: g) else {
                throw StateRestoreError("neuron \(g): the checkpoint holds no post-synaptic history of it")
            }
            plasticity.history.restore(o, kminus: h.kminus, lastSpike: h.lastSpike, entries: h.entries)
        }

        let size = plasticity.inputSize
        let slots = Int64(plasticity.ring.count / size)
        let mask = slotMask
        for b in blocks where b.count > 0 {
            let channels = PopulationBlock.channels(b.kind)
            let neurons = b.firstGlobal..<(b.firstGlobal + b.count)
            try saved.forEachInput(neurons: neurons) { (arrival, neuron, channel, value) throws(StateRestoreError) in
                guard channel < channels, arrival >= start, arrival < start + slots else {
                    throw StateRestoreError(
                        "neuron \(neuron): saved plastic input for step \(arrival), channel \(channel) does not fit "
                            + "a shard resuming at step \(start) (\(slots) steps ahead, \(channels) channels)")
                }
                let offset = b.inputOffset + channel * b.count + neuron - b.firstGlobal
                plasticity.ring[Int(arrival & mask) * size + offset] = value
            }
        }
    }
}
