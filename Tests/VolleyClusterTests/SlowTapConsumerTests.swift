// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing
import VolleyCoordinator
import VolleyTap
import VolleyTestKit
import VolleyTransport

/// A tap's consumer may take longer over one epoch than the coordinator's liveness timeout: the
/// tap's control channel heartbeats from a thread of its own, so the coordinator does not let the
/// tap go (REVIEW §3.1, "the tap has no machine"). The coordinator runs in this process, where
/// its liveness timeout can be 1 s rather than the command's 3; its two workers are `volley
/// worker` processes; the tap is a lossless `TapSession` on a thread, so the end of the run waits
/// for it as long as the coordinator counts it alive.
@Suite(.serialized) struct SlowTapConsumerTests {
    /// What the tap's thread hands back.
    final class Result: Sendable {
        let value = Mutex<(outcome: TapSession.Outcome?, error: String?)?>(nil)
    }

    @Test func aConsumerSlowerThanTheLivenessTimeoutIsNotDropped() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        var options = CoordinatorOptions(
            listen: "tcp://127.0.0.1:*", workers: 2, shards: 2, threads: 1, outDirectory: nil, quiet: true)
        options.livenessTimeout = 1
        // 20 epochs of 1.5 ms.
        let shell = try CoordinatorShell(spec: ExampleNetworks.brunel(order: 20), seed: 1, tSim: 30, options: options)
        let endpoint = shell.boundEndpoint
        let stall = 1.6
        let result = Result()
        let tap = Thread {
            var r: (outcome: TapSession.Outcome?, error: String?) = (nil, nil)
            do {
                let session = try TapSession(coordinator: endpoint, lossless: true, filter: TapFilter(kinds: [.spikes]))
                defer { session.close() }
                _ = try session.start(timeout: 30)
                var stalled = false
                r.outcome = try session.run(onEpoch: { _ in
                    // Busy with the first epoch for longer than the coordinator waits for a sign of life.
                    if !stalled {
                        stalled = true
                        usleep(UInt32(stall * 1_000_000))
                    }
                })
            } catch {
                r.error = "\(error)"
            }
            result.value.withLock { $0 = r }
        }
        tap.start()
        // The tap's hello is queued at the coordinator before the workers' are: the first epoch
        // then waits for the tap, which sees the whole run.
        usleep(200_000)
        let workers = try (0..<2).map {
            try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log")
        }
        defer { for w in workers where w.isRunning { w.signal(SIGKILL) } }
        let started = Date()
        _ = try shell.run()
        let seconds = Date().timeIntervalSince(started)
        var got: (outcome: TapSession.Outcome?, error: String?)?
        for _ in 0..<1000 where got == nil {
            got = result.value.withLock { $0 }
            if got == nil { usleep(20_000) }
        }
        let r = try #require(got, "the tap did not end")
        let outcome = try #require(r.outcome, "the tap failed: \(r.error ?? "")")
        // Let go, the tap would never hear the finish: the run would end without it and the tap
        // would find the coordinator silent.
        #expect(outcome.failure == nil, "\(outcome)")
        #expect(outcome.firstEpoch == 0 && outcome.epochsWritten == 20 && outcome.totalEpochs == 20, "\(outcome)")
        #expect(seconds >= stall, "the run ended after \(seconds) s without waiting for its lossless tap")
        for w in workers {
            try #require(w.wait(upTo: 10) != nil, "a worker did not end")
            #expect(w.exitStatus == 0, "\(w.output)")
        }
    }
}
