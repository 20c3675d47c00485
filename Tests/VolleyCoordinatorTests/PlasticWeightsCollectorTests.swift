// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
@testable import VolleyCoordinator
import VolleyCore
import VolleyTestKit
import VolleyWire

/// The coordinator's side of collecting final weights, without sockets: segments are asked for
/// in the file's order from the worker holding each shard, chunks are acknowledged as written,
/// and anything out of order or malformed is refused, naming it.
@Suite struct PlasticWeightsCollectorTests {
    static let spec = ExampleNetworks.plastic()

    /// The plastic projections' (projection, target population) pairs in order.
    static var pairs: [(Int, Int)] {
        spec.projections.indices.filter { spec.projections[$0].synapse.kind.isPlastic }.flatMap { p in
            spec.projections[p].targets.sorted().map { (p, $0) }
        }
    }

    func chunk(_ s: WeightsSegment, _ index: Int, last: Bool, synapses: Int) -> WeightsChunk {
        let variables = Self.spec.projections[s.projection].synapse.kind.stateVariables.count
        return WeightsChunk(segment: s, index: index, last: last, columns: .init(
            source: (0..<synapses).map(UInt32.init), target: Array(repeating: 1, count: synapses),
            delay: Array(repeating: 1, count: synapses), weight: (0..<synapses).map(Double.init),
            state: Array(repeating: Array(repeating: 0, count: synapses), count: variables)))
    }

    @Test func asksForEverySegmentInOrderAndWritesTheFile() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let c = try PlasticWeightsCollector(path: dir + "/weights.h5", spec: Self.spec, shards: 2, owners: [0: 0, 1: 1])
        var asked = try c.start()
        var segments: [WeightsSegment] = []
        var written = 0
        while !c.isComplete {
            guard case .weightsRequest(let s) = asked.last?.0 else {
                Issue.record("no request: \(asked)")
                return
            }
            #expect(asked.last?.to == UInt32(s.shard))
            segments.append(s)
            // Two chunks per segment: the first acknowledged alone, the last with the next request.
            #expect(try c.accept(chunk(s, 0, last: false, synapses: 3), from: UInt32(s.shard)).map(\.0) == [.weightsAck(index: 0)])
            asked = try c.accept(chunk(s, 1, last: true, synapses: 2), from: UInt32(s.shard))
            #expect(asked.first?.0 == .weightsAck(index: 1))
            written += 5
        }
        #expect(segments == Self.pairs.flatMap { p, q in (0..<2).map { WeightsSegment(projection: p, population: q, shard: $0) } })
        #expect(c.synapses == written)
        #expect(FileManager.default.fileExists(atPath: dir + "/weights.h5"))
    }

    @Test func aChunkOutOfOrderFromTheWrongWorkerOrMalformedIsRefused() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let c = try PlasticWeightsCollector(path: dir + "/weights.h5", spec: Self.spec, shards: 2, owners: [0: 0, 1: 1])
        guard case .weightsRequest(let s) = try c.start().first?.0 else {
            Issue.record("no request")
            return
        }
        #expect(throws: PlasticWeightsCollector.Failure.self) { try c.accept(chunk(s, 0, last: true, synapses: 1), from: 1) }
        #expect(throws: PlasticWeightsCollector.Failure.self) { try c.accept(chunk(s, 1, last: true, synapses: 1), from: 0) }
        var bad = chunk(s, 0, last: true, synapses: 2)
        bad.count = 3
        let error = #expect(throws: PlasticWeightsCollector.Failure.self) { try c.accept(bad, from: 0) }
        #expect(error?.description.contains("malformed") == true)
    }
}
