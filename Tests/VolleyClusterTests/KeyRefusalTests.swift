// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// A run with keys on loopback tcp (CURVE applies to every tcp link, loopback too): a worker
/// whose key the run does not admit is refused, both sides say which key, and the run goes on
/// without it.
@Suite struct KeyRefusalTests {
    static let model = [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=50", "--t-sim", "100", "--seed", "3"]

    /// `keys` (the run's), `other` (another run's) and `outsider`: the run's server key pair with
    /// a client pair from `other`, which the run's allow list does not hold — a worker that
    /// knows whom it talks to but is not on the list.
    /// Returns the folder and the client key of `other` (and so of `outsider`).
    static func keyDirectories() throws -> (dir: String, otherKey: String) {
        let dir = try VolleyProcess.temporaryDirectory()
        for name in ["keys", "other"] {
            let r = try VolleyProcess.run(["keys", "generate", dir + "/" + name])
            #expect(r.status == 0, "\(r.output)")
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/outsider", withIntermediateDirectories: false)
        for (file, from) in [("server.public", "keys"), ("server.secret", "keys"), ("authorized_keys", "keys"),
                             ("client.public", "other"), ("client.secret", "other")] {
            try fm.copyItem(atPath: "\(dir)/\(from)/\(file)", toPath: "\(dir)/outsider/\(file)")
        }
        let other = try String(contentsOfFile: dir + "/other/client.public", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (dir, other)
    }

    @Test func aWorkerWithAKeyNotAllowedIsRefusedAndTheRunGoesOnWithoutIt() throws {
        let (dir, outsiderKey) = try Self.keyDirectories()
        let coordinator = try ChildProcess(
            ["coordinator"] + Self.model + ["--listen", "tcp://127.0.0.1:*", "--workers", "1", "--out", dir + "/out", "--keys", dir + "/keys"],
            log: dir + "/c.log")
        defer { if coordinator.isRunning { coordinator.signal(SIGKILL) } }
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator), "\(coordinator.output)")

        // Twice: a second attempt by the same key from the same address adds no second line.
        for attempt in 0..<2 {
            let outsider = try ChildProcess(["worker", "--coordinator", endpoint, "--keys", dir + "/outsider"], log: dir + "/bad\(attempt).log")
            let seconds = try #require(outsider.wait(upTo: 30), "a refused worker did not exit: \(outsider.output)")
            #expect(seconds < 10, "the refusal took \(seconds) s to be noticed")
            #expect(outsider.exitStatus == 1, "\(outsider.output)")
            #expect(outsider.output.contains("did not admit this worker's CURVE public key \(outsiderKey)"), "\(outsider.output)")
            // It never took part in a run, so it does not report one as aborted.
            #expect(!outsider.output.contains("run aborted"), "\(outsider.output)")
        }
        #expect(coordinator.waitForOutput("refused CURVE key \(outsiderKey) from 127.0.0.1", upTo: 5), "\(coordinator.output)")
        #expect(coordinator.output.components(separatedBy: "refused CURVE key").count == 2, "\(coordinator.output)")
        // The run has not started with the outsider: it still waits for its one worker.
        #expect(coordinator.isRunning && !coordinator.output.contains("workers joined"), "\(coordinator.output)")

        let worker = try ChildProcess(["worker", "--coordinator", endpoint, "--keys", dir + "/keys"], log: dir + "/w.log")
        try #require(coordinator.wait(upTo: 120) != nil, "the run did not end: \(coordinator.output)")
        try #require(worker.wait(upTo: 10) != nil)
        #expect(coordinator.exitStatus == 0 && worker.exitStatus == 0, "\(coordinator.output)\n\(worker.output)")
        let summary = try VolleyProcess.summary(in: dir + "/out")
        #expect(summary["workers"] as? Int == 1)
        let local = try VolleyProcess.temporaryDirectory()
        #expect(try VolleyProcess.run(["run"] + Self.model + ["--out", local, "--quiet"]).status == 0)
        #expect(try VolleyProcess.spikeHash(in: dir + "/out") == VolleyProcess.spikeHash(in: local))
    }

    /// A worker that cannot even be refused by name — another run's server key, which the
    /// coordinator drops unread — says after its join timeout which key it used; one without
    /// keys is told at once that the run has them.
    @Test func strangersAreToldWhy() throws {
        let (dir, otherKey) = try Self.keyDirectories()
        let coordinator = try ChildProcess(
            ["coordinator"] + Self.model + ["--listen", "tcp://127.0.0.1:*", "--workers", "1", "--out", dir + "/out", "--keys", dir + "/keys"],
            log: dir + "/c.log")
        defer { coordinator.signal(SIGKILL) }
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator), "\(coordinator.output)")
        let other = try ChildProcess(
            ["worker", "--coordinator", endpoint, "--keys", dir + "/other", "--join-timeout", "3"], log: dir + "/other.log")
        let keyless = try ChildProcess(["worker", "--coordinator", endpoint, "--join-timeout", "5"], log: dir + "/keyless.log")
        try #require(keyless.wait(upTo: 30) != nil)
        // Told at once when its side of the handshake sees the mechanisms differ, after its
        // timeout when the coordinator hangs up first (a race in libzmq's greeting).
        #expect(keyless.exitStatus == 1 && (keyless.output.contains("uses CURVE keys") || keyless.output.contains("a run with keys needs --keys")), "\(keyless.output)")
        try #require(other.wait(upTo: 30) != nil)
        #expect(other.exitStatus == 1, "\(other.output)")
        #expect(other.output.contains("no answer from the coordinator within 3 s") && other.output.contains(otherKey)
            && other.output.contains("unreachable"), "\(other.output)")
        #expect(coordinator.isRunning && !coordinator.output.contains("workers joined"), "\(coordinator.output)")
    }
}
