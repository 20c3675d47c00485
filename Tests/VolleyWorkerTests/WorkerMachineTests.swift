// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyTestKit
import VolleyTransport
import VolleyWire
import VolleyWorker

@Suite struct WorkerMachineTests {
    let assignment = Assignment(runID: 5, worker: 1, network: ExampleNetworks.brunel(order: 10), seed: 1, tSim: 10, shardCount: 2,
                                threads: 1, peers: [Peer(worker: 1, dataEndpoint: "ipc:///x", shards: [1])])

    static func control(_ m: ControlMessage) -> WorkerMachine.Event {
        .control(.success((FrameHeader(kind: .control, runID: 5, source: 0, count: 0, epoch: 0, sequence: 0), m)))
    }

    /// A worker assigned `a` (its model compiled to `totalSteps` steps of 15-step epochs, if
    /// given), ready, with epochs below `released` released at time 1.
    static func running(_ a: Assignment, totalSteps: Int64? = nil, released: UInt64) -> WorkerMachine {
        var m = WorkerMachine()
        _ = m.handle(control(.assign(a)), now: 0)
        if let totalSteps { _ = m.handle(.compiled(EpochSchedule(totalSteps: totalSteps, epochSteps: 15)), now: 0) }
        _ = ready(&m, now: 1)
        _ = m.handle(control(.release(from: 0, through: released, rhythms: Array(repeating: [], count: Int(released)))), now: 1)
        return m
    }

    /// The shards are built and everyone the data plan waits for is subscribed.
    static func ready(_ m: inout WorkerMachine, now: Double) -> [WorkerMachine.Directive] {
        m.handle(.built, now: now) + m.handle(.subscribersConfirmed(m.dataPlan?.expectedSubscribers ?? []), now: now)
    }

    @Test func joinsBuildsReportsReadyAndRunsReleasedEpochs() {
        var m = WorkerMachine()
        #expect(m.handle(Self.control(.assign(assignment)), now: 0) == [.prepare(assignment, DataPlan(assignment))])
        #expect(Self.ready(&m, now: 1) == [.send(.ready(worker: 1))])
        #expect(m.handle(Self.control(.release(from: 0, through: 8, rhythms: Array(repeating: [], count: 8))), now: 1).isEmpty)
        #expect(m.phase == .running && m.granted == 8)
        #expect(m.handle(Self.control(.release(from: 8, through: 9, rhythms: [[RhythmState(phase: 0.25, advance: 0)]])), now: 1).isEmpty)
        #expect(m.granted == 9 && m.rhythms.last == [RhythmState(phase: 0.25, advance: 0)])
    }

    /// A rollback (a peer was lost, the run goes back to a checkpoint) is not a failure to
    /// report: the worker joins again.
    @Test func aRollbackMeansJoinAgain() {
        var m = Self.running(assignment, released: 4)
        #expect(m.handle(Self.control(.rollback(reason: "worker 0 was killed")), now: 2) == [.rejoin("worker 0 was killed")])
        #expect(m.phase == .failed)
        #expect(m.handle(.tick, now: 3).isEmpty)
    }

    /// Checkpoints every 5 ms of a 30 ms run on 1.5 ms epochs: due at the first boundary at or
    /// after each multiple (steps 60, 105, …; the end never), decided as the coordinator decides.
    @Test func aCheckpointIsWrittenAtTheBoundariesTheCoordinatorCuts() {
        var a = assignment
        a.checkpoint = CheckpointPlan(directory: "/ck", everyMs: 5)
        var m = Self.running(a, totalSteps: 300, released: 20)
        var written: [CheckpointCadence.Cut] = []
        for k in 1..<20 {
            for d in m.handle(.boundary(step: Int64(k) * 15), now: 1) {
                if case .writeCheckpointPart(let cut) = d { written.append(cut) }
            }
        }
        #expect(written.map(\.step) == [60, 105, 150, 210, 255])
        #expect(written.map(\.due) == [50, 100, 150, 200, 250])
    }

    /// An interrupted run asks for a checkpoint at the first epoch not yet released; a request
    /// for any other epoch is an error (a shard may be past it).
    @Test func aCheckpointAskedOutOfTurnIsWrittenAtThatBoundaryOnly() {
        var a = assignment
        a.checkpoint = CheckpointPlan(directory: "/ck", everyMs: 50)
        var m = Self.running(a, totalSteps: 3000, released: 8)
        #expect(m.handle(Self.control(.checkpointNow(epoch: 8)), now: 1).isEmpty)
        #expect(m.handle(.boundary(step: 105), now: 1).isEmpty)
        #expect(m.handle(.boundary(step: 120), now: 1) == [.writeCheckpointPart(.init(step: 120, due: nil))])
        #expect(m.handle(.boundary(step: 120), now: 1).isEmpty)

        var early = Self.running(a, totalSteps: 3000, released: 8)
        let out = early.handle(Self.control(.checkpointNow(epoch: 5)), now: 1)
        guard case .fail(let reason, true) = out.first else { Issue.record("accepted: \(out)"); return }
        #expect(reason.contains("unexpected request for a checkpoint at epoch 5"))
    }

    /// Two workers of a Brunel network with shards 0, 2 and 1, 3: each needs the other's shards
    /// and waits for the other and the coordinator's recorder to subscribe before it is ready;
    /// built alone, or confirmed alone, is not ready.
    @Test func readyWaitsForTheBuildAndEverySubscriberThePlanNames() {
        let peers = [Peer(worker: 0, dataEndpoint: "tcp://a:1", shards: [0, 2]), Peer(worker: 1, dataEndpoint: "tcp://b:1", shards: [1, 3])]
        let a = Assignment(runID: 5, worker: 1, network: ExampleNetworks.brunel(order: 10), seed: 1, tSim: 10, shardCount: 4,
                           threads: 1, peers: peers)
        let plan = DataPlan(a)
        #expect(plan.remoteSources == [0, 2] && plan.endpoints == ["tcp://a:1"])
        #expect(plan.expectedSubscribers == [0, HelloTopic.coordinator])
        #expect(plan.names[2] == "shard 2 of worker 0 (tcp://a:1)")
        #expect(!plan.activations && !plan.samples && !plan.weights)
        var m = WorkerMachine()
        _ = m.handle(Self.control(.assign(a)), now: 0)
        #expect(m.handle(.subscribersConfirmed([0, HelloTopic.coordinator]), now: 1).isEmpty)
        #expect(m.handle(.built, now: 1).isEmpty)
        #expect(m.handle(.subscribersConfirmed([HelloTopic.coordinator]), now: 1).isEmpty)
        #expect(m.handle(.subscribersConfirmed([0, HelloTopic.coordinator]), now: 2) == [.send(.ready(worker: 1))])
        #expect(m.phase == .ready)
    }

    /// Waiting for a peer's frame is a decision of the machine: up to its data timeout, then the
    /// run ends naming the shards that are missing, and the coordinator is told.
    @Test func aSilentPeerEndsTheRunAfterTheDataTimeout() {
        var m = WorkerMachine(dataTimeout: 5)
        _ = m.handle(Self.control(.assign(assignment)), now: 0)
        _ = Self.ready(&m, now: 1)
        _ = m.handle(Self.control(.release(from: 0, through: 4, rhythms: Array(repeating: [], count: 4))), now: 1)
        #expect(m.handle(.dataSilent(epoch: 2, seconds: 4.9, missing: ["shard 0 of worker 0 (tcp://a:1)"]), now: 6).isEmpty)
        let out = m.handle(.dataSilent(epoch: 2, seconds: 5.1, missing: ["shard 0 of worker 0 (tcp://a:1)"]), now: 7)
        #expect(out == [.fail("timed out after 5 s waiting for epoch 2 from shard 0 of worker 0 (tcp://a:1)", tellCoordinator: true)])
        #expect(m.phase == .failed)
    }

    @Test func aTapsSubscriptionIsReportedToTheCoordinator() {
        var m = WorkerMachine()
        #expect(m.handle(.tapSubscribed(7), now: 0).isEmpty)
        _ = m.handle(Self.control(.assign(assignment)), now: 0)
        #expect(m.handle(.tapSubscribed(7), now: 0) == [.send(.tapJoined(tap: 7, worker: 1))])
    }

    /// With checkpoints, a worker's first signal asks the coordinator for a checkpoint and a stop;
    /// the stop ends the worker without a failure; a second signal ends the run at once. Without
    /// checkpoints the first signal ends it.
    @Test func aSignalAsksForACheckpointWhenTheRunHasThem() {
        var a = assignment
        a.checkpoint = CheckpointPlan(directory: "/ck", everyMs: 50)
        var m = Self.running(a, totalSteps: 3000, released: 8)
        #expect(m.handle(.interrupted("SIGTERM"), now: 2) == [.send(.interrupted(signal: "SIGTERM"))])
        #expect(m.handle(Self.control(.stop(reason: "interrupted by SIGTERM")), now: 3) == [.stop("interrupted by SIGTERM")])
        #expect(m.phase == .done)

        var twice = Self.running(a, released: 8)
        _ = twice.handle(.interrupted("SIGTERM"), now: 2)
        #expect(twice.handle(.interrupted("SIGTERM"), now: 2) == [.fail("interrupted by SIGTERM", tellCoordinator: true)])

        var plain = Self.running(assignment, released: 8)
        #expect(plain.handle(.interrupted("SIGINT"), now: 2) == [.fail("interrupted by SIGINT", tellCoordinator: true)])

        // Every epoch run (results being written): the first signal lets the run end, a second
        // ends it at once.
        var ended = Self.running(a, released: 8)
        _ = ended.handle(.ranToEnd, now: 2)
        #expect(ended.phase == .finishing)
        #expect(ended.handle(.interrupted("SIGTERM"), now: 2).isEmpty)
        #expect(ended.handle(.interrupted("SIGTERM"), now: 2) == [.fail("interrupted by SIGTERM", tellCoordinator: true)])
    }

    @Test func anOutOfOrderReleaseIsAnError() {
        var m = WorkerMachine()
        _ = m.handle(Self.control(.assign(assignment)), now: 0)
        _ = Self.ready(&m, now: 0)
        let out = m.handle(Self.control(.release(from: 4, through: 8, rhythms: [[], [], [], []])), now: 0)
        guard case .fail(let reason, true) = out.first else { Issue.record("accepted"); return }
        #expect(reason.contains("out-of-order"))
    }

    @Test func finishWaitsForTheEndOfTheRunEitherWay() {
        var early = WorkerMachine()
        _ = early.handle(Self.control(.assign(assignment)), now: 0)
        _ = Self.ready(&early, now: 0)
        _ = early.handle(Self.control(.release(from: 0, through: 1, rhythms: [[]])), now: 0)
        #expect(early.handle(Self.control(.finish), now: 1).isEmpty)
        #expect(early.handle(.ranToEnd, now: 1) == [.finish])
        var late = WorkerMachine()
        _ = late.handle(Self.control(.assign(assignment)), now: 0)
        _ = Self.ready(&late, now: 0)
        _ = late.handle(Self.control(.release(from: 0, through: 1, rhythms: [[]])), now: 0)
        #expect(late.handle(.ranToEnd, now: 1).isEmpty)
        #expect(late.handle(Self.control(.finish), now: 1) == [.finish])
    }

    /// After its last epoch a worker sends the final weights of its own shards when asked,
    /// and only then: a request before any epoch ran, or for another worker's shard, is an error.
    @Test func finalWeightsAreServedForOwnShardsAfterTheRun() {
        let segment = WeightsSegment(projection: 2, population: 0, shard: 1)
        var early = WorkerMachine()
        _ = early.handle(Self.control(.assign(assignment)), now: 0)
        _ = Self.ready(&early, now: 0)
        guard case .fail(let reason, true) = early.handle(Self.control(.weightsRequest(segment)), now: 0).first else {
            Issue.record("served before the run")
            return
        }
        #expect(reason.contains("shard 1"))
        var m = WorkerMachine()
        _ = m.handle(Self.control(.assign(assignment)), now: 0)
        _ = Self.ready(&m, now: 0)
        _ = m.handle(Self.control(.release(from: 0, through: 1, rhythms: [[]])), now: 0)
        #expect(m.handle(.ranToEnd, now: 1).isEmpty)
        #expect(m.handle(Self.control(.weightsRequest(segment)), now: 1) == [.serveWeights(segment)])
        #expect(m.handle(Self.control(.weightsAck(index: 3)), now: 1) == [.weightsAcked(3)])
        let foreign = WeightsSegment(projection: 2, population: 0, shard: 0)
        guard case .fail = m.handle(Self.control(.weightsRequest(foreign)), now: 1).first else {
            Issue.record("served another worker's shard")
            return
        }
    }

    @Test func aSilentCoordinatorEndsTheWorker() {
        var m = WorkerMachine(livenessTimeout: 3)
        _ = m.handle(Self.control(.assign(assignment)), now: 0)
        #expect(m.handle(.tick, now: 2).allSatisfy { if case .fail = $0 { false } else { true } })
        #expect(m.handle(.tick, now: 3.5) == [.fail("the coordinator stopped responding (nothing for 3 s)", tellCoordinator: false)])
    }

    @Test func refusalsAbortsAndSignalsEndTheWorker() {
        var refused = WorkerMachine()
        #expect(refused.handle(Self.control(.refuse(reason: "wire version 2")), now: 0)
            == [.fail("the coordinator refused this worker: wire version 2", tellCoordinator: false)])
        var aborted = WorkerMachine()
        _ = aborted.handle(Self.control(.assign(assignment)), now: 0)
        #expect(aborted.handle(Self.control(.abort(reason: "worker 0 died")), now: 1)
            == [.fail("the coordinator aborted the run: worker 0 died", tellCoordinator: false)])
        var interrupted = WorkerMachine()
        #expect(interrupted.handle(.interrupted("SIGTERM"), now: 0) == [.fail("interrupted by SIGTERM", tellCoordinator: true)])
    }

    @Test func noAnswerAtAllTimesOut() {
        var m = WorkerMachine(joinTimeout: 5)
        _ = m.handle(.tick, now: 0)
        #expect(m.handle(.tick, now: 6) == [.fail("no answer from the coordinator within 5 s", tellCoordinator: false)])
    }

    /// With keys, silence may mean a refused key: the message says so (the shell names the key).
    @Test func theJoinTimeoutCarriesItsHint() {
        var m = WorkerMachine(joinTimeout: 5, joinSilenceHint: "key K not admitted, or unreachable")
        _ = m.handle(.tick, now: 0)
        #expect(m.handle(.tick, now: 4) == [])
        #expect(m.handle(.tick, now: 6)
            == [.fail("no answer from the coordinator within 5 s: key K not admitted, or unreachable", tellCoordinator: false)])
    }
}
