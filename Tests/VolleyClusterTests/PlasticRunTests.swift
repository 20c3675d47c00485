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
        try runIn(config, extra).summary
    }

    static func runIn(_ config: String, _ extra: [String]) throws -> (dir: String, summary: [String: Any]) {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config(config), "--out", dir, "--quiet"] + extra)
        #expect(r.status == 0, "\(r.output)")
        return (dir, try VolleyProcess.summary(in: dir))
    }

    /// Both runs wrote weights.h5, and h5py reads the same file from each (without
    /// `VOLLEY_PYTHON`, only that the files exist).
    static func expectSameWeightsFile(_ a: String, _ b: String) throws {
        #expect(FileManager.default.fileExists(atPath: a + "/weights.h5") && FileManager.default.fileExists(atPath: b + "/weights.h5"))
        guard let python = VolleyProcess.python else { return }
        let script = VolleyProcess.repositoryRoot.appendingPathComponent("Tests/VolleyCLITests/Fixtures/compare_weights_h5.py").path
        let check = try VolleyProcess.run([script, a + "/weights.h5", b + "/weights.h5"], executable: python)
        #expect(check.status == 0, "\(check.output)")
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
        let (localDir, local) = try Self.runIn("conditioning.yaml", ["--seed", "4", "--shards", "3", "--threads", "2"])
        let reference = (local["spikes_sha256"] as? String, local["weights_sha256"] as? String)
        #expect(reference.0 != nil && reference.1 != nil)
        #expect(local["plastic_synapses"] as? Int == 3 * 16 * 20 * 20)
        let (dir, distributed) = try Self.runIn("conditioning.yaml", ["--seed", "4", "--workers", "2"])
        #expect(distributed["spikes_sha256"] as? String == reference.0)
        #expect(distributed["weights_sha256"] as? String == reference.1)
        #expect(Self.task(distributed) == Self.task(local))
        // The files too: the weight recorder's records and the final state of every synapse.
        #expect(try String(contentsOfFile: dir + "/weights.csv", encoding: .utf8)
            == String(contentsOfFile: localDir + "/weights.csv", encoding: .utf8))
        try Self.expectSameWeightsFile(localDir, dir)
    }

    /// --no-weights-file leaves weights.h5 out (it can be gigabytes) but hashes the same weights.
    @Test func theWeightsFileCanBeLeftOut() throws {
        let (with, full) = try Self.runIn("conditioning.yaml", ["--seed", "5"])
        let (without, lean) = try Self.runIn("conditioning.yaml", ["--seed", "5", "--no-weights-file"])
        #expect(FileManager.default.fileExists(atPath: with + "/weights.h5"))
        #expect(!FileManager.default.fileExists(atPath: without + "/weights.h5"))
        #expect(lean["weights_sha256"] as? String == full["weights_sha256"] as? String && lean["weights_sha256"] != nil)
    }

    @Test func hpcBenchmarkIsTheSameOnEveryLayout() throws {
        let base = ["--set", "parameters.scale=0.05", "--t-sim", "60", "--seed", "4"]
        let (oneDir, one) = try Self.runIn("hpc_benchmark.yaml", base + ["--shards", "1", "--threads", "1"])
        let reference = (one["spikes_sha256"] as? String, one["weights_sha256"] as? String)
        #expect((one["spikes"] as? Int ?? 0) > 500)
        #expect((one["plastic_synapses"] as? Int ?? 0) == 450 * 9000)
        for layout in [["--shards", "3", "--threads", "2"], ["--workers", "3", "--shards", "4"]] {
            let (dir, other) = try Self.runIn("hpc_benchmark.yaml", base + layout)
            #expect(other["spikes_sha256"] as? String == reference.0, "\(layout)")
            #expect(other["weights_sha256"] as? String == reference.1, "\(layout)")
            if layout.first == "--workers" { try Self.expectSameWeightsFile(oneDir, dir) }
        }
        let seed = try Self.run("hpc_benchmark.yaml", ["--set", "parameters.scale=0.05", "--t-sim", "60", "--seed", "5"])
        #expect(seed["weights_sha256"] as? String != reference.1)
    }
}
