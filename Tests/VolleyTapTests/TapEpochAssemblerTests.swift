// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyTap
import VolleyWire

@Suite("Tap epoch assembly")
struct TapEpochAssemblerTests {
    let streams = [0, 1].map { TapEpochAssembler.Stream(kind: .spikes, source: UInt32($0)) }

    func frame(shard: UInt32, epoch: UInt64, keys: [UInt64] = []) -> TapFrame {
        .spikes(FrameHeader(kind: .spikes, runID: 1, source: shard, count: UInt32(keys.count), epoch: epoch, sequence: epoch), keys)
    }

    @Test("epochs settle in order once every shard has delivered them, spikes merged in key order")
    func settlesInOrder() throws {
        var a = TapEpochAssembler(streams: streams, totalEpochs: 3, strict: true)
        try a.accept(frame(shard: 0, epoch: 0, keys: [5 << 32 | 1]))
        #expect(a.settled().isEmpty, "shard 1 has not delivered epoch 0")
        try a.accept(frame(shard: 1, epoch: 0, keys: [4 << 32 | 9, 5 << 32 | 0]))
        let e = a.settled()
        #expect(e.map(\.epoch) == [0])
        #expect(e[0].spikes == [4 << 32 | 9, 5 << 32 | 0, 5 << 32 | 1])
        #expect(e[0].missingFrames == 0)
    }

    @Test("a tap that joins late starts at the first epoch every shard delivered: a gap-free suffix")
    func lateJoinerGetsASuffix() throws {
        var a = TapEpochAssembler(streams: streams, totalEpochs: 10, strict: false)
        try a.accept(frame(shard: 0, epoch: 4))
        try a.accept(frame(shard: 0, epoch: 5))
        try a.accept(frame(shard: 1, epoch: 5))
        try a.accept(frame(shard: 0, epoch: 6))
        try a.accept(frame(shard: 1, epoch: 6))
        #expect(a.start == 5)
        #expect(a.settled().map(\.epoch) == [5, 6])
        #expect(a.missingFrames == 0, "epoch 4 was before the tap's start, not missed")
    }

    @Test("frames a slow tap lost are counted by epoch, and the epoch is still written")
    func countsLosses() throws {
        var a = TapEpochAssembler(streams: streams, totalEpochs: 5, strict: false)
        for k in 0..<5 { try a.accept(frame(shard: 0, epoch: UInt64(k))) }
        try a.accept(frame(shard: 1, epoch: 0))
        try a.accept(frame(shard: 1, epoch: 3))
        let settled = a.settled()
        #expect(settled.map(\.epoch) == [0, 1, 2, 3])
        #expect(settled.map(\.missingFrames) == [0, 1, 1, 0])
        let rest = a.finish()
        #expect(rest.map(\.epoch) == [4])
        #expect(a.missingFrames == 3, "epochs 1, 2 and 4 of shard 1")
    }

    @Test("a lossless tap treats a gap or a repeat as an error naming the stream")
    func strictGaps() throws {
        var a = TapEpochAssembler(streams: streams, totalEpochs: 5, strict: true)
        try a.accept(frame(shard: 1, epoch: 0))
        #expect(throws: TapStreamError.self) { try a.accept(frame(shard: 1, epoch: 2)) }
        var b = TapEpochAssembler(streams: streams, totalEpochs: 5, strict: true)
        try b.accept(frame(shard: 1, epoch: 0))
        do {
            try b.accept(frame(shard: 1, epoch: 0))
            Issue.record("a repeated frame was accepted")
        } catch {
            #expect(error.description.contains("spikes of shard 1"))
        }
    }

    @Test("samples of several shards merge by (stamp, population, neuron, variable), as a run writes them")
    func samplesMergeInRunOrder() throws {
        let streams = [0, 1].map { TapEpochAssembler.Stream(kind: .samples, source: UInt32($0)) }
        var a = TapEpochAssembler(streams: streams, totalEpochs: 1, strict: true)
        func s(_ p: UInt32, _ n: UInt32, _ v: UInt32, _ stamp: UInt64) -> WireSample {
            WireSample(population: p, neuron: n, variable: v, stamp: stamp, value: Double(v))
        }
        func frame(_ shard: UInt32, _ list: [WireSample]) -> TapFrame {
            .samples(FrameHeader(kind: .samples, runID: 1, source: shard, count: UInt32(list.count), epoch: 0, sequence: 0), list)
        }
        try a.accept(frame(1, [s(1, 0, 0, 5), s(1, 0, 1, 5)]))
        try a.accept(frame(0, [s(0, 2, 0, 4), s(0, 2, 1, 4), s(0, 2, 0, 5), s(0, 2, 1, 5)]))
        let e = try #require(a.settled().first)
        #expect(e.samples.map { [$0.stamp, Int64($0.population), Int64($0.neuron), Int64($0.variable)] } == [
            [4, 0, 2, 0], [4, 0, 2, 1], [5, 0, 2, 0], [5, 0, 2, 1], [5, 1, 0, 0], [5, 1, 0, 1],
        ])
    }

    @Test("streams follow what was asked for and what the run has")
    func expectedStreams() {
        let catalog = RunCatalog(
            populations: [.init(name: "E", size: 4)], heads: [], rhythms: ["theta"], samples: false)
        let s = TapEpochAssembler.streams(catalog: catalog, shards: 2, filter: TapFilter(kinds: [.spikes, .rhythms, .activations]), lossless: false)
        #expect(s.map(\.description) == ["spikes of shard 0", "spikes of shard 1", "rhythms of shard 0"])
        let lossless = TapEpochAssembler.streams(catalog: catalog, shards: 2, filter: TapFilter(kinds: [.spikes, .rhythms]), lossless: true)
        #expect(lossless.count == 2)
    }
}
