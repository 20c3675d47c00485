// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyTransport
import VolleyWire

@Suite struct EpochAssemblerTests {
    let names: [UInt32: String] = [0: "shard 0 of worker 0 (ipc:///a)", 1: "shard 1 of worker 1 (tcp://10.0.0.2:5001)"]

    private func frame(_ source: UInt32, epoch: UInt64, sequence: UInt64? = nil, runID: UInt64 = 7, spikes: [UInt64] = []) -> [UInt8] {
        DataFrames.encodeSpikes(spikes, header: FrameHeader(kind: .spikes, runID: runID, source: source, count: 0, epoch: epoch, sequence: sequence ?? epoch))
    }

    private func accept(_ a: inout EpochAssembler, _ bytes: [UInt8]) throws(TransportError) {
        var failure: TransportError?
        bytes.withUnsafeBytes { b in
            do throws(TransportError) { try a.accept(spikes: b) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private func acceptWeights(_ a: inout EpochAssembler, _ bytes: [UInt8]) throws(TransportError) {
        var failure: TransportError?
        bytes.withUnsafeBytes { b in
            do throws(TransportError) { try a.accept(weights: b) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    @Test func assemblesEpochsInOrderAndCounts() throws {
        var a = EpochAssembler(runID: 7, sources: [0, 1], names: names)
        try accept(&a, frame(0, epoch: 0, spikes: [1 << 32 | 5]))
        #expect(!a.isComplete(0))
        #expect(a.missing(0) == [names[1]!])
        try accept(&a, frame(1, epoch: 0, spikes: [2 << 32 | 9, 3 << 32 | 9]))
        // A fast source may already send the next epoch.
        try accept(&a, frame(0, epoch: 1))
        #expect(a.isComplete(0))
        #expect(a.take(0).spikes == [[1 << 32 | 5], [2 << 32 | 9, 3 << 32 | 9]])
        #expect(!a.isComplete(1))
        try accept(&a, frame(1, epoch: 1))
        #expect(a.isComplete(1))
        #expect(a.received[1]?.frames == 2 && a.received[1]?.spikes == 2)
    }

    /// Weight records travel beside spikes, before them: an epoch's come out with its spikes.
    @Test func weightRecordsComeOutWithTheirEpoch() throws {
        var a = EpochAssembler(runID: 7, sources: [0, 1], names: names)
        let record = WeightRecord(emission: 3, source: 1, target: 2, projection: 0, weight: 4.5)
        for source: UInt32 in [0, 1] {
            let weights = DataFrames.encodeWeights(
                source == 1 ? [record] : [], header: FrameHeader(kind: .weights, runID: 7, source: source, count: 0, epoch: 0, sequence: 0))
            try acceptWeights(&a, weights)
            try accept(&a, frame(source, epoch: 0))
        }
        #expect(a.take(0).weights == [[], [record]])
        // A second weights frame of an epoch already taken is a duplicate, named.
        let again = DataFrames.encodeWeights([], header: FrameHeader(kind: .weights, runID: 7, source: 1, count: 0, epoch: 0, sequence: 1))
        #expect(throws: TransportError.self) { try acceptWeights(&a, again) }
    }

    @Test func aLostFrameIsNamedWithItsEpoch() {
        var a = EpochAssembler(runID: 7, sources: [0, 1], names: names)
        #expect(throws: TransportError.gap(peer: names[1]!, expectedEpoch: 0, gotEpoch: 1)) {
            try accept(&a, frame(1, epoch: 1))
        }
        #expect(TransportError.gap(peer: names[1]!, expectedEpoch: 0, gotEpoch: 1).description.contains("tcp://10.0.0.2:5001"))
    }

    @Test func aDuplicateIsNamed() throws {
        var a = EpochAssembler(runID: 7, sources: [0], names: names)
        try accept(&a, frame(0, epoch: 0))
        #expect(throws: TransportError.duplicate(peer: names[0]!, epoch: 0)) { try accept(&a, frame(0, epoch: 0)) }
        _ = a.take(0)
        #expect(throws: TransportError.duplicate(peer: names[0]!, epoch: 0)) { try accept(&a, frame(0, epoch: 0)) }
    }

    @Test func sequenceRunAndSourceAreChecked() {
        var a = EpochAssembler(runID: 7, sources: [0], names: names)
        #expect(throws: TransportError.sequence(peer: names[0]!, expected: 0, got: 3, epoch: 0)) {
            try accept(&a, frame(0, epoch: 0, sequence: 3))
        }
        #expect(throws: TransportError.foreignRun(peer: names[0]!, runID: 8)) { try accept(&a, frame(0, epoch: 0, runID: 8)) }
        #expect(throws: TransportError.unexpectedSource(peer: names[1]!)) { try accept(&a, frame(1, epoch: 0)) }
        #expect(throws: TransportError.self) { try accept(&a, [1, 2, 3]) }
    }

    @Test func faultSpecificationsParse() {
        #expect(FaultInjection("drop:1:5") == FaultInjection(kind: .drop, shard: 1, epoch: 5))
        #expect(FaultInjection("reorder:0:12")?.action(shard: 0, epoch: 12) == .hold)
        #expect(FaultInjection("reorder:0:12")?.action(shard: 1, epoch: 12) == nil)
        #expect(FaultInjection("lose:1:5") == nil)
        #expect(FaultInjection("drop:1") == nil)
    }
}
