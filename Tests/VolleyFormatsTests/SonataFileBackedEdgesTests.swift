// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CHDF5
import Foundation
import Testing
import VolleyFormats
import VolleyTestKit

/// A SONATA edge population of 100,000 rows or more stays in its file: every process that
/// builds shards reads it, so the spec (and each worker's assignment) stays small. The run is
/// the same on any layout, over worker processes too.
@Suite struct SonataFileBackedEdgesTests {
    /// The example circuit with its recurrent edges replaced by `rows` edges among its 200 cells:
    /// exc→exc and inh→inh rows in a group with `nsyns`, exc→inh and inh→exc rows in a group with
    /// their own `syn_weight` and off-grid `delay`.
    static func circuit(rows: Int) throws -> String {
        let dir = try SonataFixture.copy()
        for f in FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? [] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir + "/" + f)
        }
        try """
            edge_type_id target_query source_query model_template dynamics_params delay syn_weight
            100 ei=='e' ei=='e' static_synapse ExcToExc.json 1.5 0.4
            101 ei=='i' ei=='e' nest:static_synapse ExcToInh.json 1.0 NULL
            102 ei=='e' ei=='i' static_synapse InhToExc.json NULL NULL
            103 ei=='i' ei=='i' static_synapse InhToInh.json 0.8 -0.6

            """.write(toFile: dir + "/network/net_net_edge_types.csv", atomically: true, encoding: .utf8)
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var sources: [UInt64] = [], targets: [UInt64] = [], types: [Int64] = [], groups: [Int64] = [], indices: [Int64] = []
        var nsyns: [Int64] = [], weights: [Double] = [], delays: [Double] = []
        for r in 0..<rows {
            let s = next(200), t = r * 200 / rows
            sources.append(UInt64(s))
            targets.append(UInt64(t))
            let (fromInh, toInh) = (s >= 160, t >= 160)
            types.append(fromInh ? (toInh ? 103 : 102) : (toInh ? 101 : 100))
            if fromInh == toInh {
                groups.append(0)
                indices.append(Int64(nsyns.count))
                nsyns.append(Int64(1 + next(2)))
            } else {
                groups.append(1)
                indices.append(Int64(weights.count))
                weights.append(fromInh ? -0.8 - Double(next(10)) / 10 : 0.3 + Double(next(10)) / 20)
                delays.append(0.5 + Double(next(251)) / 100)
            }
        }
        let path = dir + "/network/net_net_edges.h5"
        try FileManager.default.removeItem(atPath: path)
        do {
            let w = try HDF5TestWriter(path: path)
            try w.dataset("/edges/net_to_net/source_node_id", uint64: sources)
            try w.dataset("/edges/net_to_net/target_node_id", uint64: targets)
            try w.dataset("/edges/net_to_net/edge_type_id", int64: types)
            try w.dataset("/edges/net_to_net/edge_group_id", int64: groups)
            try w.dataset("/edges/net_to_net/edge_group_index", int64: indices)
            try w.dataset("/edges/net_to_net/0/nsyns", int64: nsyns)
            try w.dataset("/edges/net_to_net/1/syn_weight", doubles: weights)
            try w.dataset("/edges/net_to_net/1/delay", doubles: delays)
            try w.attribute("node_population", "net", on: "/edges/net_to_net/source_node_id")
            try w.attribute("node_population", "net", on: "/edges/net_to_net/target_node_id")
        }
        return dir
    }

    @Test func aLargeEdgePopulationIsReadFromItsFileByEveryProcess() throws {
        let dir = try Self.circuit(rows: 120_000)
        let config = dir + "/simulation_config.json"
        let validate = try VolleyProcess.run(["validate", config])
        #expect(validate.status == 0, "\(validate.output)")
        #expect(validate.stdout.contains("explicit (rows read from \(dir)/network/net_net_edges.h5), about 120000 synapses"), "\(validate.stdout)")
        // The small input population stays in the spec.
        #expect(validate.stdout.contains("input → net:100+net:101: explicit, about 1993 synapses"), "\(validate.stdout)")

        var hashes: [String] = []
        for (k, layout) in [["--shards", "1"], ["--shards", "3", "--threads", "2"], ["--workers", "2"]].enumerated() {
            let out = dir + "/out\(k)"
            let run = try VolleyProcess.run(["run", config, "--out", out, "--quiet"] + layout)
            #expect(run.status == 0, "\(layout): \(run.output)")
            let summary = try VolleyProcess.summary(in: out)
            hashes.append(summary["spikes_sha256"] as? String ?? "")
            #expect((summary["spikes"] as? Int ?? 0) > 565, "the network fires, beyond its 565 input spikes: \(summary)")
        }
        #expect(Set(hashes).count == 1, "\(hashes)")
    }
}
