// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// Faults end the whole run within 5 s, non-zero, naming who died, leaving no process behind;
/// lost, duplicated or reordered data is a hard error naming the shard and the epoch.
@Suite(.serialized) struct ClusterFaultTests {
    /// A run that would go on for minutes.
    static let long = [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=250", "--t-sim", "600000"]

    private func workerPIDs(under pid: Int32) -> [Int32] {
        ProcessTree.descendants(of: pid).filter { ProcessTree.commandLine($0).contains(" worker ") }
    }

    private func waitForWorkers(under pid: Int32, count: Int) -> [Int32] {
        for _ in 0..<300 {
            let w = workerPIDs(under: pid)
            if w.count == count { return w }
            usleep(50_000)
        }
        return []
    }

    @Test func aKilledWorkerEndsTheRunNamingIt() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let run = try ChildProcess(["run"] + Self.long + ["--workers", "2", "--out", dir + "/out"], log: dir + "/run.log")
        let workers = waitForWorkers(under: run.pid, count: 2)
        try #require(workers.count == 2, "no workers under volley run: \(run.output)")
        #expect(run.waitForOutput("2 workers joined", upTo: 30))
        usleep(1_000_000)
        let victim = workers[0]
        kill(victim, SIGKILL)
        let took = try #require(run.wait(upTo: 10), "volley run still going 10 s after its worker was killed")
        #expect(took <= 5, "volley run took \(took) s")
        #expect(run.exitStatus != 0)
        #expect(run.output.contains("pid \(victim)"), "\(run.output)")
        #expect(run.output.contains("SIGKILL"))
        #expect(!ProcessTree.isAlive(workers[1]), "the other worker is still alive")
    }

    @Test func aKilledCoordinatorEndsItsWorkers() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let coordinator = try ChildProcess(
            ["coordinator"] + Self.long + ["--listen", "tcp://127.0.0.1:*", "--workers", "2", "--out", dir + "/out"], log: dir + "/c.log")
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator))
        let workers = try (0..<2).map { try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log") }
        #expect(coordinator.waitForOutput("2 workers joined", upTo: 30))
        usleep(1_500_000)
        #expect(workers.allSatisfy { $0.isRunning })
        coordinator.signal(SIGKILL)
        for w in workers {
            let took = try #require(w.wait(upTo: 10), "a worker still runs 10 s after the coordinator was killed")
            #expect(took <= 5, "a worker outlived the coordinator by \(took) s")
            #expect(w.exitStatus != 0)
            #expect(w.output.contains("coordinator"), "\(w.output)")
        }
    }

    @Test func interruptingVolleyRunStopsEveryChild() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let run = try ChildProcess(["run"] + Self.long + ["--workers", "2", "--out", dir + "/out"], log: dir + "/run.log")
        let workers = waitForWorkers(under: run.pid, count: 2)
        try #require(workers.count == 2)
        #expect(run.waitForOutput("2 workers joined", upTo: 30))
        run.signal(SIGINT)
        let took = try #require(run.wait(upTo: 10), "volley run still going 10 s after SIGINT")
        #expect(took <= 5)
        #expect(run.exitStatus != 0)
        #expect(run.output.contains("SIGINT"))
        usleep(200_000)
        #expect(workers.allSatisfy { !ProcessTree.isAlive($0) }, "workers left behind")
    }

    @Test(arguments: [
        ("drop:1:5", "expected epoch 5 from shard 1"),
        ("reorder:0:9", "expected epoch 9 from shard 0"),
        ("duplicate:1:3", "a second frame for epoch 3 from shard 1"),
    ])
    func lossIsLoud(fault: String, message: String) throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let run = try ChildProcess(
            ["run", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=100", "--t-sim", "100", "--workers", "2",
             "--out", dir + "/out", "--quiet"],
            environment: ["VOLLEY_FAULT": fault], log: dir + "/run.log")
        try #require(run.wait(upTo: 60) != nil)
        #expect(run.exitStatus == 1)
        #expect(run.output.contains(message), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/summary.json"))
    }
}
