// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

/// Puts a tap's frames back together into whole epochs, in order, and counts what is missing.
/// Every shard sends every tap one frame per kind and epoch, empty or not, and frames from one
/// worker arrive in order: once a stream has delivered epoch e, anything of it before e that is
/// not in hand is lost. A tap that joins mid-run starts at the first epoch every stream has
/// delivered, so what it writes is a gap-free suffix of the run unless it was too slow.
public struct TapEpochAssembler: Sendable {
    /// One stream of frames: a kind from one source shard.
    public struct Stream: Hashable, Sendable, CustomStringConvertible {
        public var kind: FrameKind
        public var source: UInt32

        public init(kind: FrameKind, source: UInt32) {
            self.kind = kind
            self.source = source
        }

        public var description: String { "\(kind) of shard \(source)" }
    }

    public let streams: [Stream]
    public let totalEpochs: UInt64
    /// Lossless: a gap or a repeat is an error, not a count.
    public let strict: Bool
    private let index: [Stream: Int]
    private var first: [UInt64?]
    private var last: [UInt64?]
    private var pending: [UInt64: (epoch: TapEpoch, received: Int)] = [:]
    /// The first epoch written (nil until every stream has delivered a frame).
    public private(set) var start: UInt64?
    /// The next epoch to hand out.
    public private(set) var next: UInt64 = 0
    public private(set) var receivedFrames = 0
    public private(set) var missingFrames = 0
    /// Frames older than what a stream had already delivered (never expected from ZeroMQ).
    public private(set) var staleFrames = 0

    /// The streams a tap can expect from a run, given what it asked for. Rhythms come from shard
    /// 0 only, and only over the tap sockets; so does energy (from every shard).
    public static func streams(catalog: RunCatalog, shards: Int, filter: TapFilter, lossless: Bool) -> [Stream] {
        var out: [Stream] = []
        for s in 0..<UInt32(shards) {
            if filter.wants(.spikes) { out.append(Stream(kind: .spikes, source: s)) }
            if filter.wants(.activations) && !catalog.heads.isEmpty { out.append(Stream(kind: .activations, source: s)) }
            if filter.wants(.samples) && catalog.samples { out.append(Stream(kind: .samples, source: s)) }
            if filter.wants(.weights) && catalog.weights { out.append(Stream(kind: .weights, source: s)) }
        }
        if filter.wants(.energy) && !lossless {
            for s in 0..<UInt32(shards) { out.append(Stream(kind: .energy, source: s)) }
        }
        if filter.wants(.rhythms) && !catalog.rhythms.isEmpty && !lossless { out.append(Stream(kind: .rhythms, source: 0)) }
        return out
    }

    public init(streams: [Stream], totalEpochs: UInt64, strict: Bool) {
        self.streams = streams
        self.totalEpochs = totalEpochs
        self.strict = strict
        index = Dictionary(uniqueKeysWithValues: streams.enumerated().map { ($1, $0) })
        first = Array(repeating: nil, count: streams.count)
        last = Array(repeating: nil, count: streams.count)
    }

    /// Takes one frame. Frames of streams not asked for, or of epochs already handed out, are
    /// ignored; in strict mode a gap or a repeat throws, naming the stream.
    public mutating func accept(_ frame: TapFrame) throws(TapStreamError) {
        let h = frame.header
        guard let i = index[Stream(kind: h.kind, source: h.source)], h.epoch < totalEpochs else { return }
        let stream = streams[i]
        if let l = last[i] {
            if h.epoch <= l {
                if strict { throw TapStreamError("\(stream): epoch \(h.epoch) again after \(l)") }
                staleFrames += 1
                return
            }
            if strict && h.epoch != l + 1 { throw TapStreamError("\(stream): epochs \(l + 1)–\(h.epoch - 1) never arrived") }
        } else {
            first[i] = h.epoch
        }
        last[i] = h.epoch
        receivedFrames += 1
        if start == nil, first.allSatisfy({ $0 != nil }) {
            let s = first.map { $0! }.max()!
            start = s
            next = s
            pending = pending.filter { $0.key >= s }
        }
        if let s = start, h.epoch < s { return }
        var entry = pending[h.epoch] ?? (TapEpoch(epoch: h.epoch), 0)
        entry.received += 1
        switch frame {
        case .spikes(_, let keys): entry.epoch.record.spikes += keys
        case .activations(_, let events): entry.epoch.record.activations += events.map { Activation($0) }
        case .samples(_, let samples): entry.epoch.record.samples += samples.map { ProbeSample($0) }
        case .rhythms(_, let points): entry.epoch.record.timeline += points
        case .weights(_, let records): entry.epoch.record.weights += records
        case .energy(let header, let records): entry.epoch.energyParts.append((header.source, records))
        }
        pending[h.epoch] = entry
    }

    /// Epochs that are complete, or whose missing frames can no longer come, in order.
    public mutating func settled() -> [TapEpoch] {
        guard start != nil else { return [] }
        var out: [TapEpoch] = []
        while next < totalEpochs, last.allSatisfy({ $0 != nil && $0! >= next }) {
            out.append(take(next))
            next += 1
        }
        return out
    }

    /// The run is over: every epoch still open is handed out, what never came counted missing.
    public mutating func finish() -> [TapEpoch] {
        if start == nil {
            // Some stream never delivered: write from the earliest epoch anything arrived for.
            let s = first.compactMap { $0 }.min() ?? totalEpochs
            start = s
            next = s
        }
        var out: [TapEpoch] = []
        while next < totalEpochs {
            out.append(take(next))
            next += 1
        }
        return out
    }

    private mutating func take(_ epoch: UInt64) -> TapEpoch {
        let entry = pending.removeValue(forKey: epoch) ?? (TapEpoch(epoch: epoch), 0)
        var e = entry.epoch
        e.receivedFrames = entry.received
        e.missingFrames = streams.count - entry.received
        missingFrames += e.missingFrames
        // Shards' frames arrive in any order; each is sorted, the epoch must be too.
        e.record.spikes.sort()
        e.record.activations.sort { ($0.step, $0.head) < ($1.step, $1.head) }
        e.record.samples.sort(by: ProbeSample.canonicalOrder)
        e.record.weights = WeightRecord.canonical(e.record.weights)
        // Summed in shard order, so the sums do not depend on which frame came first.
        e.record.energy = EnergyRecord.merged(e.energyParts.sorted { $0.shard < $1.shard }.flatMap(\.records))
        e.energyParts = []
        return e
    }
}

/// A lossless tap's stream broke: a frame is missing or repeated.
public struct TapStreamError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
