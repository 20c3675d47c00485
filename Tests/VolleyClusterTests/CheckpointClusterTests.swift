// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// Issue 15 with real processes: distributed checkpoints resume on any layout, a lost worker
/// rolls the run back to the latest checkpoint and the run still ends with the uninterrupted
/// spikes, and a coordinator waits for a replacement worker started by hand.
@Suite(.serialized) struct CheckpointClusterTests {
    /// A small Brunel network, long enough in model time that a worker can be killed mid-run.
    static func model(tSim: Int) -> [String] {
        [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=100", "--t-sim", "\(tSim)", "--seed", "4"]
    }

    static func uninterrupted(tSim: Int, in dir: String) throws -> String {
        let r = try VolleyProcess.run(["run"] + model(tSim: tSim) + ["--out", dir + "/plain", "--quiet"])
        try #require(r.status == 0, "\(r.output)")
        return try VolleyProcess.spikeHash(in: dir + "/plain")
    }

    static func waitFor(_ path: String, while process: ChildProcess, upTo seconds: Double = 120) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            if !process.isRunning { return false }
            usleep(50_000)
        }
        return false
    }

    @Test func checkpointsOfADistributedRunResumeInProcessAndOverWorkers() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let want = try Self.uninterrupted(tSim: 300, in: dir)
        let run = try VolleyProcess.run(["run"] + Self.model(tSim: 300) + [
            "--workers", "2", "--checkpoint-every", "100", "--checkpoint-dir", dir + "/ck", "--out", dir + "/dist", "--quiet"])
        try #require(run.status == 0, "\(run.output)")
        #expect(try VolleyProcess.spikeHash(in: dir + "/dist") == want, "checkpointing changed the distributed run")
        for (name, layout) in [("a", ["--threads", "2", "--shards", "3"]), ("b", ["--workers", "3"])] {
            let r = try VolleyProcess.run(["resume", dir + "/ck", "--at", "100", "--out", dir + "/" + name, "--quiet"] + layout)
            try #require(r.status == 0, "\(layout): \(r.output)")
            #expect(try VolleyProcess.spikeHash(in: dir + "/" + name) == want, "\(layout)")
            #expect(FileManager.default.contents(atPath: dir + "/\(name)/spikes.csv") == FileManager.default.contents(atPath: dir + "/plain/spikes.csv"))
        }
    }

    @Test func aLostWorkerRollsTheRunBackToItsLatestCheckpoint() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let want = try Self.uninterrupted(tSim: 3000, in: dir)
        let run = try ChildProcess(["run"] + Self.model(tSim: 3000) + [
            "--workers", "3", "--checkpoint-every", "100", "--checkpoint-dir", dir + "/ck", "--out", dir + "/lossy"], log: dir + "/run.log")
        try #require(Self.waitFor(dir + "/ck/200/manifest.json", while: run), "no checkpoint at 200 ms: \(run.output)")
        let workers = ProcessTree.descendants(of: run.pid).filter { ProcessTree.commandLine($0).contains(" worker ") }
        try #require(workers.count == 3, "\(run.output)")
        kill(workers[1], SIGKILL)
        let took = try #require(run.wait(upTo: 300), "volley run still going 300 s after losing a worker")
        #expect(run.exitStatus == 0, "\(run.output)")
        #expect(run.output.contains("pid \(workers[1])"), "the log names the lost worker: \(run.output)")
        #expect(run.output.contains("resuming from checkpoint \(dir)/ck/"), "\(run.output)")
        #expect(try VolleyProcess.spikeHash(in: dir + "/lossy") == want, "after \(took) s")
        #expect(FileManager.default.contents(atPath: dir + "/lossy/spikes.csv") == FileManager.default.contents(atPath: dir + "/plain/spikes.csv"))
        #expect(ProcessTree.descendants(of: getpid()).allSatisfy { !ProcessTree.commandLine($0).contains(dir) }, "processes left behind")
    }

    @Test func aCoordinatorWaitsForAReplacementWorker() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let want = try Self.uninterrupted(tSim: 3000, in: dir)
        let coordinator = try ChildProcess(["coordinator"] + Self.model(tSim: 3000) + [
            "--listen", "tcp://127.0.0.1:*", "--workers", "2", "--checkpoint-every", "100", "--checkpoint-dir", dir + "/ck",
            "--replacement-timeout", "60", "--out", dir + "/co"], log: dir + "/c.log")
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator))
        let workers = try (0..<2).map { try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log") }
        try #require(Self.waitFor(dir + "/ck/200/manifest.json", while: coordinator), "no checkpoint at 200 ms: \(coordinator.output)")
        workers[0].signal(SIGKILL)
        #expect(coordinator.waitForOutput("waiting up to 60 s", upTo: 30), "\(coordinator.output)")
        let replacement = try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w2.log")
        let took = try #require(coordinator.wait(upTo: 300), "the coordinator is still going 300 s after the replacement joined")
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        #expect(try VolleyProcess.spikeHash(in: dir + "/co") == want, "after \(took) s")
        #expect(workers[1].output.contains("joining \(endpoint) again"), "\(workers[1].output)")
        for w in [workers[1], replacement] {
            _ = w.wait(upTo: 10)
            #expect(w.exitStatus == 0, "\(w.output)")
        }
    }

    @Test func withoutAReplacementTheCoordinatorSaysHowToResume() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let coordinator = try ChildProcess(["coordinator"] + Self.model(tSim: 3000) + [
            "--listen", "tcp://127.0.0.1:*", "--workers", "2", "--checkpoint-every", "100", "--checkpoint-dir", dir + "/ck",
            "--replacement-timeout", "3", "--out", dir + "/co"], log: dir + "/c.log")
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator))
        let workers = try (0..<2).map { try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log") }
        try #require(Self.waitFor(dir + "/ck/200/manifest.json", while: coordinator), "no checkpoint at 200 ms: \(coordinator.output)")
        workers[1].signal(SIGKILL)
        _ = try #require(coordinator.wait(upTo: 60), "the coordinator did not give up")
        #expect(coordinator.exitStatus != 0)
        #expect(coordinator.output.contains("no replacement joined within 3 s"), "\(coordinator.output)")
        #expect(coordinator.output.contains("--resume \(dir)/ck --at "), "\(coordinator.output)")
        #expect(workers[0].wait(upTo: 30) != nil, "the surviving worker is still waiting")
    }
}

/// Ctrl-C on an in-process run with checkpoints writes one where it stopped and says how to go
/// on; resuming gives the uninterrupted run.
@Suite(.serialized) struct InterruptedCheckpointTests {
    @Test func ctrlCWritesACheckpointAndSaysHowToResume() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let model = CheckpointClusterTests.model(tSim: 20000)
        let run = try ChildProcess(["run"] + model + ["--checkpoint-every", "100000", "--checkpoint-dir", dir + "/ck", "--out", dir + "/a"],
                                   log: dir + "/run.log")
        #expect(run.waitForOutput("built", upTo: 60), "\(run.output)")
        usleep(300_000)
        run.signal(SIGINT)
        _ = try #require(run.wait(upTo: 60), "volley run still going 60 s after SIGINT")
        #expect(run.exitStatus == 130, "\(run.output)")
        #expect(run.output.contains("checkpoint written to \(dir)/ck/"), "\(run.output)")
        #expect(run.output.contains("continue with: volley resume \(dir)/ck"), "\(run.output)")
        let resumed = try VolleyProcess.run(["resume", dir + "/ck", "--out", dir + "/a", "--shards", "2", "--quiet"])
        try #require(resumed.status == 0, "\(resumed.output)")
        let plain = try VolleyProcess.run(["run"] + model + ["--out", dir + "/p", "--quiet"])
        try #require(plain.status == 0)
        #expect(try VolleyProcess.spikeHash(in: dir + "/a") == VolleyProcess.spikeHash(in: dir + "/p"))
        #expect(FileManager.default.contents(atPath: dir + "/a/spikes.csv") == FileManager.default.contents(atPath: dir + "/p/spikes.csv"))
    }

    /// `volley run --workers 2`: the coordinator asks the workers for a checkpoint at the first
    /// epoch not yet released, stops once it is complete, and says how to go on; resuming over
    /// workers again gives the uninterrupted spikes. The workers are in a process group of their
    /// own, so a terminal's Ctrl-C reaches the coordinator only.
    @Test func ctrlCOnADistributedRunWritesACheckpointFirst() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let model = CheckpointClusterTests.model(tSim: 20000)
        let run = try ChildProcess(["run"] + model + [
            "--workers", "2", "--checkpoint-every", "100000", "--checkpoint-dir", dir + "/ck", "--out", dir + "/a"], log: dir + "/run.log")
        #expect(run.waitForOutput("workers joined", upTo: 60), "\(run.output)")
        usleep(500_000)
        let workers = ProcessTree.descendants(of: run.pid).filter { ProcessTree.commandLine($0).contains(" worker ") }
        #expect(workers.count == 2 && workers.allSatisfy { getpgid($0) != getpgid(run.pid) }, "\(workers)")
        run.signal(SIGINT)
        _ = try #require(run.wait(upTo: 60), "volley run still going 60 s after SIGINT")
        #expect(run.exitStatus == 130, "\(run.output)")
        #expect(run.output.contains("SIGINT: writing a checkpoint at "), "\(run.output)")
        #expect(run.output.contains("checkpoint written to \(dir)/ck/"), "\(run.output)")
        #expect(run.output.contains("continue with: volley resume \(dir)/ck --at "), "\(run.output)")
        #expect(run.output.contains("--workers 2 --checkpoint-every 100000"), "\(run.output)")
        #expect(ProcessTree.descendants(of: getpid()).allSatisfy { !ProcessTree.commandLine($0).contains(dir) }, "processes left behind")
        let resumed = try VolleyProcess.run(["resume", dir + "/ck", "--out", dir + "/a", "--workers", "2", "--quiet"])
        try #require(resumed.status == 0, "\(resumed.output)")
        let plain = try VolleyProcess.run(["run"] + model + ["--out", dir + "/p", "--quiet"])
        try #require(plain.status == 0)
        #expect(try VolleyProcess.spikeHash(in: dir + "/a") == VolleyProcess.spikeHash(in: dir + "/p"))
        #expect(FileManager.default.contents(atPath: dir + "/a/spikes.csv") == FileManager.default.contents(atPath: dir + "/p/spikes.csv"))
    }

    /// `volley coordinator` with workers started by hand, all three sent SIGTERM at once (as
    /// Slurm's scancel and Kubernetes do): one checkpoint over both workers, the coordinator exits
    /// 130 naming how to resume, the workers exit 0; the checkpoint resumes in process.
    @Test func sigtermToEveryProcessWritesACheckpointFirst() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let model = CheckpointClusterTests.model(tSim: 20000)
        let coordinator = try ChildProcess(["coordinator"] + model + [
            "--listen", "tcp://127.0.0.1:*", "--workers", "2", "--checkpoint-every", "100000", "--checkpoint-dir", dir + "/ck",
            "--out", dir + "/co"], log: dir + "/c.log")
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator))
        let workers = try (0..<2).map { try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log") }
        #expect(coordinator.waitForOutput("workers joined", upTo: 60), "\(coordinator.output)")
        usleep(500_000)
        for p in [workers[1], coordinator, workers[0]] { p.signal(SIGTERM) }
        _ = try #require(coordinator.wait(upTo: 60), "the coordinator still going 60 s after SIGTERM")
        #expect(coordinator.exitStatus == 130, "\(coordinator.output)")
        #expect(coordinator.output.contains("continue with: volley coordinator <model> --resume \(dir)/ck --at "), "\(coordinator.output)")
        for w in workers {
            #expect(w.wait(upTo: 30) != nil, "a worker is still running")
            #expect(w.exitStatus == 0, "\(w.output)")
            #expect(w.output.contains("stopped after the checkpoint at"), "\(w.output)")
        }
        let resumed = try VolleyProcess.run(["resume", dir + "/ck", "--out", dir + "/co", "--shards", "3", "--quiet"])
        try #require(resumed.status == 0, "\(resumed.output)")
        let plain = try VolleyProcess.run(["run"] + model + ["--out", dir + "/p", "--quiet"])
        try #require(plain.status == 0)
        #expect(FileManager.default.contents(atPath: dir + "/co/spikes.csv") == FileManager.default.contents(atPath: dir + "/p/spikes.csv"))
    }
}

/// The induction demo (attention heads, theta and nested gamma rhythms, activations): resumed
/// in process and over workers, every output equals the uninterrupted run's.
@Suite(.serialized) struct HeadsCheckpointTests {
    @Test func theInductionDemoResumesBitIdentically() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let model = [VolleyProcess.config("induction.yaml"), "--set", "parameters.sequences=12"]
        let plain = try VolleyProcess.run(["run"] + model + ["--out", dir + "/plain", "--quiet"])
        try #require(plain.status == 0, "\(plain.output)")
        let ckpt = try VolleyProcess.run(["run"] + model + [
            "--workers", "2", "--checkpoint-every", "2000", "--checkpoint-dir", dir + "/ck", "--out", dir + "/ckpt", "--quiet"])
        try #require(ckpt.status == 0, "\(ckpt.output)")
        let want = try VolleyProcess.summary(in: dir + "/plain")
        #expect(try VolleyProcess.spikeHash(in: dir + "/ckpt") == want["spikes_sha256"] as? String)
        for (name, layout) in [("a", ["--at", "4000", "--shards", "3", "--threads", "2"]), ("b", ["--at", "6000", "--workers", "2"])] {
            let r = try VolleyProcess.run(["resume", dir + "/ck", "--out", dir + "/" + name, "--quiet"] + layout)
            try #require(r.status == 0, "\(layout): \(r.output)")
            let got = try VolleyProcess.summary(in: dir + "/" + name)
            for key in ["spikes_sha256", "activations_sha256"] {
                #expect(got[key] as? String == want[key] as? String, "\(key) \(layout)")
            }
            #expect(NSDictionary(dictionary: got["task"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: want["task"] as? [String: Any] ?? [:]))
            for file in ["spikes.csv", "activations.csv", "rhythms.csv"] {
                #expect(FileManager.default.contents(atPath: dir + "/\(name)/\(file)") == FileManager.default.contents(atPath: dir + "/plain/" + file), "\(file) \(layout)")
            }
        }
    }
}

/// The microcircuit at scale 0.05 (eight populations, DC drive, Poisson input, drawn delays):
/// checkpointed in process, resumed over two workers and on other shards.
@Suite(.serialized) struct MicrocircuitCheckpointTests {
    @Test func theMicrocircuitResumesBitIdentically() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let model = [VolleyProcess.config("microcircuit.yaml"), "--set", "parameters.scale=0.05", "--t-sim", "300", "--seed", "3"]
        let ckpt = try VolleyProcess.run(["run"] + model + [
            "--threads", "2", "--checkpoint-every", "100", "--checkpoint-dir", dir + "/ck", "--out", dir + "/ckpt", "--quiet"])
        try #require(ckpt.status == 0, "\(ckpt.output)")
        let plain = try VolleyProcess.run(["run"] + model + ["--out", dir + "/plain", "--quiet"])
        try #require(plain.status == 0, "\(plain.output)")
        let want = try VolleyProcess.spikeHash(in: dir + "/plain")
        #expect(try VolleyProcess.spikeHash(in: dir + "/ckpt") == want)
        for (name, layout) in [("a", ["--workers", "2"]), ("b", ["--shards", "3"])] {
            let r = try VolleyProcess.run(["resume", dir + "/ck", "--at", "200", "--out", dir + "/" + name, "--quiet"] + layout)
            try #require(r.status == 0, "\(layout): \(r.output)")
            #expect(try VolleyProcess.spikeHash(in: dir + "/" + name) == want, "\(layout)")
            #expect(FileManager.default.contents(atPath: dir + "/\(name)/spikes.csv") == FileManager.default.contents(atPath: dir + "/plain/spikes.csv"))
        }
    }
}
