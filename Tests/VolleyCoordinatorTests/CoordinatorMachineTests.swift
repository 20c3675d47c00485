// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCoordinator
import VolleyCore
import VolleyRuntime
import VolleyTestKit
import VolleyWire

/// The coordinator's protocol without sockets: messages in, directives out.
@Suite struct CoordinatorMachineTests {
    static func settings(workers: Int = 2, shards: Int = 4, epochs: UInt64 = 100, window: UInt64 = 20) -> CoordinatorMachine.Settings {
        .init(runID: 11, workers: workers, shardCount: shards, threads: 1, network: ExampleNetworks.brunel(order: 10),
              seed: 1, tSim: 150, schedule: EpochSchedule(totalSteps: Int64(epochs) * 15, epochSteps: 15), window: window,
              livenessTimeout: 3, joinTimeout: 10)
    }

    static func machine(epochs: UInt64 = 100, collectWeights: Bool = false) -> CoordinatorMachine {
        var s = settings(epochs: epochs)
        s.collectWeights = collectWeights
        let network = try! CompiledNetwork(spec: s.network, seed: 1, shards: s.shardCount)
        return CoordinatorMachine(settings: s, counter: PopulationCounter(network: network))
    }

    static func hello(_ pid: Int32, version: String = volleyVersion) -> Result<(FrameHeader, ControlMessage), WireError> {
        .success((FrameHeader(kind: .control, runID: 0, source: 0, count: 0, epoch: 0, sequence: 0),
                  .hello(Hello(volleyVersion: version, pid: pid, host: "node\(pid)", dataEndpoint: "tcp://10.0.0.\(pid):5000"))))
    }

    static func message(_ m: ControlMessage) -> Result<(FrameHeader, ControlMessage), WireError> {
        .success((FrameHeader(kind: .control, runID: 11, source: 0, count: 0, epoch: 0, sequence: 0), m))
    }

    /// A machine with two workers joined and ready, and the first release sent.
    static func running(epochs: UInt64 = 100, collectWeights: Bool = false) -> CoordinatorMachine {
        var m = machine(epochs: epochs, collectWeights: collectWeights)
        _ = m.handle(.control(from: [1], hello(101)), now: 0)
        _ = m.handle(.control(from: [2], hello(102)), now: 0)
        _ = m.handle(.control(from: [1], message(.ready(worker: 0))), now: 1)
        _ = m.handle(.control(from: [2], message(.ready(worker: 1))), now: 1)
        return m
    }

    @Test func registersAssignsRoundRobinAndShipsTheModel() {
        var m = Self.machine()
        #expect(m.handle(.control(from: [1], Self.hello(101)), now: 0).isEmpty)
        let out = m.handle(.control(from: [2], Self.hello(102)), now: 0)
        #expect(m.phase == .building)
        #expect(m.workers.map(\.shards) == [[0, 2], [1, 3]])
        guard case .connectRecorder(let peers) = out.first else { Issue.record("no recorder"); return }
        #expect(peers.map(\.dataEndpoint) == ["tcp://10.0.0.101:5000", "tcp://10.0.0.102:5000"])
        let assignments = out.compactMap { d -> Assignment? in
            if case .send(.assign(let a), _) = d { return a }
            return nil
        }
        #expect(assignments.count == 2)
        #expect(assignments.allSatisfy { $0.network == ExampleNetworks.brunel(order: 10) && $0.runID == 11 && $0.shardCount == 4 })
        #expect(assignments.map(\.shards) == [[0, 2], [1, 3]])
    }

    @Test func anotherWireVersionOrBuildIsRefusedWithAMessage() {
        var m = Self.machine()
        let out = m.handle(.control(from: [9], .failure(.unsupportedVersion(1))), now: 0)
        #expect(out == [.send(.refuse(reason: "wire version 1, but this build speaks version 3"), to: [9])])
        let other = m.handle(.control(from: [8], Self.hello(5, version: "9.9.9")), now: 0)
        guard case .send(.refuse(let reason), [8]) = other.first else { Issue.record("not refused"); return }
        #expect(reason.contains("9.9.9"))
        #expect(m.workers.isEmpty && m.phase == .gathering)
    }

    @Test func aThirdWorkerIsTurnedAway() {
        var m = Self.running()
        let out = m.handle(.control(from: [3], Self.hello(103)), now: 2)
        guard case .send(.refuse(let reason), [3]) = out.first else { Issue.record("not refused"); return }
        #expect(reason.contains("already has its 2 workers"))
    }

    @Test func epochsAreReleasedInWindowsAsTheyAreRecorded() {
        var m = Self.machine()
        _ = m.handle(.control(from: [1], Self.hello(101)), now: 0)
        _ = m.handle(.control(from: [2], Self.hello(102)), now: 0)
        #expect(m.handle(.control(from: [1], Self.message(.ready(worker: 0))), now: 1).isEmpty)
        let first = m.handle(.control(from: [2], Self.message(.ready(worker: 1))), now: 1)
        #expect(first == [[1], [2]].map { .send(.release(from: 0, through: 20, rhythms: Array(repeating: [], count: 20)), to: $0) })
        #expect(m.handle(.recorded(epoch: 5, spikes: []), now: 2).isEmpty)  // half a window not yet free
        let more = m.handle(.recorded(epoch: 9, spikes: []), now: 2)
        #expect(more.count == 2)
        #expect(more.first == .send(.release(from: 20, through: 30, rhythms: Array(repeating: [], count: 10)), to: [1]))
        #expect(m.granted == 30)
    }

    @Test func theRunEndsWithFinishThenEveryReport() {
        var m = Self.running(epochs: 10)
        let finish = m.handle(.recorded(epoch: 9, spikes: []), now: 2)
        #expect(finish == [.send(.finish, to: [1]), .send(.finish, to: [2])])
        let r0 = WorkerReport(worker: 0, sent: [], received: [])
        #expect(m.handle(.control(from: [1], Self.message(.done(r0))), now: 3).isEmpty)
        // A worker that exits cleanly after reporting is no failure.
        #expect(m.handle(.workerExited(pid: 101, status: "exited with status 0"), now: 3).isEmpty)
        let r1 = WorkerReport(worker: 1, sent: [], received: [])
        #expect(m.handle(.control(from: [2], Self.message(.done(r1))), now: 3) == [.complete([r0, r1])])
        #expect(m.phase == .complete)
    }

    /// With weights to collect, the end of the recording starts the collection; the workers
    /// are told to finish only once the shell says the file is whole.
    @Test func finalWeightsAreCollectedBeforeTheWorkersFinish() {
        var m = Self.running(epochs: 10, collectWeights: true)
        let chunk = WeightsChunk(
            segment: WeightsSegment(projection: 0, population: 0, shard: 1), index: 0, last: true,
            columns: .init(source: [3], target: [7], delay: [1.5], weight: [2.5], state: [[0.5]]))
        // A chunk before the collection is a failure.
        var early = Self.running(epochs: 10, collectWeights: true)
        guard case .fail(let reason) = early.handle(.control(from: [2], Self.message(.weightsChunk(chunk))), now: 1).last else {
            Issue.record("a chunk was taken while running")
            return
        }
        #expect(reason.contains("outside"))
        #expect(m.handle(.recorded(epoch: 9, spikes: []), now: 2) == [.collectWeights])
        #expect(m.phase == .collecting)
        #expect(m.handle(.control(from: [2], Self.message(.weightsChunk(chunk))), now: 2) == [.weightsChunk(chunk, from: 1)])
        #expect(m.handle(.weightsCollected, now: 3) == [.send(.finish, to: [1]), .send(.finish, to: [2])])
        #expect(m.phase == .finishing)
    }

    @Test func aSilentWorkerEndsTheRunNamingIt() {
        var m = Self.running()
        _ = m.handle(.control(from: [1], Self.message(.heartbeat)), now: 4.5)
        let out = m.handle(.tick, now: 5)
        guard case .fail(let reason) = out.last else { Issue.record("no failure"); return }
        #expect(reason.contains("pid 102") && reason.contains("tcp://10.0.0.102:5000") && reason.contains("shards 1, 3"))
        #expect(out.contains(.send(.abort(reason: reason), to: [1])))
        #expect(m.phase == .failed)
    }

    @Test func aDeadWorkerProcessEndsTheRunNamingIt() {
        var m = Self.running()
        let out = m.handle(.workerExited(pid: 101, status: "was killed by signal 9 (SIGKILL)"), now: 2)
        guard case .fail(let reason) = out.last else { Issue.record("no failure"); return }
        #expect(reason == "worker 0 (pid 101 on node101, tcp://10.0.0.101:5000, shards 0, 2) was killed by signal 9 (SIGKILL)")
    }

    @Test func aWorkersAbortAndAnInterruptEndTheRun() {
        var m = Self.running()
        let out = m.handle(.control(from: [2], Self.message(.abort(reason: "data loss at epoch 7"))), now: 2)
        guard case .fail(let reason) = out.last else { Issue.record("no failure"); return }
        #expect(reason.contains("worker 1") && reason.contains("data loss at epoch 7"))
        var n = Self.running()
        #expect(n.handle(.interrupted("SIGINT"), now: 2).last == .fail("interrupted by SIGINT"))
    }

    @Test func workersThatNeverComeTimeOut() {
        var m = Self.machine()
        _ = m.handle(.control(from: [1], Self.hello(101)), now: 0)
        #expect(m.handle(.tick, now: 1).allSatisfy { if case .fail = $0 { false } else { true } })
        let out = m.handle(.tick, now: 11)
        #expect(out.last == .fail("only 1 of 2 workers joined within 10 s"))
    }

    @Test func heartbeatsGoOutOnTicks() {
        var m = Self.running()
        let out = m.handle(.tick, now: 1.0)
        #expect(out == [.send(.heartbeat, to: [1]), .send(.heartbeat, to: [2])])
        #expect(m.handle(.tick, now: 1.1).isEmpty)
    }
}
