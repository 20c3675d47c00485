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

    static func machine(rollback: Bool, resume: ResumeFrom? = nil, rhythm: Bool = false) -> CoordinatorMachine {
        var s = T.settings()
        if rhythm {
            s.network.rhythms = [RhythmSpec(name: "theta", frequency: 8, initialPhase: 0.3)]
        }
        s.checkpoint = CheckpointPlan(directory: "/ck", everyMs: 50)
        s.rollbackOnLoss = rollback
        s.resume = resume
        let network = try! CompiledNetwork(spec: s.network, seed: 1, shards: s.shardCount)
        return CoordinatorMachine(settings: s, counter: PopulationCounter(network: network), lastEpochSteps: 15)
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

    @Test func aWorkersPartOfACheckpointReachesTheShell() {
        var m = Self.machine(rollback: false)
        _ = Self.join(&m)
        let part = CheckpointPart(worker: 1, name: "50", step: 510, files: [CheckpointFile(path: "50/shard-1.state", bytes: 10, sha256: "ab")], seconds: 0.1)
        #expect(m.handle(.control(from: [2], T.message(.checkpointPart(part))), now: 2) == [.checkpointPart(part)])
        // Not from a worker of this run: ignored.
        #expect(m.handle(.control(from: [9], T.message(.checkpointPart(part))), now: 2).isEmpty)
    }

    /// With rollback on, a lost worker sends the others `rollback` (they join again); without it,
    /// or on a signal, or before the run has started, they are told to abort.
    @Test(arguments: [true, false])
    func aLostWorkerRollsBackOnlyWhenAsked(rollback: Bool) {
        var m = Self.machine(rollback: rollback)
        _ = Self.join(&m)
        #expect(m.handle(.checkpointCompleted, now: 1.5).isEmpty)
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
        _ = written.handle(.checkpointCompleted, now: 1.5)
        let own = written.handle(.control(from: [1], T.message(.abort(reason: "numerical instability"))), now: 2)
        #expect(own.contains { if case .send(.abort, let to) = $0 { to == [2] } else { false } })
        #expect(!own.contains { if case .send(.rollback, _) = $0 { true } else { false } })
        // A resumed run has its checkpoint from the start.
        var resumed = Self.machine(rollback: true, resume: ResumeFrom(directory: "/ck", name: "15", epoch: 10, step: 150))
        _ = Self.join(&resumed)
        let silent = resumed.handle(.tick, now: 30)
        #expect(silent.contains { if case .send(.rollback, _) = $0 { true } else { false } })
    }

    @Test func anInterruptedRunAbortsEvenWithRollbackOn() {
        var m = Self.machine(rollback: true)
        _ = Self.join(&m)
        let out = m.handle(.interrupted("SIGINT"), now: 2)
        #expect(out.contains { if case .send(.abort, _) = $0 { true } else { false } })
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
