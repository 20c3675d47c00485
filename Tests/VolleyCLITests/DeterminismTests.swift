// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyTestKit

/// DESIGN §2 through the command line: the model files give the same `spikes_sha256` for any
/// number of shards and threads, and the seed matters.
@Suite struct DeterminismTests {
    private func hash(_ config: String, _ args: [String]) throws -> String {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config(config), "--out", dir, "--quiet"] + args)
        #expect(r.status == 0, "\(r.output)")
        return try VolleyProcess.spikeHash(in: dir)
    }

    private func expectShardAndThreadInvariance(_ config: String, _ args: [String]) throws {
        let reference = try hash(config, args + ["--shards", "1", "--threads", "1"])
        for shards in [1, 2, 3, 7] {
            for threads in [1, 2] where !(shards == 1 && threads == 1) {
                let h = try hash(config, args + ["--shards", "\(shards)", "--threads", "\(threads)"])
                #expect(h == reference, "\(config) \(args) on \(shards) shards, \(threads) threads")
            }
        }
    }

    @Test func microcircuitAtTwoPercent() throws {
        try expectShardAndThreadInvariance("microcircuit.yaml", ["--set", "parameters.scale=0.02", "--t-sim", "200", "--seed", "3"])
    }

    @Test func brunelScaledDown() throws {
        try expectShardAndThreadInvariance("brunel.yaml", ["--set", "parameters.order=250", "--t-sim", "200", "--seed", "3"])
    }

    @Test(.enabled(if: VolleyProcess.slowTestsEnabled, "full-scale Brunel; make test runs it on a release build"))
    func brunelFullScale() throws {
        try expectShardAndThreadInvariance("brunel.yaml", ["--t-sim", "300", "--seed", "3"])
    }

    @Test func theSeedMatters() throws {
        let args = ["--set", "parameters.order=250", "--t-sim", "200"]
        #expect(try hash("brunel.yaml", args + ["--seed", "3"]) != hash("brunel.yaml", args + ["--seed", "4"]))
        let mc = ["--set", "parameters.scale=0.02", "--t-sim", "200"]
        #expect(try hash("microcircuit.yaml", mc + ["--seed", "3"]) != hash("microcircuit.yaml", mc + ["--seed", "4"]))
    }
}
