// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyRuntime
import VolleyWire

/// The coordinator's protocol as a pure value (DESIGN §7): it takes what happened and returns
/// what to do; `CoordinatorShell` does the socket I/O. Registration with version checks, shard
/// assignment, readiness, windowed epoch release, liveness, abort and the end-of-run handshake.
public struct CoordinatorMachine: Sendable {
    /// The run this coordinator conducts.
    public struct Settings: Sendable {
        public var runID: UInt64
        public var workers: Int
        public var shardCount: Int
        public var threads: Int
        public var network: NetworkSpec
        public var seed: UInt64
        public var tSim: Double
        /// The run's epochs (from a resumed run's cut, numbered from 0 on the wire).
        public var schedule: EpochSchedule
        public var totalEpochs: UInt64 { schedule.count }
        public var epochSteps: Int64 { schedule.epochSteps }
        /// Epochs released ahead of the last one recorded.
        public var window: UInt64
        /// Seconds between heartbeats, and without any sign of a worker before it counts as dead.
        public var heartbeatInterval: Double
        public var livenessTimeout: Double
        /// Seconds to wait for every worker to join (and to build).
        public var joinTimeout: Double
        /// Seconds a welcomed tap has to reach every worker before it is turned away.
        public var tapJoinTimeout: Double = 10
        /// Seconds the end of a run waits for taps that keep up to report the last epoch, so
        /// closing sockets does not cut off their tail; a slower tap loses the rest.
        public var tapDrainTimeout: Double = 1
        /// With CURVE keys: the client keys the workers must admit.
        public var authorizedKeys: [String]?
        /// Collect the plastic synapses' final state from the workers after the last epoch (the
        /// coordinator writes weights.h5).
        public var collectWeights = false
        /// Where and how often the workers write their part of each checkpoint.
        public var checkpoint: CheckpointPlan?
        /// The checkpoint this run resumes from (the schedule starts at its cut: epoch k of this
        /// run is the model's epoch `resume.epoch + k`; the wire counts from this run's first epoch).
        public var resume: ResumeFrom?
        /// A lost worker rolls the run back (the workers are told to join again) instead of
        /// ending it: set when checkpoints are on and replacements are awaited.
        public var rollbackOnLoss = false
        /// The model's epoch of this run's epoch 0.
        public var firstEpoch: Int64 { schedule.firstEpoch }

        public init(runID: UInt64, workers: Int, shardCount: Int, threads: Int, network: NetworkSpec, seed: UInt64, tSim: Double,
                    schedule: EpochSchedule, window: UInt64 = 256, heartbeatInterval: Double = 0.25,
                    livenessTimeout: Double = 3, joinTimeout: Double = 60) {
            self.runID = runID
            self.workers = workers
            self.shardCount = shardCount
            self.threads = threads
            self.network = network
            self.seed = seed
            self.tSim = tSim
            self.schedule = schedule
            self.window = window
            self.heartbeatInterval = heartbeatInterval
            self.livenessTimeout = livenessTimeout
            self.joinTimeout = joinTimeout
        }
    }

    /// Where the run is.
    public enum Phase: Sendable, Equatable {
        case gathering, building, running, collecting, finishing, complete, failed
    }

    /// A worker as the coordinator knows it.
    public struct WorkerRecord: Sendable {
        public var routingID: [UInt8]
        public var index: UInt32
        public var hello: Hello
        public var shards: [Int] = []
        /// When the worker was last heard from (any message), and when liveness starts counting.
        public var liveness: Liveness
        public var ready = false
        public var report: WorkerReport?

        /// "worker 1 (pid 812 on node-b, tcp://10.0.0.2:5001, shards 1, 3)".
        public var description: String {
            "worker \(index) (pid \(hello.pid) on \(hello.host), \(hello.dataEndpoint), shards \(shards.map(String.init).joined(separator: ", ")))"
        }
    }

    /// What happened.
    public enum Event: Sendable {
        case control(from: [UInt8], Result<(FrameHeader, ControlMessage), WireError>)
        /// Every shard's frame of this epoch has been recorded (with these spikes).
        case recorded(epoch: UInt64, spikes: [UInt64])
        /// A worker process this coordinator launched has ended.
        case workerExited(pid: Int32, status: String)
        /// The data stream broke (loss, duplicate, bad frame).
        case dataFailure(String)
        /// SIGINT or SIGTERM (each signal once). With checkpoints, the first one stops the run
        /// after a checkpoint at the next epoch not yet released; a second one stops it at once.
        case interrupted(String)
        /// Every segment of the final weights has been received and written.
        case weightsCollected
        /// The checkpoint cut at this step is complete: a lost worker may roll the run back to it.
        case checkpointCompleted(step: Int64)
        case tick
    }

    /// What to do.
    public enum Directive: Sendable, Equatable {
        case send(ControlMessage, to: [UInt8])
        /// Subscribe the recorder to every worker's data and wait for it to be confirmed.
        case connectRecorder([Peer])
        /// The run failed; every worker has been told. Exit non-zero with this message.
        case fail(String)
        /// The run is over and every worker has reported.
        case complete([WorkerReport])
        /// Something the operator should know that does not stop the run (a tap left).
        case notice(String)
        /// Every epoch is recorded: collect the final plastic weights (the shell asks the
        /// workers segment by segment, then reports `weightsCollected`).
        case collectWeights
        /// A piece of the final weights from worker `from` (its index).
        case weightsChunk(WeightsChunk, from: UInt32)
        /// The recording has reached a checkpoint's cut: set the record so far aside for it.
        case cutCheckpoint(CheckpointCadence.Cut)
        /// Every worker's part of the checkpoint cut at `cut` is in: write the record and the
        /// manifest, then report `checkpointCompleted`.
        case completeCheckpoint(CheckpointCadence.Cut, epoch: UInt64, parts: [CheckpointPart])
        /// The run stops at the operator's request (`signal`), its checkpoint cut at `step`
        /// written; every worker has been told.
        case stop(signal: String, step: Int64)
    }

    public let settings: Settings
    // Set here and in CoordinatorMachine+Checkpoints.swift.
    public internal(set) var phase: Phase = .gathering
    public private(set) var workers: [WorkerRecord] = []
    /// Epochs below this may run.
    public private(set) var granted: UInt64 = 0
    /// Epochs below this are recorded by the coordinator.
    public private(set) var recorded: UInt64 = 0
    /// The taps watching the run.
    public private(set) var taps = TapRegistry()
    private var startedAt: Double?
    /// When the recording (and every lossless tap) reached the last epoch.
    private var endReachedAt: Double?
    /// When the heartbeat to every worker and tap is due (their liveness is each one's own).
    private var heartbeats: Liveness
    private var clock: RhythmClock
    /// The rhythms' states of every released epoch, for the recording.
    private var released: [[RhythmState]] = []
    private var counter: PopulationCounter
    /// Whether there is a checkpoint to roll back to (the one resumed from, or one written).
    var checkpointAvailable: Bool
    /// When checkpoints are due (nil without checkpoints): the workers decide the same way.
    var cadence: CheckpointCadence?
    /// Checkpoints whose record is cut, waiting for the workers' parts, in order.
    var cuts: [(cut: CheckpointCadence.Cut, epoch: UInt64)] = []
    /// The workers' parts by the step they were cut at (a worker may be ahead of the recording).
    var parts: [Int64: [CheckpointPart]] = [:]
    /// An interrupted run's signal and the checkpoint it waits for before it stops.
    var interruption: (signal: String, step: Int64)?
    /// A signal came when the run was about to end anyway: it goes on, and the next one stops it.
    var signalledNearEnd = false
    /// The interruption came from a worker's word of its signal, so the coordinator's own signal,
    /// sent to every process of the run at about the same moment, is not yet a second one.
    var ownSignalJoins = false

    public init(settings: Settings, counter: PopulationCounter) {
        self.settings = settings
        self.clock = RhythmClock(rhythms: settings.network.rhythms, resolution: settings.network.resolution)
        self.clock.skip(to: settings.firstEpoch)
        self.checkpointAvailable = settings.resume != nil
        self.counter = counter
        heartbeats = Liveness(heartbeatInterval: settings.heartbeatInterval, timeout: settings.livenessTimeout)
        cadence = settings.checkpoint.flatMap {
            CheckpointCadence(everyMs: $0.everyMs, resolution: settings.network.resolution, schedule: settings.schedule)
        }
    }

    /// The rhythms' states released for `epoch`.
    public func rhythms(epoch: UInt64) -> [RhythmState] {
        Int(epoch) < released.count ? released[Int(epoch)] : []
    }

    /// Handles `event` at time `now` (seconds, monotonic).
    public mutating func handle(_ event: Event, now: Double) -> [Directive] {
        if startedAt == nil { startedAt = now }
        guard phase != .complete && phase != .failed else { return [] }
        switch event {
        case .control(let from, let result):
            return control(from: from, result, now: now)
        case .recorded(let epoch, let spikes):
            counter.record(epoch: Int64(settings.firstEpoch) + Int64(epoch), spikes: spikes)
            recorded = max(recorded, epoch + 1)
            return cutIfDue(after: epoch) + advance(now: now)
        case .workerExited(let pid, let status):
            let who = workers.first { $0.hello.pid == pid }?.description ?? "worker process \(pid)"
            if phase == .finishing && status == "exited with status 0" { return [] }
            return fail("\(who) \(status)", lostWorker: true)
        case .dataFailure(let why):
            return fail(why)
        case .interrupted(let signal):
            return interrupt(signal)
        case .checkpointCompleted(let step):
            checkpointAvailable = true
            guard let i = interruption, i.step == step else { return [] }
            return stop(signal: i.signal, step: step)
        case .weightsCollected:
            guard phase == .collecting else { return [] }
            phase = .finishing
            return workers.map { .send(.finish, to: $0.routingID) }
        case .tick:
            return tick(now: now)
        }
    }

    private mutating func control(from: [UInt8], _ result: Result<(FrameHeader, ControlMessage), WireError>, now: Double) -> [Directive] {
        let message: ControlMessage
        switch result {
        case .failure(let error):
            // A peer speaking another language is refused, and the run goes on without it.
            return [.send(.refuse(reason: "\(error)"), to: from)]
        case .success(let (_, m)):
            message = m
        }
        if let i = workers.firstIndex(where: { $0.routingID == from }) { workers[i].liveness.seen(now: now) }
        taps.seen(from, now: now)
        switch message {
        case .hello(let hello):
            return admit(hello, from: from, now: now)
        case .ready:
            guard let i = workers.firstIndex(where: { $0.routingID == from }) else { return [] }
            workers[i].ready = true
            return startIfReady()
        case .done(let report):
            guard let i = workers.firstIndex(where: { $0.routingID == from }) else { return [] }
            workers[i].report = report
            if phase == .finishing && workers.allSatisfy({ $0.report != nil }) {
                phase = .complete
                return taps.taps.map { .send(.finish, to: $0.routingID) } + [.complete(workers.compactMap(\.report))]
            }
            return []
        case .abort(let reason):
            let who = workers.first { $0.routingID == from }?.description ?? "a worker"
            return fail("\(who) aborted: \(reason)")
        case .heartbeat:
            return []
        case .tapHello(let hello):
            return admitTap(hello, from: from, now: now)
        case .tapJoined(let tap, let worker):
            guard workers.contains(where: { $0.routingID == from }) else { return [] }
            guard taps.joined(tap: tap, worker: worker, workers: workers.count, recorded: recorded) != nil else { return [] }
            return startIfReady()
        case .tapRecorded(let through):
            taps.recorded(from, through: through)
            return advance(now: now)
        case .tapLeave:
            guard let i = taps.index(from) else { return [] }
            let tap = taps.remove(at: i)
            return [.notice("\(tap.description) left")] + startIfReady() + advance(now: now)
        case .weightsChunk(let chunk):
            guard phase == .collecting, let worker = workers.first(where: { $0.routingID == from }) else {
                return fail("a chunk of final weights arrived outside their collection")
            }
            return [.weightsChunk(chunk, from: worker.index)]
        case .checkpointPart(let part):
            guard let worker = workers.first(where: { $0.routingID == from }) else { return [] }
            return checkpointPart(part, from: worker)
        case .interrupted(let signal):
            // Slurm and Kubernetes signal every process of a run: the coordinator's own signal
            // (or the first worker's word of one) asks for the checkpoint, the rest change nothing.
            guard let worker = workers.first(where: { $0.routingID == from }), interruption == nil, !signalledNearEnd else { return [] }
            return interrupt("\(signal) (to worker \(worker.index))", relayed: true)
        case .refuse, .assign, .release, .finish, .tapWelcome, .weightsRequest, .weightsAck, .rollback, .checkpointNow, .stop:
            return [.send(.refuse(reason: "unexpected control message from a worker"), to: from)]
        }
    }

    private mutating func admit(_ hello: Hello, from: [UInt8], now: Double) -> [Directive] {
        guard phase == .gathering else {
            return [.send(.refuse(reason: "the run already has its \(settings.workers) workers"), to: from)]
        }
        guard hello.volleyVersion == volleyVersion else {
            return [.send(.refuse(reason: "volley \(hello.volleyVersion) cannot join a volley \(volleyVersion) run"), to: from)]
        }
        guard !workers.contains(where: { $0.routingID == from }) else { return [] }
        var liveness = Liveness(heartbeatInterval: settings.heartbeatInterval, timeout: settings.livenessTimeout)
        liveness.seen(now: now)
        workers.append(WorkerRecord(routingID: from, index: UInt32(workers.count), hello: hello, liveness: liveness))
        guard workers.count == settings.workers else { return [] }
        // Shards round-robin: worker w gets w, w + W, …; shards are equal slices of every
        // population, so this balances neurons and synapses alike.
        for i in workers.indices {
            workers[i].shards = Array(stride(from: i, to: settings.shardCount, by: settings.workers))
            workers[i].liveness.seen(now: now)
        }
        phase = .building
        let peers = workers.map { Peer(worker: $0.index, dataEndpoint: $0.hello.dataEndpoint, shards: $0.shards) }
        var out: [Directive] = [.connectRecorder(peers)]
        for w in workers {
            out.append(.send(.assign(Assignment(
                runID: settings.runID, worker: w.index, network: settings.network, seed: settings.seed, tSim: settings.tSim,
                shardCount: settings.shardCount, threads: settings.threads, peers: peers, authorizedKeys: settings.authorizedKeys,
                checkpoint: settings.checkpoint, resume: settings.resume)),
                to: w.routingID))
        }
        for i in taps.taps.indices {
            taps.welcomed(i, now: now)
            out.append(.send(.tapWelcome(welcome: welcome(tap: taps.taps[i].id)), to: taps.taps[i].routingID))
        }
        return out
    }

    /// A tap registers: it is told where the workers are as soon as they have all joined.
    private mutating func admitTap(_ hello: TapHello, from: [UInt8], now: Double) -> [Directive] {
        // Any client speaking this wire version may watch (the frame header was checked): the
        // Python client has versions of its own.
        guard phase == .gathering || phase == .building || phase == .running else {
            return [.send(.refuse(reason: "the run is ending"), to: from)]
        }
        let known = taps.index(from) != nil
        let id = taps.register(
            hello, from: from, now: now, liveness: Liveness(heartbeatInterval: settings.heartbeatInterval, timeout: settings.livenessTimeout))
        guard let i = taps.index(from) else { return [] }
        let note: [Directive] = known ? [] : [.notice("\(taps.taps[i].description) registered")]
        guard phase != .gathering else { return note }
        taps.welcomed(i, now: now)
        return note + [.send(.tapWelcome(welcome: welcome(tap: id)), to: from)]
    }

    private func welcome(tap id: UInt32) -> TapWelcome {
        var w = TapWelcome(
            tap: id, runID: settings.runID, model: settings.network.name, seed: settings.seed,
            resolution: settings.network.resolution, epochSteps: settings.epochSteps, totalEpochs: settings.totalEpochs,
            tSim: settings.tSim, shards: settings.shardCount, catalog: RunCatalog(network: settings.network),
            workers: workers.map {
                TapPeer(worker: $0.index, tapEndpoint: $0.hello.tapEndpoint ?? "", dataEndpoint: $0.hello.dataEndpoint, shards: $0.shards)
            },
            releasedBefore: granted)
        w.firstEpoch = settings.firstEpoch
        return w
    }

    /// The first epoch waits for every worker to be ready and every welcomed tap to be seen by
    /// every worker.
    private mutating func startIfReady() -> [Directive] {
        guard phase == .building, workers.allSatisfy(\.ready), taps.allActive else { return [] }
        phase = .running
        return releaseIfDue()
    }

    /// After the recording or a lossless tap moved on: finish, or release more.
    private mutating func advance(now: Double) -> [Directive] {
        guard phase == .running else { return [] }
        if taps.progress(recorded: recorded) == settings.totalEpochs {
            if endReachedAt == nil { endReachedAt = now }
            let drained = taps.taps.allSatisfy { !$0.active || $0.through >= settings.totalEpochs }
            guard drained || now - endReachedAt! >= settings.tapDrainTimeout else { return [] }
            if settings.collectWeights {
                phase = .collecting
                return [.collectWeights]
            }
            phase = .finishing
            return workers.map { .send(.finish, to: $0.routingID) }
        }
        return releaseIfDue()
    }

    private mutating func releaseIfDue() -> [Directive] {
        // An interrupted run releases nothing after its checkpoint's epoch.
        guard phase == .running, interruption == nil else { return [] }
        // An entrained rhythm's state in epoch k needs the spikes of epoch k − lag: never release
        // further ahead of the recording than that.
        let window = clock.isEntrained ? min(settings.window, UInt64(clock.smallestLag)) : settings.window
        let target = min(settings.totalEpochs, taps.progress(recorded: recorded) + window)
        // Release in halves of the window, so that control traffic stays small.
        guard target > granted, granted < settings.totalEpochs, target - granted >= max(1, window / 2) || target == settings.totalEpochs
        else { return [] }
        return release(through: target)
    }

    /// Releases the epochs from `granted` to `target`, with their rhythms' states.
    mutating func release(through target: UInt64) -> [Directive] {
        let from = granted
        granted = target
        let c = counter
        let schedule = settings.schedule
        var states: [[RhythmState]] = []
        for k in from..<target {
            states.append(clock.states(epoch: schedule.epoch(k), start: schedule.start(k), steps: schedule.steps(k)) { c.count($0, epoch: $1) })
        }
        released += states
        return workers.map { .send(.release(from: from, through: target, rhythms: states), to: $0.routingID) }
    }

    private mutating func tick(now: Double) -> [Directive] {
        var out: [Directive] = []
        if phase == .gathering, let t0 = startedAt, now - t0 > settings.joinTimeout {
            return fail("only \(workers.count) of \(settings.workers) workers joined within \(Int(settings.joinTimeout)) s")
        }
        // Workers that have joined wait silently for the others (a replacement may take
        // minutes to be scheduled): liveness counts from the assignment.
        for w in workers where phase != .gathering && w.liveness.silent(now: now) {
            return fail("\(w.description) stopped responding (nothing for \(Int(settings.livenessTimeout)) s)", lostWorker: true)
        }
        if heartbeats.heartbeatDue(now: now) {
            out += workers.map { .send(.heartbeat, to: $0.routingID) }
            out += taps.taps.map { .send(.heartbeat, to: $0.routingID) }
        }
        // A tap that goes silent, or whose subscription reaches no worker, is let go: taps
        // never stop a run.
        var dropped = false
        for i in taps.taps.indices.reversed() {
            let tap = taps.taps[i]
            if tap.liveness.silent(now: now) {
                taps.remove(at: i)
                out.append(.notice("\(tap.description) stopped responding; the run goes on without it"))
                dropped = true
            } else if !tap.active, let t = tap.welcomedAt, now - t > settings.tapJoinTimeout {
                taps.remove(at: i)
                let reason = "not every worker saw the subscription within \(Int(settings.tapJoinTimeout)) s: "
                    + "can this machine reach the workers' tap endpoints?"
                out += [.send(.refuse(reason: reason), to: tap.routingID), .notice("\(tap.description) turned away: \(reason)")]
                dropped = true
            }
        }
        if dropped { out += startIfReady() }
        if dropped || endReachedAt != nil { out += advance(now: now) }
        return out
    }

    mutating func fail(_ reason: String, lostWorker: Bool = false) -> [Directive] {
        // Only a lost worker (dead, or silent) rolls the run back, and only to a checkpoint that
        // exists: the workers still there join again. Any other failure (a signal, a worker's
        // own abort, a numerical instability, a full disk) would only repeat, and ends the run.
        let rollback = settings.rollbackOnLoss && lostWorker && checkpointAvailable && phase != .gathering && interruption == nil
        phase = .failed
        let toWorkers: [Directive] = workers.map { .send(rollback ? .rollback(reason: reason) : .abort(reason: reason), to: $0.routingID) }
        return toWorkers + taps.taps.map { .send(.abort(reason: reason), to: $0.routingID) } + [.fail(reason)]
    }
}
