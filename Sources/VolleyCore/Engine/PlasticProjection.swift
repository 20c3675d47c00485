// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The synapses of one plastic projection that one shard holds (its targets' incoming synapses),
/// in compressed rows keyed by source like the static matrix, with the rule's shared state per
/// source and a weight per synapse.
///
/// A spike is delivered to the row when the shard receives it (in canonical spike order, the
/// same on every layout): each synapse's weight is updated with NEST's rule and the weight it
/// transmits is added to the plastic input ring at the arrival step. Weights therefore change in
/// an order fixed by the model alone, and stay bit-identical on any layout.
struct PlasticProjection<Rule: SynapseRule>: Sendable {
    /// Index of the projection in the spec.
    let projection: Int
    let rule: Rule
    /// Rows by global source; `weight` is the per-synapse state.
    var synapses: SynapseMatrix
    /// The rule's shared state per global source.
    var pre: [Rule.Pre]
    /// Whether the weight recorder records this projection's transmissions.
    var recordsWeights = false

    init(projection: Int, rule: Rule, synapses: SynapseMatrix, sourceCount: Int) {
        self.projection = projection
        self.rule = rule
        self.synapses = synapses
        self.pre = Array(repeating: rule.initialPre, count: sourceCount)
    }

    /// Delivers the spike of `source` emitted in step `e`; returns the synapses it crossed.
    mutating func deliver(_ source: Int, emission e: Int64, into target: inout PlasticDelivery) -> Int {
        let s0 = synapses.rowStart[source], s1 = synapses.rowStart[source + 1]
        guard s0 < s1 else { return 0 }
        let tSpike = target.clock.spikeTime(emission: e)
        var p = pre[source]
        rule.prepare(&p, at: tSpike)
        let inputSize = target.inputSize
        let ring = target.ring
        let mask = target.slotMask
        for s in s0..<s1 {
            let d = synapses.segmentDelay[s]
            let dMs = target.clock.delay(d)
            let base = Int((e + Int64(d)) & mask) * inputSize
            for k in synapses.segmentStart[s]..<synapses.segmentStart[s + 1] {
                let offset = Int(synapses.target[k])
                let post = Int(target.ordinalOfOffset[offset])
                let w = rule.transmit(weight: &synapses.weight[k], pre: p, post: post, history: &target.history, at: tSpike, delay: dMs)
                ring[base + offset] += w
                if recordsWeights {
                    target.records.append(WeightRecord(
                        emission: e, source: UInt32(source), target: target.globalOfOrdinal[post], projection: Int32(projection), weight: w))
                }
            }
        }
        rule.finish(&p, at: tSpike)
        pre[source] = p
        return synapses.segmentStart[s1] - synapses.segmentStart[s0]
    }

    /// The synapses onto the neurons `ordinals` of the shard with their weight and state, by
    /// target, then source, delay and generation order (rows keep generation order within a
    /// delay), in chunks of whole targets of at least `maxCount` synapses (but the last).
    func forEachChunk(
        ordinals: Range<Int>, maxCount: Int, tables: PlasticState, _ body: (PlasticChunk) throws -> Void
    ) rethrows {
        let (starts, entries) = byTarget(ordinals: ordinals, tables: tables)
        let stateCount = rule.stateValues(rule.initialPre).count
        var chunk = PlasticChunk(projection: projection, stateVariables: stateCount)
        for i in 0..<ordinals.count {
            let target = tables.globalOfOrdinal[ordinals.lowerBound + i]
            for e in entries[starts[i]..<starts[i + 1]] {
                chunk.source.append(e.source)
                chunk.target.append(target)
                chunk.delay.append(tables.clock.delay(synapses.segmentDelay[Int(e.segment)]))
                chunk.weight.append(synapses.weight[Int(e.synapse)])
                for (v, x) in rule.stateValues(pre[Int(e.source)]).enumerated() { chunk.state[v].append(x) }
            }
            if chunk.count >= maxCount {
                try body(chunk)
                chunk = PlasticChunk(projection: projection, stateVariables: stateCount)
            }
        }
        if chunk.count > 0 { try body(chunk) }
    }

    /// The rows transposed onto the shard ordinals `ordinals`: the i-th target's synapses are
    /// `entries[starts[i] ..< starts[i + 1]]`, in canonical order (source, delay, generation order).
    func byTarget(
        ordinals: Range<Int>, tables: PlasticState
    ) -> (starts: [Int], entries: [(source: UInt32, segment: UInt32, synapse: UInt32)]) {
        var starts = [Int](repeating: 0, count: ordinals.count + 1)
        let sources = synapses.rowStart.count - 1
        for g in 0..<sources {
            for s in synapses.rowStart[g]..<synapses.rowStart[g + 1] {
                for k in synapses.segmentStart[s]..<synapses.segmentStart[s + 1] {
                    let o = Int(tables.ordinalOfOffset[Int(synapses.target[k])])
                    if ordinals.contains(o) { starts[o - ordinals.lowerBound + 1] += 1 }
                }
            }
        }
        for i in 0..<ordinals.count { starts[i + 1] += starts[i] }
        var cursor = Array(starts.dropLast())
        var entries = [(source: UInt32, segment: UInt32, synapse: UInt32)](repeating: (0, 0, 0), count: starts[ordinals.count])
        for g in 0..<sources {
            for s in synapses.rowStart[g]..<synapses.rowStart[g + 1] {
                for k in synapses.segmentStart[s]..<synapses.segmentStart[s + 1] {
                    let o = Int(tables.ordinalOfOffset[Int(synapses.target[k])])
                    guard ordinals.contains(o) else { continue }
                    entries[cursor[o - ordinals.lowerBound]] = (UInt32(g), UInt32(s), UInt32(k))
                    cursor[o - ordinals.lowerBound] += 1
                }
            }
        }
        return (starts, entries)
    }
}

/// Plastic synapses of one projection onto consecutive targets, in canonical order (target,
/// then source, delay and generation order): columns ready for a file or a hash.
public struct PlasticChunk: Sendable {
    public let projection: Int
    public var source: [UInt32] = []
    /// Global ids.
    public var target: [UInt32] = []
    /// ms.
    public var delay: [Double] = []
    public var weight: [Double] = []
    /// One column per state variable (`SynapseModelKind.stateVariables`).
    public var state: [[Double]]

    init(projection: Int, stateVariables: Int) {
        self.projection = projection
        state = Array(repeating: [], count: stateVariables)
    }

    public var count: Int { weight.count }
}

/// What a plastic delivery writes into: the shard's plastic input ring, the post histories, the
/// weight records, and the tables that turn a synapse's input offset into its neuron.
struct PlasticDelivery {
    let clock: SpikeClock
    /// `slots × inputSize` inputs, slot = arrival step mod slots (owned by the shard).
    let ring: UnsafeMutablePointer<Double>
    let inputSize: Int
    let slotMask: Int64
    var history: PostSynapticHistory
    /// The shard ordinal of the neuron behind each input offset.
    let ordinalOfOffset: [UInt32]
    /// The global id of each shard ordinal.
    let globalOfOrdinal: [UInt32]
    var records: [WeightRecord] = []
}

/// One transmission through a recorded plastic synapse (NEST's `weight_recorder`): the spike's
/// emission step, its source and target (global ids), the projection, and the weight it carried.
public struct WeightRecord: Sendable, Equatable {
    public let emission: Int64
    public let source: UInt32
    public let target: UInt32
    public let projection: Int32
    public let weight: Double

    public init(emission: Int64, source: UInt32, target: UInt32, projection: Int32, weight: Double) {
        self.emission = emission
        self.source = source
        self.target = target
        self.projection = projection
        self.weight = weight
    }

    /// Records of any number of shards, concatenated in any order, in canonical order (emission,
    /// source, projection, target). The sort is stable: records that tie are multapses of one
    /// target, so they come from one shard, in its delivery (row) order, the same on every layout.
    public static func canonical(_ records: [WeightRecord]) -> [WeightRecord] {
        guard records.count > 1 else { return records }
        return records.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if (x.emission, x.source, x.projection, x.target) != (y.emission, y.source, y.projection, y.target) {
                return (x.emission, x.source, x.projection, x.target) < (y.emission, y.source, y.projection, y.target)
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// One plastic synapse at the end of a run: projection, source and target (global ids), delay
/// (ms), weight, and the rule's state in `SynapseModelKind.stateVariables` order.
public struct PlasticSynapseState: Sendable, Equatable {
    public let projection: Int
    public let source: Int
    public let target: Int
    public let delay: Double
    public let weight: Double
    public let state: [Double]

    public init(projection: Int, source: Int, target: Int, delay: Double, weight: Double, state: [Double]) {
        self.projection = projection
        self.source = source
        self.target = target
        self.delay = delay
        self.weight = weight
        self.state = state
    }
}

/// A shard's plastic projection under its rule: the closed set of synapse plug-ins.
enum PlasticGroup: Sendable {
    case empty
    case stdp(PlasticProjection<STDPSynapse>)
    case stdpPowerLaw(PlasticProjection<STDPPLSynapseHom>)
    case tsodyks2(PlasticProjection<Tsodyks2Synapse>)

    /// The projection's synapses on a shard, made for its model.
    init(projection: Int, model: SynapseModel, synapses: SynapseMatrix, sourceCount: Int) {
        switch model.kind {
        case .staticSynapse: preconditionFailure("static synapses live in the shard's static matrix")
        case .stdpSynapse:
            self = .stdp(PlasticProjection(projection: projection, rule: STDPSynapse(model), synapses: synapses, sourceCount: sourceCount))
        case .stdpPLSynapseHom:
            self = .stdpPowerLaw(PlasticProjection(projection: projection, rule: STDPPLSynapseHom(model), synapses: synapses, sourceCount: sourceCount))
        case .tsodyks2Synapse:
            self = .tsodyks2(PlasticProjection(projection: projection, rule: Tsodyks2Synapse(model), synapses: synapses, sourceCount: sourceCount))
        }
    }

    /// Delivers one spike to the row of `source`; the projection is moved out while it runs, so
    /// its arrays stay uniquely referenced.
    @inline(__always)
    mutating func deliver(_ source: Int, emission e: Int64, into target: inout PlasticDelivery) -> Int {
        switch consume self {
        case .empty: preconditionFailure("delivering to an empty plastic group")
        case .stdp(var p):
            let n = p.deliver(source, emission: e, into: &target)
            self = .stdp(p)
            return n
        case .stdpPowerLaw(var p):
            let n = p.deliver(source, emission: e, into: &target)
            self = .stdpPowerLaw(p)
            return n
        case .tsodyks2(var p):
            let n = p.deliver(source, emission: e, into: &target)
            self = .tsodyks2(p)
            return n
        }
    }

    var synapseCount: Int {
        switch self {
        case .empty: 0
        case .stdp(let p): p.synapses.synapseCount
        case .stdpPowerLaw(let p): p.synapses.synapseCount
        case .tsodyks2(let p): p.synapses.synapseCount
        }
    }

    var bytes: Int {
        switch self {
        case .empty: 0
        case .stdp(let p): p.synapses.bytes + p.pre.count * MemoryLayout<STDPSynapse.Pre>.stride
        case .stdpPowerLaw(let p): p.synapses.bytes + p.pre.count * MemoryLayout<STDPPLSynapseHom.Pre>.stride
        case .tsodyks2(let p): p.synapses.bytes + p.pre.count * MemoryLayout<Tsodyks2Synapse.Pre>.stride
        }
    }

    var maxDelay: Int {
        switch self {
        case .empty: 0
        case .stdp(let p): p.synapses.maxDelay
        case .stdpPowerLaw(let p): p.synapses.maxDelay
        case .tsodyks2(let p): p.synapses.maxDelay
        }
    }

    mutating func setRecordsWeights(_ on: Bool) {
        switch consume self {
        case .empty: self = .empty
        case .stdp(var p): p.recordsWeights = on; self = .stdp(p)
        case .stdpPowerLaw(var p): p.recordsWeights = on; self = .stdpPowerLaw(p)
        case .tsodyks2(var p): p.recordsWeights = on; self = .tsodyks2(p)
        }
    }

    func forEachChunk(ordinals: Range<Int>, maxCount: Int, tables: PlasticState, _ body: (PlasticChunk) throws -> Void) rethrows {
        switch self {
        case .empty: break
        case .stdp(let p): try p.forEachChunk(ordinals: ordinals, maxCount: maxCount, tables: tables, body)
        case .stdpPowerLaw(let p): try p.forEachChunk(ordinals: ordinals, maxCount: maxCount, tables: tables, body)
        case .tsodyks2(let p): try p.forEachChunk(ordinals: ordinals, maxCount: maxCount, tables: tables, body)
        }
    }

    var projection: Int {
        switch self {
        case .empty: -1
        case .stdp(let p): p.projection
        case .stdpPowerLaw(let p): p.projection
        case .tsodyks2(let p): p.projection
        }
    }
}

/// A shard's plasticity: its plastic projections, the post histories, the plastic input ring and
/// the tables between input offsets, shard ordinals and global ids. Empty when it has none.
struct PlasticState: Sendable {
    var groups: [PlasticGroup] = []
    var history: PostSynapticHistory = .none
    var ordinalOfOffset: [UInt32] = []
    var globalOfOrdinal: [UInt32] = []
    var clock = SpikeClock(grid: TimeGrid(resolution: 0.1)!)
    /// Channels × neurons of the shard's step input.
    var inputSize = 0
    /// `slots × inputSize`: the weights plastic synapses transmit, by arrival step.
    var ring: [Double] = []
}
