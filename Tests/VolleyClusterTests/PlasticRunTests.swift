// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// Plastic runs through the volley executable: the conditioning experiment learns its
/// association (and only when bell and food are paired), and plastic spikes and weights are the
/// same in process on any layout and over worker processes.
@Suite(.serialized) struct PlasticRunTests {
    static func run(_ config: String, _ extra: [String]) throws -> [String: Any] {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config(config), "--out", dir, "--quiet"] + extra)
        #expect(r.status == 0, "\(r.output)")
        return try VolleyProcess.summary(in: dir)
    }

    static func task(_ s: [String: Any]) -> [String: Double] {
        (s["task"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Double }
    }

    @Test(arguments: [1, 2])
    func theIsletLearnsTheAssociation(seed: Int) throws {
        let summary = try Self.run("conditioning.yaml", ["--seed", "\(seed)"])
        let t = Self.task(summary)
        // --seed draws the schedule too (the shuffled arm's pairing differs between these seeds).
        let permutation = (summary["task"] as? [String: Any])?["permutation"] as? [Int]
        #expect(permutation == (seed == 1 ? [1, 0, 3, 2] : [2, 3, 0, 1]))
        let chance = try #require(t["chance"])
        #expect(abs(chance - 0.25) < 1e-12)
        #expect(t["after"] ?? 0 >= 0.9, "after training: \(t)")
        for control in ["before", "unpaired", "shuffled"] {
            #expect(t[control] ?? 1 <= chance + 0.1, "\(control): \(t)")
        }
    }

    @Test func conditioningIsTheSameOverWorkers() throws {
        let local = try Self.run("conditioning.yaml", ["--seed", "4", "--shards", "3", "--threads", "2"])
        let reference = (local["spikes_sha256"] as? String, local["weights_sha256"] as? String)
        #expect(reference.0 != nil && reference.1 != nil)
        #expect(local["plastic_synapses"] as? Int == 3 * 16 * 20 * 20)
        let distributed = try Self.run("conditioning.yaml", ["--seed", "4", "--workers", "2"])
        #expect(distributed["spikes_sha256"] as? String == reference.0)
        #expect(distributed["weights_sha256"] as? String == reference.1)
        #expect(Self.task(distributed) == Self.task(local))
    }

    @Test func hpcBenchmarkIsTheSameOnEveryLayout() throws {
        let base = ["--set", "parameters.scale=0.05", "--t-sim", "60", "--seed", "4"]
        let one = try Self.run("hpc_benchmark.yaml", base + ["--shards", "1", "--threads", "1"])
        let reference = (one["spikes_sha256"] as? String, one["weights_sha256"] as? String)
        #expect((one["spikes"] as? Int ?? 0) > 500)
        #expect((one["plastic_synapses"] as? Int ?? 0) == 450 * 9000)
        for layout in [["--shards", "3", "--threads", "2"], ["--workers", "2"]] {
            let other = try Self.run("hpc_benchmark.yaml", base + layout)
            #expect(other["spikes_sha256"] as? String == reference.0, "\(layout)")
            #expect(other["weights_sha256"] as? String == reference.1, "\(layout)")
        }
        let seed = try Self.run("hpc_benchmark.yaml", ["--set", "parameters.scale=0.05", "--t-sim", "60", "--seed", "5"])
        #expect(seed["weights_sha256"] as? String != reference.1)
    }
}
