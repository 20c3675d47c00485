// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

/// The worker's side of the protocol as a pure value (DESIGN §7): control messages and the
/// passing of time in, directives out. `WorkerShell` builds, exchanges data and does the I/O.
public struct WorkerMachine: Sendable {
    /// Where the worker is.
    public enum Phase: Sendable, Equatable {
        case joining, building, ready, running, finishing, done, failed
    }

    /// What happened.
    public enum Event: Sendable {
        case control(Result<(FrameHeader, ControlMessage), WireError>)
        /// The assignment's model compiled here: the run's epochs.
        case compiled(EpochSchedule)
        /// The simulation reached the epoch boundary `step` (every epoch's end; none is due at the
        /// last).
        case boundary(step: Int64)
        /// The shards are built.
        case built
        /// The subscribers confirmed on this worker's data socket so far.
        case subscribersConfirmed(Set<UInt32>)
        /// A tap's subscription has reached this worker's tap socket.
        case tapSubscribed(UInt32)
        /// The frames of `epoch` from the shards named in `missing` have not come for `seconds`.
        case dataSilent(epoch: UInt64, seconds: Double, missing: [String])
        /// The last epoch has run and every frame it needs has arrived.
        case ranToEnd
        case interrupted(String)
        case tick
    }

    /// What to do.
    public enum Directive: Sendable, Equatable {
        case send(ControlMessage)
        /// Build the shards, subscribe as `plan` says, and wait for its subscribers.
        case prepare(Assignment, DataPlan)
        /// Report the conservation counts, close and exit 0.
        case finish
        /// Tell the coordinator (if `tellCoordinator`), close and exit non-zero.
        case fail(String, tellCoordinator: Bool)
        /// Send this segment of the final plastic weights, chunk by chunk, once the run has ended.
        case serveWeights(WeightsSegment)
        /// The coordinator has written the current segment's chunks up to this index.
        case weightsAcked(Int)
        /// The run rolls back to a checkpoint: close, and join the coordinator again.
        case rejoin(String)
        /// The run stopped at the operator's request after its checkpoint: close and exit 0.
        case stop(String)
        /// Write this worker's shards' part of the checkpoint at `cut` (now, at the boundary) and
        /// tell the coordinator.
        case writeCheckpointPart(CheckpointCadence.Cut)
    }

    public var heartbeatInterval: Double { liveness.heartbeatInterval }
    public var livenessTimeout: Double { liveness.timeout }
    public let joinTimeout: Double
    /// Seconds a worker waits for another shard's frame of an epoch before it ends the run.
    public let dataTimeout: Double
    /// Added to the join timeout's message: what the silence may mean (with keys, a refused key).
    public let joinSilenceHint: String?
    public private(set) var phase: Phase = .joining
    /// Epochs below this may run.
    public private(set) var granted: UInt64 = 0
    public private(set) var assignment: Assignment?
    /// The data plane the assignment calls for.
    public private(set) var dataPlan: DataPlan?
    private var built = false
    /// The rhythms' states of each released epoch, indexed by epoch.
    public private(set) var rhythms: [[RhythmState]] = []
    /// The run's epochs, once the model is compiled.
    public private(set) var schedule: EpochSchedule?
    /// When this worker writes its part of a checkpoint: as the coordinator decides it.
    public private(set) var cadence: CheckpointCadence?
    /// The coordinator's liveness, and this worker's heartbeats (the same rule as the tap's).
    private var liveness: Liveness
    private var joinedAt: Double?
    private var finishRequested = false
    private var signalled = false

    public init(
        heartbeatInterval: Double = 0.25, livenessTimeout: Double = 3, joinTimeout: Double = 60, joinSilenceHint: String? = nil,
        dataTimeout: Double = 30
    ) {
        liveness = Liveness(heartbeatInterval: heartbeatInterval, timeout: livenessTimeout)
        self.joinTimeout = joinTimeout
        self.dataTimeout = dataTimeout
        self.joinSilenceHint = joinSilenceHint
    }

    public mutating func handle(_ event: Event, now: Double) -> [Directive] {
        if joinedAt == nil { joinedAt = now }
        guard phase != .done && phase != .failed else { return [] }
        switch event {
        case .control(.failure(let error)):
            return fail("unreadable message from the coordinator: \(error)", tell: true)
        case .control(.success(let (_, message))):
            liveness.seen(now: now)
            return control(message)
        case .compiled(let schedule):
            guard phase == .building, let a = assignment else { return [] }
            self.schedule = schedule
            cadence = a.checkpoint.flatMap { CheckpointCadence(everyMs: $0.everyMs, resolution: a.network.resolution, schedule: schedule) }
            return []
        case .boundary(let step):
            guard let cut = cadence?.due(step: step) else { return [] }
            cadence!.take(cut)
            return [.writeCheckpointPart(cut)]
        case .built:
            guard phase == .building else { return [] }
            built = true
            return []
        case .subscribersConfirmed(let confirmed):
            // Ready once the shards are built and everyone who needs this worker's frames listens
            // (a frame published before a subscriber is connected is lost, DESIGN §4).
            guard phase == .building, built, let a = assignment, let plan = dataPlan, plan.expectedSubscribers.isSubset(of: confirmed)
            else { return [] }
            phase = .ready
            return [.send(.ready(worker: a.worker))]
        case .tapSubscribed(let tap):
            guard let a = assignment else { return [] }
            return [.send(.tapJoined(tap: tap, worker: a.worker))]
        case .dataSilent(let epoch, let seconds, let missing):
            guard seconds > dataTimeout else { return [] }
            return fail("timed out after \(Int(dataTimeout)) s waiting for epoch \(epoch) from \(missing.joined(separator: ", "))", tell: true)
        case .ranToEnd:
            guard phase == .running else { return [] }
            phase = .finishing
            if finishRequested {
                phase = .done
                return [.finish]
            }
            return []
        case .interrupted(let signal):
            // With checkpoints, the first signal asks the coordinator for one more checkpoint
            // and a stop (its own signal may be on the way too); a second one ends the run now.
            if !signalled, phase == .running, assignment?.checkpoint != nil {
                signalled = true
                return [.send(.interrupted(signal: signal))]
            }
            // Every epoch is run: the run ends sooner than a checkpoint would (the coordinator
            // lets it, on its own signal), unless signalled again.
            if !signalled, phase == .finishing, assignment?.checkpoint != nil {
                signalled = true
                return []
            }
            return fail("interrupted by \(signal)", tell: true)
        case .tick:
            if liveness.silent(now: now) {
                return fail("the coordinator stopped responding (nothing for \(Int(livenessTimeout)) s)", tell: false)
            }
            if !liveness.heard, let t0 = joinedAt, now - t0 > joinTimeout {
                let hint = joinSilenceHint.map { ": \($0)" } ?? ""
                return fail("no answer from the coordinator within \(Int(joinTimeout)) s" + hint, tell: false)
            }
            // Nothing to say before the assignment: the hello was the first word.
            if phase != .joining && liveness.heartbeatDue(now: now) { return [.send(.heartbeat)] }
            return []
        }
    }

    private mutating func control(_ message: ControlMessage) -> [Directive] {
        switch message {
        case .assign(let a):
            guard phase == .joining else { return fail("assigned twice", tell: true) }
            assignment = a
            let plan = DataPlan(a)
            dataPlan = plan
            phase = .building
            return [.prepare(a, plan)]
        case .refuse(let reason):
            return fail("the coordinator refused this worker: \(reason)", tell: false)
        case .release(let from, let through, let states):
            guard phase == .ready || phase == .running, from == granted, through >= from, states.count == Int(through - from) else {
                return fail("an out-of-order release (epochs \(from) to \(through), \(granted) already granted)", tell: true)
            }
            phase = .running
            granted = through
            rhythms += states
            return []
        case .abort(let reason):
            return fail("the coordinator aborted the run: \(reason)", tell: false)
        case .rollback(let reason):
            phase = .failed
            return [.rejoin(reason)]
        case .stop(let reason):
            phase = .done
            return [.stop(reason)]
        case .finish:
            finishRequested = true
            if phase == .finishing {
                phase = .done
                return [.finish]
            }
            return []
        case .heartbeat:
            return []
        case .checkpointNow(let epoch):
            // Asked at the first epoch not yet released, so no shard of this worker is past it.
            guard phase == .running, let schedule, cadence != nil, epoch == granted, epoch < schedule.count else {
                return fail("an unexpected request for a checkpoint at epoch \(epoch) (\(granted) released)", tell: true)
            }
            cadence!.ask(step: schedule.start(epoch))
            return []
        case .weightsRequest(let segment):
            // Asked once every frame is recorded: this worker has run every epoch (it may still
            // be hashing its weights, in phase running).
            guard phase == .running || phase == .finishing, granted > 0, let a = assignment, a.shards.contains(segment.shard) else {
                return fail("an unexpected request for the weights of shard \(segment.shard)", tell: true)
            }
            return [.serveWeights(segment)]
        case .weightsAck(let index):
            return [.weightsAcked(index)]
        case .hello, .ready, .done, .tapHello, .tapWelcome, .tapJoined, .tapRecorded, .tapLeave, .weightsChunk, .checkpointPart, .interrupted:
            return fail("unexpected control message from the coordinator", tell: true)
        }
    }

    private mutating func fail(_ reason: String, tell: Bool) -> [Directive] {
        phase = .failed
        return [.fail(reason, tellCoordinator: tell)]
    }
}
