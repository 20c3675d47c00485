// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// deploy/slurm/volley.sbatch under a real single-node Slurm started for the test: the job's run
/// gives the spikes of an in-process run, and a worker task that dies fails the job at once.
/// Needs root (the test installs Slurm with apt-get when it is missing); where Slurm cannot be
/// started the test fails with the reason, unless VOLLEY_SKIP_SLURM=1 opts out explicitly.
@Suite(.serialized) struct SlurmTests {
    static let root = VolleyProcess.repositoryRoot.path
    static let script = root + "/deploy/slurm/volley.sbatch"

    /// A started cluster in `dir`, or nil (with the failure recorded unless opted out).
    static func cluster(in dir: String) -> SlurmCluster? {
        guard ProcessInfo.processInfo.environment["VOLLEY_SKIP_SLURM"] != "1" else { return nil }
        if let reason = SlurmCluster.unavailableReason() {
            Issue.record("cannot start Slurm: \(reason). Run as root, or set VOLLEY_SKIP_SLURM=1 to opt out.")
            return nil
        }
        do {
            try SlurmCluster.installIfMissing()
            return try SlurmCluster(directory: dir + "/slurm")
        } catch {
            Issue.record("cannot start Slurm: \(error). Set VOLLEY_SKIP_SLURM=1 to opt out.")
            return nil
        }
    }

    /// A folder for one test, world-executable as munged wants the path to its socket.
    static func folder() throws -> String {
        let dir = try VolleyProcess.temporaryDirectory()
        chmod(dir, 0o755)
        try FileManager.default.createDirectory(atPath: dir + "/submit", withIntermediateDirectories: false)
        return dir
    }

    /// What the job needs: the `volley` under test first on PATH, and a port free right now
    /// (the script's default, derived from the job id, could meet another test's socket).
    static func jobEnvironment() throws -> [String: String] {
        let bin = URL(fileURLWithPath: VolleyProcess.binary).deletingLastPathComponent().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": bin + ":" + path, "VOLLEY_PORT": String(try SlurmCluster.freePort())]
    }

    static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test func threeTasksGiveTheInProcessSpikes() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let cluster = Self.cluster(in: dir) else { return }
        defer { cluster.stop() }
        let model = ["configs/brunel.yaml", "--t-sim", "300", "--seed", "5"]
        let job = try cluster.submit(
            ["--ntasks=3", "--overcommit", "--chdir=\(Self.root)", "-o", dir + "/job.out", Self.script] + model + ["--out", dir + "/sl"],
            from: dir + "/submit", environment: try Self.jobEnvironment(), log: dir + "/sbatch.log")
        try #require(job.wait(upTo: 600) != nil, "the job did not end in 10 min: \(Self.read(dir + "/job.out"))")
        let output = Self.read(dir + "/job.out")
        #expect(job.exitStatus == 0, "sbatch: \(job.output)\njob: \(output)")
        #expect(output.contains("2 workers joined"), "\(output)")

        let local = try VolleyProcess.run(["run", VolleyProcess.config("brunel.yaml"), "--t-sim", "300", "--seed", "5",
                                           "--out", dir + "/local", "--quiet"])
        #expect(local.status == 0, "\(local.output)")
        let hash = try VolleyProcess.spikeHash(in: dir + "/local")
        #expect(try VolleyProcess.spikeHash(in: dir + "/sl") == hash)
        #expect(output.contains("spikes_sha256 \(hash)"), "the coordinator's log line: \(output)")
        // Keys were made in the submit directory, and every task used them.
        #expect(output.contains("made keys in \(dir)/submit/volley-keys"), "\(output)")
        #expect(FileManager.default.fileExists(atPath: dir + "/submit/volley-keys/client.secret"))
    }

    @Test func aKilledWorkerTaskFailsTheJob() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let cluster = Self.cluster(in: dir) else { return }
        defer { cluster.stop() }
        let job = try cluster.submit(
            ["--ntasks=3", "--overcommit", "--chdir=\(Self.root)", "-o", dir + "/kill.out", Self.script,
             "configs/brunel.yaml", "--t-sim", "600000"],
            from: dir + "/submit", environment: try Self.jobEnvironment(), log: dir + "/sbatch.log")
        let joined = Wait.until(seconds: 120) { Self.read(dir + "/kill.out").contains("2 workers joined") || !job.isRunning }
        try #require(joined && job.isRunning, "the run did not start: \(job.output)\n\(Self.read(dir + "/kill.out"))")
        let workers = cluster.jobProcesses().filter { ProcessTree.commandLine($0).hasPrefix("volley worker ") }
        try #require(workers.count == 2, "worker tasks: \(workers.map(ProcessTree.commandLine))")
        usleep(1_000_000)
        #expect(job.isRunning, "\(Self.read(dir + "/kill.out"))")

        kill(workers[0], SIGKILL)
        let took = try #require(job.wait(upTo: 30), "the job still runs 30 s after a worker task was killed")
        let output = Self.read(dir + "/kill.out")
        #expect(took <= 10, "the job took \(took) s to end after the kill")
        #expect(job.exitStatus != 0, "sbatch --wait returned 0 after a worker task was killed: \(output)")
        // The failure is the kill, not a step that never launched: the run was under way, srun
        // saw the task die, and no results were written.
        let jobID = try #require(job.jobID, "\(job.output)")
        let out = "\(dir)/submit/volley-out/\(jobID)"
        #expect(output.contains("output in \(out)"), "\(output)")
        #expect(output.contains("Killed") && output.contains("the run failed"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: out + "/summary.json"))
        #expect(Wait.until(seconds: 10) { cluster.jobProcesses().isEmpty },
                "left behind: \(cluster.jobProcesses().map(ProcessTree.commandLine))")
    }
}
