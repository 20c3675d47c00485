// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

/// Collects each source shard's frames epoch by epoch and checks that every source delivers
/// exactly one frame of each kind it must send per epoch, in order, with consecutive sequence
/// numbers (DESIGN §4). A pure value: the socket shells feed it, tests feed it directly.
public struct EpochAssembler: Sendable {
    public let runID: UInt64
    /// Whether every source also sends one activations frame per epoch.
    public let expectsActivations: Bool
    private let names: [UInt32: String]
    private var spikes: [UInt32: FrameStream<[UInt64]>]
    private var activations: [UInt32: FrameStream<[ActivationEvent]>]
    private var samples: [UInt32: [UInt64: [WireSample]]]
    private var weights: [UInt32: [UInt64: [WeightRecord]]]
    /// Epochs handed out so far.
    private var nextEpoch: UInt64 = 0
    /// Frames, spikes counted per source (the conservation report).
    public private(set) var received: [UInt32: (frames: UInt64, spikes: UInt64)] = [:]

    /// An assembler expecting frames from `sources`, named by `names` in errors.
    public init(runID: UInt64, sources: [UInt32], names: [UInt32: String], activations: Bool = false) {
        self.runID = runID
        self.names = names
        self.expectsActivations = activations
        spikes = Dictionary(uniqueKeysWithValues: sources.map { ($0, FrameStream()) })
        self.activations = activations ? Dictionary(uniqueKeysWithValues: sources.map { ($0, FrameStream()) }) : [:]
        samples = Dictionary(uniqueKeysWithValues: sources.map { ($0, [:]) })
        weights = samples.mapValues { _ in [:] }
    }

    /// The sources expected.
    public var expectedSources: [UInt32] { spikes.keys.sorted() }

    private func name(_ s: UInt32) -> String { names[s] ?? "shard \(s)" }

    private func peer(_ bytes: UnsafeRawBufferPointer) -> String {
        if case .success(let h) = FrameHeader.read(bytes) { return name(h.source) }
        return "an unknown sender"
    }

    private func checkSource(_ header: FrameHeader) throws(TransportError) {
        guard header.runID == runID else { throw .foreignRun(peer: name(header.source), runID: header.runID) }
        guard spikes[header.source] != nil else { throw .unexpectedSource(peer: name(header.source)) }
    }

    /// Takes one spikes frame.
    public mutating func accept(spikes bytes: UnsafeRawBufferPointer) throws(TransportError) {
        switch DataFrames.readSpikes(bytes) {
        case .failure(let e): throw .malformed(peer: peer(bytes), e)
        case .success(let (header, list)):
            try checkSource(header)
            try spikes[header.source]!.accept(list, header: header, peer: name(header.source))
            var r = received[header.source] ?? (0, 0)
            r.frames += 1
            r.spikes += UInt64(list.count)
            received[header.source] = r
        }
    }

    /// Takes one activations frame.
    public mutating func accept(activations bytes: UnsafeRawBufferPointer) throws(TransportError) {
        switch DataFrames.readActivations(bytes) {
        case .failure(let e): throw .malformed(peer: peer(bytes), e)
        case .success(let (header, list)):
            try checkSource(header)
            guard activations[header.source] != nil else { throw .unexpectedSource(peer: name(header.source)) }
            try activations[header.source]!.accept(list, header: header, peer: name(header.source))
        }
    }

    /// Takes one samples frame (multimeter readings travel beside spikes, one frame per shard and
    /// epoch for shards that have probes, sent before the spikes of the same epoch).
    public mutating func accept(samples bytes: UnsafeRawBufferPointer) throws(TransportError) {
        switch DataFrames.readSamples(bytes) {
        case .failure(let e): throw .malformed(peer: peer(bytes), e)
        case .success(let (header, list)):
            try checkSource(header)
            guard samples[header.source]![header.epoch] == nil, header.epoch >= nextEpoch else {
                throw .duplicate(peer: name(header.source), epoch: header.epoch)
            }
            samples[header.source]![header.epoch] = list
        }
    }

    /// Takes one weights frame (a model with weight recorders sends one per shard and epoch,
    /// before the spikes of the same epoch).
    public mutating func accept(weights bytes: UnsafeRawBufferPointer) throws(TransportError) {
        switch DataFrames.readWeights(bytes) {
        case .failure(let e): throw .malformed(peer: peer(bytes), e)
        case .success(let (header, list)):
            try checkSource(header)
            guard weights[header.source]![header.epoch] == nil, header.epoch >= nextEpoch else {
                throw .duplicate(peer: name(header.source), epoch: header.epoch)
            }
            weights[header.source]![header.epoch] = list
        }
    }

    /// Whether every source has delivered `epoch`.
    public func isComplete(_ epoch: UInt64) -> Bool {
        epoch == nextEpoch && spikes.values.allSatisfy { $0.has(epoch) } && activations.values.allSatisfy { $0.has(epoch) }
    }

    /// Sources that have not delivered `epoch` yet.
    public func missing(_ epoch: UInt64) -> [String] {
        spikes.keys.filter { !spikes[$0]!.has(epoch) || !(activations[$0]?.has(epoch) ?? true) }.sorted().map(name)
    }

    /// Removes and returns every source's frames of `epoch` (which must be complete), by source.
    public mutating func take(_ epoch: UInt64) -> (
        spikes: [[UInt64]], samples: [[WireSample]], activations: [[ActivationEvent]], weights: [[WeightRecord]]
    ) {
        precondition(isComplete(epoch))
        var s: [[UInt64]] = [], v: [[WireSample]] = [], a: [[ActivationEvent]] = [], w: [[WeightRecord]] = []
        for key in spikes.keys.sorted() {
            s.append(spikes[key]!.take(epoch))
            if let list = samples[key]!.removeValue(forKey: epoch) { v.append(list) }
            if activations[key] != nil { a.append(activations[key]!.take(epoch)) }
            if let list = weights[key]!.removeValue(forKey: epoch) { w.append(list) }
        }
        nextEpoch += 1
        return (s, v, a, w)
    }
}

/// One source's frames of one kind: exactly one per epoch, in order, sequence numbers
/// consecutive; frames may run ahead of the epoch being assembled.
struct FrameStream<Payload: Sendable>: Sendable {
    private var nextEpoch: UInt64 = 0
    private var pending: [UInt64: Payload] = [:]

    func has(_ epoch: UInt64) -> Bool { pending[epoch] != nil }

    mutating func accept(_ payload: Payload, header: FrameHeader, peer: String) throws(TransportError) {
        let expected = nextEpoch + UInt64(pending.count)
        if header.epoch < expected { throw .duplicate(peer: peer, epoch: header.epoch) }
        if header.epoch > expected { throw .gap(peer: peer, expectedEpoch: expected, gotEpoch: header.epoch) }
        // One frame per epoch from the first: the sequence number is the epoch.
        if header.sequence != expected {
            throw .sequence(peer: peer, expected: expected, got: header.sequence, epoch: header.epoch)
        }
        pending[header.epoch] = payload
    }

    mutating func take(_ epoch: UInt64) -> Payload {
        nextEpoch = epoch + 1
        return pending.removeValue(forKey: epoch)!
    }
}
