// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The same spikes in one process, over 1, 2 and 4 local worker processes (ipc), and from a
/// coordinator with two workers over tcp (DESIGN §2–3).
@Suite(.serialized) struct ClusterEquivalenceTests {
    static func hash(_ args: [String]) throws -> String {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run"] + args + ["--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.output)")
        return try VolleyProcess.spikeHash(in: dir)
    }

    /// A coordinator on loopback tcp and two workers, as separate processes.
    static func tcpHash(_ args: [String]) throws -> String {
        let dir = try VolleyProcess.temporaryDirectory()
        let coordinator = try ChildProcess(
            ["coordinator"] + args + ["--listen", "tcp://127.0.0.1:*", "--workers", "2", "--out", dir + "/out"], log: dir + "/c.log")
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator))
        let workers = try (0..<2).map { try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log") }
        try #require(coordinator.wait(upTo: 300) != nil, "the tcp run did not end: \(coordinator.output)")
        for w in workers { try #require(w.wait(upTo: 10) != nil, "a worker did not end") }
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        #expect(workers.allSatisfy { $0.exitStatus == 0 }, "\(workers.map(\.output))")
        return try VolleyProcess.spikeHash(in: dir + "/out")
    }

    static func expectAllEqual(_ args: [String]) throws {
        let reference = try hash(args)
        for w in [1, 2, 4] {
            #expect(try hash(args + ["--workers", "\(w)"]) == reference, "\(w) workers")
        }
        #expect(try tcpHash(args) == reference, "coordinator and 2 workers over tcp")
    }

    @Test func brunelScaledDown() throws {
        try Self.expectAllEqual([VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=250", "--t-sim", "200", "--seed", "5"])
    }

    @Test func microcircuitAtTwoPercent() throws {
        try Self.expectAllEqual([VolleyProcess.config("microcircuit.yaml"), "--set", "parameters.scale=0.02", "--t-sim", "200", "--seed", "5"])
    }

    @Test(.enabled(if: VolleyProcess.slowTestsEnabled, "full-scale Brunel; make test runs it on a release build"))
    func brunelFullScale() throws {
        try Self.expectAllEqual([VolleyProcess.config("brunel.yaml"), "--t-sim", "300", "--seed", "5"])
    }

    @Test func workersWithThreadsAndMoreShards() throws {
        let args = [VolleyProcess.config("microcircuit.yaml"), "--set", "parameters.scale=0.02", "--t-sim", "100", "--seed", "6"]
        #expect(try Self.hash(args + ["--workers", "2", "--threads", "2", "--shards", "5"]) == Self.hash(args))
    }

    @Test func theSummaryCarriesTheConservationReport() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run([
            "run", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=100", "--t-sim", "60", "--workers", "3",
            "--out", dir, "--quiet",
        ])
        #expect(r.status == 0, "\(r.output)")
        let s = try VolleyProcess.summary(in: dir)
        #expect(s["workers"] as? Int == 3)
        let conservation = try #require(s["conservation"] as? [String: Any])
        #expect(conservation["complete"] as? Bool == true)
        let edges = try #require(conservation["edges"] as? [[String: Any]])
        // Every shard reaches the recorder and the two other workers: 3 × 3 edges, 40 frames each.
        #expect(edges.count == 9)
        #expect(edges.allSatisfy { $0["frames_sent"] as? Int == 40 && $0["frames_received"] as? Int == 40 })
        #expect(edges.allSatisfy { $0["spikes_sent"] as? Int == $0["spikes_received"] as? Int })
    }

    @Test func theSummaryReportsWhatEachWorkerCost() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run([
            "run", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=100", "--t-sim", "60", "--workers", "2",
            "--out", dir, "--quiet",
        ])
        #expect(r.status == 0, "\(r.output)")
        let s = try VolleyProcess.summary(in: dir)
        let detail = try #require(s["workers_detail"] as? [[String: Any]])
        #expect(detail.map { $0["worker"] as? Int } == [0, 1])
        #expect(detail.map { $0["shards"] as? [Int] } == [[0], [1]])
        for w in detail {
            #expect((w["peak_rss_mb"] as? Double ?? 0) > 1, "\(w)")
            #expect((w["build_s"] as? Double ?? -1) >= 0, "\(w)")
            #expect((w["sim_s"] as? Double ?? 0) > 0, "\(w)")
        }
        // peak_rss_mb keeps its meaning (this process's, here the coordinator's); the totals add up.
        let memory = try #require(s["memory"] as? [String: Any])
        let coordinator = try #require(memory["coordinator_peak_rss_mb"] as? Double)
        let workers = try #require(memory["workers_peak_rss_mb"] as? Double)
        let total = try #require(memory["total_peak_rss_mb"] as? Double)
        #expect(memory["peak_rss_mb"] as? Double == coordinator)
        #expect(abs(workers - detail.reduce(0) { $0 + ($1["peak_rss_mb"] as? Double ?? 0) }) < 1e-6)
        #expect(abs(total - (coordinator + workers)) < 1e-6 && total > coordinator)
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("spikes_sha256") })
        #expect(line.contains("over 2 workers + coordinator") && line.contains("build "), "\(line)")
    }
}

/// Reading a coordinator's bound endpoint from its log.
enum TCPCoordinator {
    static func endpoint(of coordinator: ChildProcess) -> String? {
        guard coordinator.waitForOutput("coordinator on tcp://", upTo: 30) else { return nil }
        let line = coordinator.output.split(separator: "\n").first { $0.contains("coordinator on tcp://") }!
        let start = line.range(of: "tcp://")!.lowerBound
        return String(line[start...].prefix { $0 != "," && $0 != " " })
    }
}
