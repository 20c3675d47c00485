// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Collects each source shard's frames epoch by epoch and checks that every source delivers
/// exactly one frame per epoch, in order, with consecutive sequence numbers (DESIGN §4). A pure
/// value: the socket shells feed it, tests feed it directly.
public struct EpochAssembler: Sendable {
    public let runID: UInt64
    /// How to name a source shard in errors ("shard 3 of worker 1, pid 812 at tcp://10.0.0.2:5001").
    private let names: [UInt32: String]
    /// Per source: the next epoch and sequence number expected, and frames held for later epochs.
    private var sources: [UInt32: Source]
    /// Frames, spikes counted per source (the conservation report).
    public private(set) var received: [UInt32: (frames: UInt64, spikes: UInt64)] = [:]

    private struct Source: Sendable {
        var nextEpoch: UInt64 = 0
        var nextSequence: UInt64 = 0
        var pending: [UInt64: [UInt64]] = [:]
        var pendingSamples: [UInt64: [WireSample]] = [:]
    }

    /// An assembler expecting spikes from `sources`, named by `names` in errors.
    public init(runID: UInt64, sources: [UInt32], names: [UInt32: String]) {
        self.runID = runID
        self.names = names
        self.sources = Dictionary(uniqueKeysWithValues: sources.map { ($0, Source()) })
    }

    /// The sources expected.
    public var expectedSources: [UInt32] { sources.keys.sorted() }

    private func name(_ s: UInt32) -> String { names[s] ?? "shard \(s)" }

    /// Takes one spikes frame.
    public mutating func accept(spikes bytes: UnsafeRawBufferPointer) throws(TransportError) {
        let (header, spikes): (FrameHeader, [UInt64])
        switch DataFrames.readSpikes(bytes) {
        case .failure(let e): throw .malformed(peer: peerFromBytes(bytes), e)
        case .success(let v): (header, spikes) = v
        }
        try check(header)
        sources[header.source]!.pending[header.epoch] = spikes
        var r = received[header.source] ?? (0, 0)
        r.frames += 1
        r.spikes += UInt64(spikes.count)
        received[header.source] = r
    }

    /// Takes one samples frame (voltmeter readings travel beside spikes, one frame per shard and
    /// epoch for shards that have probes; they are checked against the spikes' epochs).
    public mutating func accept(samples bytes: UnsafeRawBufferPointer) throws(TransportError) {
        switch DataFrames.readSamples(bytes) {
        case .failure(let e): throw .malformed(peer: peerFromBytes(bytes), e)
        case .success(let (header, samples)):
            guard header.runID == runID else { throw .foreignRun(peer: name(header.source), runID: header.runID) }
            guard sources[header.source] != nil else { throw .unexpectedSource(peer: name(header.source)) }
            guard sources[header.source]!.pendingSamples[header.epoch] == nil, header.epoch >= sources[header.source]!.nextEpoch else {
                throw .duplicate(peer: name(header.source), epoch: header.epoch)
            }
            sources[header.source]!.pendingSamples[header.epoch] = samples
        }
    }

    private func peerFromBytes(_ bytes: UnsafeRawBufferPointer) -> String {
        if case .success(let h) = FrameHeader.read(bytes) { return name(h.source) }
        return "an unknown sender"
    }

    private mutating func check(_ header: FrameHeader) throws(TransportError) {
        guard header.runID == runID else { throw .foreignRun(peer: name(header.source), runID: header.runID) }
        guard let s = sources[header.source] else { throw .unexpectedSource(peer: name(header.source)) }
        let expectedEpoch = s.nextEpoch + UInt64(s.pending.count)
        if header.epoch < expectedEpoch { throw .duplicate(peer: name(header.source), epoch: header.epoch) }
        if header.epoch > expectedEpoch {
            throw .gap(peer: name(header.source), expectedEpoch: expectedEpoch, gotEpoch: header.epoch)
        }
        if header.sequence != s.nextSequence + UInt64(s.pending.count) {
            throw .sequence(peer: name(header.source), expected: s.nextSequence + UInt64(s.pending.count), got: header.sequence, epoch: header.epoch)
        }
    }

    /// Whether every source has delivered `epoch`.
    public func isComplete(_ epoch: UInt64) -> Bool {
        sources.values.allSatisfy { $0.nextEpoch == epoch && $0.pending[epoch] != nil }
    }

    /// Sources that have not delivered `epoch` yet.
    public func missing(_ epoch: UInt64) -> [String] {
        sources.filter { $0.value.pending[epoch] == nil }.keys.sorted().map(name)
    }

    /// Removes and returns every source's spikes of `epoch` (which must be complete), and its
    /// samples, then expects the next epoch.
    public mutating func take(_ epoch: UInt64) -> (spikes: [[UInt64]], samples: [[WireSample]]) {
        precondition(isComplete(epoch))
        var spikes: [[UInt64]] = []
        var samples: [[WireSample]] = []
        for key in sources.keys.sorted() {
            spikes.append(sources[key]!.pending.removeValue(forKey: epoch)!)
            if let s = sources[key]!.pendingSamples.removeValue(forKey: epoch) { samples.append(s) }
            sources[key]!.nextEpoch += 1
            sources[key]!.nextSequence += 1
        }
        return (spikes, samples)
    }
}
