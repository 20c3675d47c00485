// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyRuntime
import VolleyTransport
import VolleyWire
import VolleyFormats

/// Events sent and received on every edge of the data plane (source shard → receiving worker
/// or recorder), compared at the end of a run (DESIGN §4). Any difference fails the run.
struct ConservationReport {
    struct Edge {
        let shard: Int
        let receiver: String
        let sent: (frames: UInt64, spikes: UInt64)
        let received: (frames: UInt64, spikes: UInt64)
    }

    let edges: [Edge]

    init(reports: [WorkerReport], recorder: [UInt32: (frames: UInt64, spikes: UInt64)], workers: [CoordinatorMachine.WorkerRecord]) throws {
        var sent: [Int: (UInt64, UInt64)] = [:]
        for r in reports { for c in r.sent { sent[c.shard] = (c.frames, c.spikes) } }
        var edges: [Edge] = []
        for (shard, counts) in recorder.sorted(by: { $0.key < $1.key }) {
            edges.append(Edge(shard: Int(shard), receiver: "recorder", sent: sent[Int(shard)] ?? (0, 0), received: counts))
        }
        for r in reports.sorted(by: { $0.worker < $1.worker }) {
            for c in r.received {
                edges.append(Edge(shard: c.shard, receiver: "worker \(r.worker)", sent: sent[c.shard] ?? (0, 0), received: (c.frames, c.spikes)))
            }
        }
        self.edges = edges
        if let bad = edges.first(where: { $0.sent != $0.received }) {
            throw TransportError.failed(
                "conservation check failed: shard \(bad.shard) sent \(bad.sent.frames) frames (\(bad.sent.spikes) spikes) "
                    + "but \(bad.receiver) received \(bad.received.frames) frames (\(bad.received.spikes) spikes)")
        }
    }

    var json: JSONValue {
        .object([
            ("complete", .bool(edges.allSatisfy { $0.sent == $0.received })),
            ("edges", .array(edges.map { e in
                .object([
                    ("from_shard", .integer(e.shard)), ("to", .string(e.receiver)),
                    ("frames_sent", .integer(Int(e.sent.frames))), ("frames_received", .integer(Int(e.received.frames))),
                    ("spikes_sent", .integer(Int(e.sent.spikes))), ("spikes_received", .integer(Int(e.received.spikes))),
                ])
            })),
        ])
    }
}
