// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCoordinator
import VolleyCore
import VolleyRuntime
import VolleyTestKit
import VolleyWire

/// Checkpoints, resume and rollback as events and directives of the coordinator's machine.
@Suite struct CoordinatorCheckpointTests {
    typealias T = CoordinatorMachineTests

    static func machine(rollback: Bool, resume: ResumeFrom? = nil, rhythm: Bool = false, checkpoints: Bool = true) -> CoordinatorMachine {
        var s = T.settings()
        s.schedule = EpochSchedule(totalSteps: s.schedule.totalSteps, epochSteps: 15, firstEpoch: resume?.epoch ?? 0)
        if rhythm {
            s.network.rhythms = [RhythmSpec(name: "theta", frequency: 8, initialPhase: 0.3)]
        }
        s.checkpoint = checkpoints ? CheckpointPlan(directory: "/ck", everyMs: 50) : nil
        s.rollbackOnLoss = rollback
        s.resume = resume
        let network = try! CompiledNetwork(spec: s.network, seed: 1, shards: s.shardCount)
        return CoordinatorMachine(settings: s, counter: PopulationCounter(network: network))
    }

    static func join(_ m: inout CoordinatorMachine) -> [CoordinatorMachine.Directive] {
        _ = m.handle(.control(from: [1], T.hello(101)), now: 0)
        let out = m.handle(.control(from: [2], T.hello(102)), now: 0)
        _ = m.handle(.control(from: [1], T.message(.ready(worker: 0))), now: 1)
        return out + m.handle(.control(from: [2], T.message(.ready(worker: 1))), now: 1)
    }

    @Test func assignmentsCarryTheCheckpointPlanAndTheResumePoint() {
        let from = ResumeFrom(directory: "/ck", name: "400", epoch: 267, step: 4005)
        var m = Self.machine(rollback: true, resume: from)
        let assignments = Self.join(&m).compactMap { d -> Assignment? in
            if case .send(.assign(let a), _) = d { return a }
            return nil
        }
        #expect(assignments.count == 2)
        #expect(assignments.allSatisfy { $0.checkpoint == CheckpointPlan(directory: "/ck", everyMs: 50) && $0.resume == from })
    }

    /// A resumed run's epoch k is the model's epoch `resume.epoch + k`: the rhythms released for
    /// it are the uninterrupted run's.
    @Test func aResumedRunReleasesTheModelsRhythmStates() {
        var whole = Self.machine(rollback: false, rhythm: true)
        var resumed = Self.machine(rollback: false, resume: ResumeFrom(directory: "/ck", name: "15", epoch: 10, step: 150), rhythm: true)
        func releases(_ out: [CoordinatorMachine.Directive]) -> [[RhythmState]] {
            out.compactMap { d -> [[RhythmState]]? in
                if case .send(.release(_, _, let states), let to) = d, to == [1] { return states }
                return nil
            }.first ?? []
        }
        let all = releases(Self.join(&whole))
        let later = releases(Self.join(&resumed))
        #expect(all.count >= 20 && later.count >= 10)
        #expect(Array(all[10..<20]) == Array(later[0..<10]))
    }

    static func part(worker: UInt32, step: Int64, name: String = "50") -> CheckpointPart {
        CheckpointPart(
            worker: worker, name: name, step: step, files: [CheckpointFile(path: "\(name)/shard-\(worker).state", bytes: 10, sha256: "ab")],
            seconds: 0.1)
    }

    static func record(_ m: inout CoordinatorMachine, _ epochs: Range<UInt64>) -> [CoordinatorMachine.Directive] {
        epochs.flatMap { m.handle(.recorded(epoch: $0, spikes: []), now: 1.5) }
    }

    static func checkpointDirectives(_ out: [CoordinatorMachine.Directive]) -> [CoordinatorMachine.Directive] {
        out.filter {
            switch $0 {
            case .cutCheckpoint, .completeCheckpoint, .stop: true
            default: false
            }
        }
    }

    /// Every 50 ms on 1.5 ms epochs: the first boundary at or after 50 ms is the end of epoch 33
    /// (step 510). The record is cut there, and the checkpoint completes once both workers' parts
    /// are in, whether they come before the cut (a worker ahead of the recording) or after.
    @Test func aCheckpointIsCutAtTheRecordingAndCompletedWithEveryPart() {
        let cut = CheckpointCadence.Cut(step: 510, due: 500)
        var m = Self.machine(rollback: false)
        _ = Self.join(&m)
        #expect(Self.checkpointDirectives(Self.record(&m, 0..<33)).isEmpty)
        #expect(m.handle(.control(from: [2], T.message(.checkpointPart(Self.part(worker: 1, step: 510)))), now: 2).isEmpty)
        let atCut = Self.checkpointDirectives(Self.record(&m, 33..<34))
        #expect(atCut == [.cutCheckpoint(cut)])
        let last = m.handle(.control(from: [1], T.message(.checkpointPart(Self.part(worker: 0, step: 510)))), now: 2)
        #expect(last == [.completeCheckpoint(cut, epoch: 34, parts: [Self.part(worker: 0, step: 510), Self.part(worker: 1, step: 510)])])
        // The next one is due at 100 ms: the end of epoch 66 (step 1005).
        #expect(Self.checkpointDirectives(Self.record(&m, 34..<66)).isEmpty)
        #expect(Self.checkpointDirectives(Self.record(&m, 66..<67)) == [.cutCheckpoint(.init(step: 1005, due: 1000))])
    }

    /// A part from a process that is not a worker of this run is ignored; a part that claims
    /// another worker, or one cut where the coordinator did not cut, ends the run.
    @Test func strayCheckpointPartsAreRefused() {
        var m = Self.machine(rollback: false)
        _ = Self.join(&m)
        #expect(m.handle(.control(from: [9], T.message(.checkpointPart(Self.part(worker: 1, step: 510)))), now: 2).isEmpty)
        let impostor = m.handle(.control(from: [1], T.message(.checkpointPart(Self.part(worker: 1, step: 510)))), now: 2)
        #expect(impostor.contains { if case .fail(let why) = $0 { why.contains("unexpected checkpoint part") } else { false } })

        var early = Self.machine(rollback: false)
        _ = Self.join(&early)
        _ = early.handle(.control(from: [1], T.message(.checkpointPart(Self.part(worker: 0, step: 495)))), now: 2)
        let out = Self.record(&early, 0..<34)
        #expect(out.contains { if case .fail(let why) = $0 { why.contains("at step 495, the coordinator at step 510") } else { false } })
    }

    /// Ctrl-C with checkpoints: the workers are asked for a checkpoint at the first epoch not yet
    /// released (20, step 300), which alone is released next; nothing more is released while it
    /// is written, and the run stops once it is complete.
    @Test func anInterruptedRunStopsAfterACheckpointAtTheNextUnreleasedEpoch() {
        var m = Self.machine(rollback: true)
        _ = Self.join(&m)
        #expect(m.granted == 20)
        let out = m.handle(.interrupted("SIGINT"), now: 2)
        #expect(out.contains { if case .notice(let n) = $0 { n.contains("writing a checkpoint at 30.0 ms") } else { false } })
        for w in [[UInt8(1)], [2]] {
            let sent = out.compactMap { d -> ControlMessage? in if case .send(let message, w) = d { message } else { nil } }
            #expect(sent.count == 2)
            #expect(sent.first == .checkpointNow(epoch: 20))
            if case .release(20, 21, let states)? = sent.last { #expect(states.count == 1) } else { Issue.record("\(sent)") }
        }
        #expect(m.granted == 21)
        let cut = CheckpointCadence.Cut(step: 300, due: nil)
        let recorded = Self.record(&m, 0..<20)
        #expect(Self.checkpointDirectives(recorded) == [.cutCheckpoint(cut)])
        #expect(!recorded.contains { if case .send(.release, _) = $0 { true } else { false } })
        _ = m.handle(.control(from: [1], T.message(.checkpointPart(Self.part(worker: 0, step: 300, name: "30.0")))), now: 2)
        let parts = m.handle(.control(from: [2], T.message(.checkpointPart(Self.part(worker: 1, step: 300, name: "30.0")))), now: 2)
        #expect(Self.checkpointDirectives(parts).count == 1)
        // A lost worker now would not roll back: the operator asked the run to stop.
        let stop = m.handle(.checkpointCompleted(step: 300), now: 3)
        #expect(stop.contains { if case .send(.stop(let why), [2]) = $0 { why.contains("stopped after the checkpoint at 30.0 ms") } else { false } })
        #expect(stop.last == .stop(signal: "SIGINT", step: 300))
        #expect(m.phase == .failed)
    }

    /// A lossless tap holds the releases back until the recording has caught up: the boundary of
    /// the interrupt's cut is behind the recording already, so the record is cut at once. A
    /// worker's word of a signal (Slurm signals every process) does the same as the
    /// coordinator's own, and further words change nothing.
    @Test func anInterruptWhenTheRecordingHasCaughtUpCutsAtOnce() {
        var m = Self.machine(rollback: false)
        _ = m.handle(.control(from: [7], .success((FrameHeader(kind: .control, runID: 0, source: 0, count: 0, epoch: 0, sequence: 0),
            .tapHello(tap: TapHello(volleyVersion: volleyVersion, pid: 9, host: "t", lossless: true))))), now: 0)
        _ = Self.join(&m)
        for w in [[UInt8(1)], [2]] {
            _ = m.handle(.control(from: w, T.message(.tapJoined(tap: TapTopic.firstID, worker: w == [1] ? 0 : 1))), now: 1)
        }
        #expect(m.phase == .running)
        let releasedFirst = m.granted
        _ = Self.record(&m, 0..<releasedFirst)
        #expect(m.recorded == m.granted, "the tap holds the releases back")
        let out = m.handle(.control(from: [2], T.message(.interrupted(signal: "SIGTERM"))), now: 2)
        let step = Int64(releasedFirst) * 15
        #expect(Self.checkpointDirectives(out) == [.cutCheckpoint(.init(step: step, due: nil))])
        #expect(out.contains { if case .notice(let n) = $0 { n.contains("SIGTERM (to worker 1)") } else { false } })
        #expect(m.handle(.control(from: [1], T.message(.interrupted(signal: "SIGTERM"))), now: 2).isEmpty)
        // The coordinator's own signal, handled after the worker's word of it, joins the
        // checkpoint under way; only a signal after that stops the run at once.
        let own = m.handle(.interrupted("SIGTERM"), now: 2)
        #expect(own.count == 1 && own.allSatisfy { if case .notice = $0 { true } else { false } })
        #expect(m.handle(.interrupted("SIGTERM"), now: 2).contains { if case .fail = $0 { true } else { false } })
    }

    /// A signal to the coordinator first: a worker's word of the same signal changes nothing, and
    /// the coordinator's next signal stops at once. Near the end, a worker's word followed by the
    /// coordinator's own signal lets the run end as it would.
    @Test func theCoordinatorsOwnSignalFirstLeavesNoRoomForAnother() {
        var m = Self.machine(rollback: false)
        _ = Self.join(&m)
        _ = m.handle(.interrupted("SIGTERM"), now: 2)
        #expect(m.handle(.control(from: [1], T.message(.interrupted(signal: "SIGTERM"))), now: 2).isEmpty)
        #expect(m.handle(.interrupted("SIGTERM"), now: 2).contains { if case .fail = $0 { true } else { false } })

        var nearEnd = Self.machine(rollback: false)
        _ = Self.join(&nearEnd)
        _ = Self.record(&nearEnd, 0..<90)
        let relayed = nearEnd.handle(.control(from: [2], T.message(.interrupted(signal: "SIGTERM"))), now: 2)
        #expect(relayed.allSatisfy { if case .notice = $0 { true } else { false } })
        #expect(nearEnd.handle(.interrupted("SIGTERM"), now: 2).allSatisfy { if case .notice = $0 { true } else { false } })
        #expect(nearEnd.handle(.interrupted("SIGTERM"), now: 2).contains { if case .fail = $0 { true } else { false } })
    }

    /// Once every epoch is recorded (plastic weights collected, results written), a signal lets
    /// the run end as it would; a second stops it at once.
    @Test func aSignalWhileTheResultsAreWrittenLetsTheRunEnd() {
        var m = Self.machine(rollback: false)
        _ = Self.join(&m)
        _ = Self.record(&m, 0..<100)
        #expect(m.phase == .finishing || m.phase == .collecting, "\(m.phase)")
        let first = m.handle(.interrupted("SIGTERM"), now: 3)
        #expect(!first.isEmpty && first.allSatisfy { if case .notice = $0 { true } else { false } }, "\(first)")
        #expect(m.handle(.interrupted("SIGTERM"), now: 3).contains { if case .fail = $0 { true } else { false } })
    }

    /// A second signal before the checkpoint is complete stops the run at once; so does a signal
    /// to a run without checkpoints, or before its first epoch.
    @Test func aSecondSignalOrNoCheckpointsStopsAtOnce() {
        var m = Self.machine(rollback: true)
        _ = Self.join(&m)
        _ = m.handle(.interrupted("SIGINT"), now: 2)
        let again = m.handle(.interrupted("SIGINT"), now: 2.5)
        #expect(again.contains { if case .fail(let why) = $0 { why.contains("interrupted again") } else { false } })
        #expect(again.contains { if case .send(.abort, [1]) = $0 { true } else { false } })
        #expect(!again.contains { if case .send(.rollback, _) = $0 { true } else { false } })

        var plain = Self.machine(rollback: false, checkpoints: false)
        _ = Self.join(&plain)
        let out = plain.handle(.interrupted("SIGTERM"), now: 2)
        #expect(out.contains { if case .fail(let why) = $0 { why == "interrupted by SIGTERM" } else { false } })

        // Every epoch released: the run ends as it would, unless signalled again.
        var nearEnd = Self.machine(rollback: true)
        _ = Self.join(&nearEnd)
        _ = Self.record(&nearEnd, 0..<90)
        #expect(nearEnd.granted == 100)
        #expect(nearEnd.handle(.interrupted("SIGINT"), now: 2).allSatisfy { if case .notice = $0 { true } else { false } })
        #expect(nearEnd.handle(.interrupted("SIGINT"), now: 2).contains { if case .fail = $0 { true } else { false } })

        var gathering = Self.machine(rollback: true)
        _ = gathering.handle(.control(from: [1], T.hello(101)), now: 0)
        #expect(gathering.handle(.interrupted("SIGINT"), now: 1).contains { if case .fail = $0 { true } else { false } })
    }

    /// With rollback on, a lost worker sends the others `rollback` (they join again); without it,
    /// or on a signal, or before the run has started, they are told to abort.
    @Test(arguments: [true, false])
    func aLostWorkerRollsBackOnlyWhenAsked(rollback: Bool) {
        var m = Self.machine(rollback: rollback)
        _ = Self.join(&m)
        #expect(m.handle(.checkpointCompleted(step: 510), now: 1.5).isEmpty)
        let out = m.handle(.workerExited(pid: 101, status: "was killed by SIGKILL"), now: 2)
        let toOther = out.compactMap { d -> ControlMessage? in
            if case .send(let message, let to) = d, to == [2] { return message }
            return nil
        }
        #expect(toOther.count == 1)
        if case .rollback(let reason)? = toOther.first {
            #expect(rollback)
            #expect(reason.contains("pid 101"))
        } else if case .abort? = toOther.first {
            #expect(!rollback)
        } else {
            Issue.record("\(toOther)")
        }
        #expect(out.contains { if case .fail = $0 { true } else { false } })
    }

    /// Without a checkpoint to go back to, or for a failure that is not a lost worker (it would
    /// only repeat), the workers are told to abort.
    @Test func otherFailuresAndRunsWithoutACheckpointAbort() {
        var none = Self.machine(rollback: true)
        _ = Self.join(&none)
        let lost = none.handle(.workerExited(pid: 101, status: "was killed by SIGKILL"), now: 2)
        #expect(lost.contains { if case .send(.abort, let to) = $0 { to == [2] } else { false } })
        var written = Self.machine(rollback: true)
        _ = Self.join(&written)
        _ = written.handle(.checkpointCompleted(step: 510), now: 1.5)
        let own = written.handle(.control(from: [1], T.message(.abort(reason: "numerical instability"))), now: 2)
        #expect(own.contains { if case .send(.abort, let to) = $0 { to == [2] } else { false } })
        #expect(!own.contains { if case .send(.rollback, _) = $0 { true } else { false } })
        // A resumed run has its checkpoint from the start.
        var resumed = Self.machine(rollback: true, resume: ResumeFrom(directory: "/ck", name: "15", epoch: 10, step: 150))
        _ = Self.join(&resumed)
        let silent = resumed.handle(.tick, now: 30)
        #expect(silent.contains { if case .send(.rollback, _) = $0 { true } else { false } })
    }

    @Test func aWorkerLostWhileTheInterruptedRunCheckpointsIsNotReplaced() {
        var m = Self.machine(rollback: true, resume: ResumeFrom(directory: "/ck", name: "15", epoch: 10, step: 150))
        _ = Self.join(&m)
        _ = m.handle(.interrupted("SIGINT"), now: 2)
        let out = m.handle(.workerExited(pid: 101, status: "was killed by SIGKILL"), now: 2.5)
        #expect(out.contains { if case .send(.abort, [2]) = $0 { true } else { false } })
        #expect(!out.contains { if case .send(.rollback, _) = $0 { true } else { false } })
    }

    /// Workers that joined wait for a replacement without being declared dead; the wait ends
    /// with the join timeout, and they are told to abort (the run never started).
    @Test func joinedWorkersWaitForAReplacement() {
        var m = Self.machine(rollback: true)
        _ = m.handle(.control(from: [1], T.hello(101)), now: 0)
        #expect(m.handle(.tick, now: 8).allSatisfy { if case .fail = $0 { false } else { true } })
        let out = m.handle(.tick, now: 11)
        #expect(out.contains { if case .send(.abort, let to) = $0 { to == [1] } else { false } })
        #expect(out.contains { if case .fail(let why) = $0 { why.contains("only 1 of 2 workers joined") } else { false } })
    }
}
