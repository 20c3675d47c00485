// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyRuntime
import VolleyWire

/// Collects a distributed run's final plastic weights into `weights.h5`, segment by segment in
/// the file's order (projection, target population, shard), each from the worker holding the
/// shard: the same file an in-process run writes. One segment is in flight at a time, and its
/// chunks are acknowledged as they are written, so neither side holds more than a few.
final class PlasticWeightsCollector {
    /// Something wrong with what a worker sent.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let segments: [WeightsSegment]
    private let owner: [Int: UInt32]
    private let file: PlasticWeightsFile
    private var current = 0
    private var nextIndex = 0
    private(set) var synapses = 0

    /// `owners[s]` is the index of the worker holding shard s.
    init(path: String, spec: NetworkSpec, shards: Int, owners: [Int: UInt32]) throws {
        var list: [WeightsSegment] = []
        for p in spec.projections.indices where spec.projections[p].synapse.kind.isPlastic {
            for q in spec.projections[p].targets.sorted() {
                for s in 0..<shards { list.append(WeightsSegment(projection: p, population: q, shard: s)) }
            }
        }
        segments = list
        owner = owners
        file = try PlasticWeightsFile(path: path, spec: spec)
    }

    /// Whether every segment has been written (and the file closed).
    var isComplete: Bool { current == segments.count }

    /// The first request, or nothing (and the file closed) for a model without plastic synapses.
    func start() throws -> [(ControlMessage, to: UInt32)] {
        guard !segments.isEmpty else {
            try file.close()
            return []
        }
        return [request()]
    }

    /// Writes a chunk from worker `from`; returns what to send next (its acknowledgement, and
    /// the next request when the segment is done). After the last segment the file is closed.
    func accept(_ chunk: WeightsChunk, from: UInt32) throws -> [(ControlMessage, to: UInt32)] {
        guard current < segments.count, chunk.segment == segments[current], owner[chunk.segment.shard] == from, chunk.index == nextIndex else {
            throw Failure(description: "worker \(from) sent chunk \(chunk.index) of \(chunk.segment) while "
                + (current < segments.count ? "chunk \(nextIndex) of \(segments[current])" : "nothing") + " was expected")
        }
        guard let c = chunk.decodeColumns() else {
            throw Failure(description: "worker \(from) sent a malformed chunk \(chunk.index) of \(chunk.segment)")
        }
        try file.append(projection: chunk.segment.projection, source: c.source, target: c.target, delay: c.delay, weight: c.weight, state: c.state)
        synapses += c.weight.count
        var out: [(ControlMessage, to: UInt32)] = [(.weightsAck(index: chunk.index), from)]
        nextIndex += 1
        if chunk.last {
            current += 1
            nextIndex = 0
            if current < segments.count { out.append(request()) } else { try file.close() }
        }
        return out
    }

    private func request() -> (ControlMessage, to: UInt32) {
        let s = segments[current]
        return (.weightsRequest(s), owner[s.shard]!)
    }
}
