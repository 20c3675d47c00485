// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import VolleyCore
import VolleyRuntime
import VolleyTransport
import VolleyWire

/// How a worker joins a run.
public struct WorkerOptions: Sendable {
    /// The coordinator's control endpoint (`tcp://host:port` or `ipc://path`).
    public var coordinator: String
    /// Where to bind this worker's data socket (`tcp://*:0` picks a free port).
    public var dataBind: String
    /// Where to bind the tap socket, which analysts subscribe to.
    public var tapBind: String
    /// Messages queued per tap before a slow tap starts missing frames.
    public var tapHighWaterMark: Int32 = 10_000
    /// CURVE keys: every tcp link encrypted, only allowed keys admitted.
    public var security: LinkSecurity?
    /// The host other processes use to reach this one over tcp (default: detected).
    public var advertise: String?
    /// Exit as soon as this process (the launcher) is gone.
    public var parentPID: Int32?
    public var heartbeatInterval = 0.25
    public var livenessTimeout = 3.0
    /// Seconds to wait for the coordinator's first answer.
    public var joinTimeout = 60.0
    /// Seconds to wait for another shard's frame of an epoch before ending the run.
    public var dataTimeout = 30.0

    public init(coordinator: String, dataBind: String, tapBind: String, advertise: String? = nil, parentPID: Int32? = nil) {
        self.coordinator = coordinator
        self.dataBind = dataBind
        self.tapBind = tapBind
        self.advertise = advertise
        self.parentPID = parentPID
    }
}

/// A worker process's socket shell around `WorkerMachine`: joins, builds its shards, confirms
/// its subscribers, runs the epoch loop with data exchanged over ZeroMQ, and reports.
public final class WorkerShell {
    private let options: WorkerOptions
    private var machine: WorkerMachine
    private let link: WorkerLink
    private var subscribed = false
    private var assembler = EpochAssembler(runID: 0, sources: [], names: [:])
    /// The data plane the machine decided from the assignment.
    private var plan: DataPlan?
    private var build: BuildJob?
    private var simulation: Simulation?
    /// The final plastic weights' digests, computed after the run (nil without plasticity).
    private var plastic: PlasticReport?
    /// This worker's part of the energy budget, read when the last epoch has run.
    private var energy: EnergyCounts?
    /// Whether the simulation has run its last epoch (its final weights may be read).
    private var ranAllEpochs = false
    /// Segments of the final weights the coordinator asked for, in order, and the one being sent.
    private var weightRequests: [WeightsSegment] = []
    private var serving: (job: WeightsServeJob, sent: Int, acked: Int)?
    /// When `exchange` last read the control channel without having had to wait.
    private var lastControlPoll = 0.0
    private let clock = WallClock()
    private var buildSeconds = 0.0
    /// Seconds the epoch loop took, first epoch to last.
    private var simSeconds = 0.0
    private var done = false
    /// Signals handed to the machine so far.
    private var interruptsSeen = 0
    private var ownsShardZero = false
    private var rhythmSpecs: [RhythmSpec] = []
    private var seed: UInt64 = 0
    private var stepsPerSecond = 10_000.0
    /// This run's epochs (from a resumed run's cut; the wire counts them from 0).
    private var schedule = EpochSchedule(totalSteps: 0, epochSteps: 1)
    /// Names and places this worker's parts of checkpoints (the machine decides when).
    private var checkpoints: CheckpointWriter?
    /// Captures every local shard's state, while the simulation stands at an epoch boundary.
    private var capture: (() -> [ShardState])?

    public init(options: WorkerOptions) throws {
        self.options = options
        machine = WorkerMachine(
            heartbeatInterval: options.heartbeatInterval, livenessTimeout: options.livenessTimeout, joinTimeout: options.joinTimeout,
            joinSilenceHint: JoinSilence.hint(role: "worker", security: options.security), dataTimeout: options.dataTimeout)
        link = try WorkerLink(
            coordinator: options.coordinator, dataBind: options.dataBind, tapBind: options.tapBind,
            tapHighWaterMark: options.tapHighWaterMark, security: options.security)
    }

    /// Runs until the run ends; throws on failure, after telling the coordinator if it can.
    public func run() throws {
        do {
            try runProtocol()
        } catch {
            // A failure found here (data loss, a bad frame, a failed build) ends the run
            // everywhere: the coordinator is told, with the reason.
            if !done { try? execute([.fail("\(error)", tellCoordinator: true)]) }
            throw error
        }
    }

    private func runProtocol() throws {
        let peerHost = Endpoints.host(of: options.coordinator)
        let endpoint = Endpoints.advertised(link.boundDataEndpoint, advertise: options.advertise, peerHost: peerHost)
        let tapEndpoint = Endpoints.advertised(link.taps.boundEndpoint, advertise: options.advertise, peerHost: peerHost)
        try link.send(.hello(Hello(
            volleyVersion: volleyVersion, pid: getpid(), host: Endpoints.hostName(), dataEndpoint: endpoint, tapEndpoint: tapEndpoint)))
        // Join, build, confirm subscribers, wait for the first release.
        while !done && machine.phase != .running {
            try pump(timeout: 50)
            if machine.phase == .building { try checkPrepared() }
        }
        if !done, let simulation {
            var exchange = WorkerExchange(shell: self)
            let started = clock.seconds
            try simulation.run(schedule, exchange: &exchange, observers: []) { _, step, capture in
                // Held only while the simulation stands at this boundary.
                try withoutActuallyEscaping(capture) { capture in
                    self.capture = capture
                    defer { self.capture = nil }
                    try self.execute(self.machine.handle(.boundary(step: step), now: self.clock.seconds))
                }
            }
            simSeconds = clock.seconds - started
            // Read before any job reads the simulation on another thread.
            energy = simulation.energyCounts()
            ranAllEpochs = true
            let job = PlasticReportJob(simulation: simulation)
            while !done {
                if let r = job.result() {
                    plastic = r
                    break
                }
                try pump(timeout: 20)
            }
            if !done { try execute(machine.handle(.ranToEnd, now: clock.seconds)) }
        }
        while !done { try pump(timeout: 50) }
    }

    // MARK: The loop's steps

    /// Waits up to `timeout` ms for control traffic (and, while preparing, subscriptions), and
    /// handles it, the clock and signals.
    private func pump(timeout: Int, data: Bool = false) throws {
        for received in try link.poll(timeout: timeout, data: data) {
            try execute(machine.handle(.control(received.message), now: clock.seconds))
            if done { return }
        }
        if machine.phase == .joining, let refusal = try link.refusal() {
            try execute([.fail(refusal, tellCoordinator: false)])
        }
        try reportTaps()
        try checkLiveness()
        if !done { try serveWeights() }
    }

    /// Sends the final weights' chunks the coordinator asked for, a few ahead of its
    /// acknowledgements (a segment of tens of millions of synapses must not sit in a queue whole).
    private func serveWeights() throws {
        guard ranAllEpochs, let simulation else { return }
        if serving == nil, !weightRequests.isEmpty {
            serving = (WeightsServeJob(simulation: simulation, segment: weightRequests.removeFirst()), 0, -1)
        }
        while let s = serving, s.sent - s.acked <= 4, let next = s.job.take() {
            let columns = next ?? WeightsChunk.Columns(source: [], target: [], delay: [], weight: [], state: [])
            try link.send(.weightsChunk(WeightsChunk(segment: s.job.segment, index: s.sent, last: next == nil, columns: columns)))
            serving!.sent += 1
            if next == nil { serving = nil }
        }
    }

    /// Tells the coordinator which taps' subscriptions have reached this worker (it starts the
    /// run, or counts a lossless tap in, only once every worker has seen them).
    private func reportTaps() throws {
        guard machine.assignment != nil else { return }
        for id in link.takeJoinedTaps() { try execute(machine.handle(.tapSubscribed(id), now: clock.seconds)) }
    }

    private func checkLiveness() throws {
        // Each signal once: the first may ask for a checkpoint, the second ends the run.
        while interruptsSeen < Interrupts.count, let signal = Interrupts.pending {
            interruptsSeen += 1
            try execute(machine.handle(.interrupted(signal), now: clock.seconds))
        }
        if let parent = options.parentPID, getppid() != parent {
            try execute([.fail("the launching process is gone", tellCoordinator: true)])
        }
        try execute(machine.handle(.tick, now: clock.seconds))
    }

    private func checkPrepared() throws {
        guard let job = build, let result = job.result() else { return }
        if simulation == nil {
            switch result {
            case .success(let s):
                simulation = s
                buildSeconds = clock.seconds - buildSeconds
                try execute(machine.handle(.built, now: clock.seconds))
            case .failure(let e):
                try execute([.fail("building the shards failed: \(e)", tellCoordinator: true)])
                return
            }
        }
        try execute(machine.handle(.subscribersConfirmed(link.publisher.confirmed), now: clock.seconds))
    }

    private func execute(_ directives: [WorkerMachine.Directive]) throws {
        for d in directives {
            switch d {
            case .send(let m):
                try link.send(m)
            case .prepare(let a, let plan):
                try prepare(a, plan: plan)
            case .finish:
                try link.send(.done(report()))
                link.close(linger: 1000)
                done = true
            case .serveWeights(let segment):
                weightRequests.append(segment)
            case .rejoin(let reason):
                link.close(linger: 0)
                done = true
                throw WorkerRejoin(reason: reason)
            case .stop(let reason):
                link.close(linger: 0)
                done = true
                throw WorkerStopped(reason: reason)
            case .writeCheckpointPart(let cut):
                try writeCheckpointPart(cut)
            case .weightsAcked(let index):
                if serving != nil { serving!.acked = max(serving!.acked, index) }
            case .fail(let reason, let tell):
                if tell { try? link.send(.abort(reason: reason)) }
                link.close(linger: tell ? 500 : 0)
                done = true
                // Before an assignment this worker was never part of a run (refused, or no
                // coordinator answered): say what stopped it, not that a run was aborted.
                throw machine.assignment == nil ? TransportError.failed(reason) : TransportError.aborted(reason: reason)
            }
        }
    }

    private func prepare(_ a: Assignment, plan data: DataPlan) throws {
        plan = data
        link.publisher.runID = a.runID
        link.taps.configure(runID: a.runID, network: a.network)
        link.allow(keys: a.authorizedKeys ?? [])
        ownsShardZero = a.shards.contains(0)
        rhythmSpecs = a.network.rhythms
        seed = a.seed
        let runPlan: RunPlan
        do {
            runPlan = try RunPlan(
                spec: a.network, seed: a.seed, shards: a.shardCount, tSim: a.tSim, firstEpoch: a.resume?.epoch ?? 0, readingLists: false)
        } catch {
            try execute([.fail("the model does not run here: \(error)", tellCoordinator: true)])
            return
        }
        let network = runPlan.network, steps = runPlan.totalSteps
        schedule = runPlan.schedule
        try execute(machine.handle(.compiled(schedule), now: clock.seconds))
        if let plan = a.checkpoint {
            do {
                checkpoints = try CheckpointWriter(
                    settings: CheckpointSettings(directory: plan.directory, everyMs: plan.everyMs), network: network, tSim: a.tSim,
                    totalSteps: steps, shards: a.shardCount, workers: a.peers.count, threads: a.threads, formats: [], out: nil,
                    resumedAtStep: schedule.firstStep)
            } catch {
                try execute([.fail("cannot checkpoint into \(plan.directory): \(error)", tellCoordinator: true)])
                return
            }
        }
        stepsPerSecond = 1000 / a.network.resolution
        assembler = EpochAssembler(
            runID: a.runID, sources: data.remoteSources.map(UInt32.init), names: data.names, activations: data.activations)
        if !data.remoteSources.isEmpty {
            try link.subscribe(
                runID: a.runID, id: a.worker, sources: data.remoteSources, activations: data.activations, endpoints: data.endpoints)
            subscribed = true
        }
        buildSeconds = clock.seconds
        build = BuildJob(network: network, shards: a.shards, threads: a.threads, resume: a.resume)
    }

    // MARK: The exchange

    /// The rhythms' states of a released epoch, as the coordinator sent them.
    func rhythms(epoch modelEpoch: Int64) throws -> [RhythmState] {
        let epoch = modelEpoch - schedule.firstEpoch
        guard epoch < machine.rhythms.count else {
            throw TransportError.failed("epoch \(epoch) was started before it was released")
        }
        // Called as each epoch starts: its shards count energy while a tap asks for it.
        simulation?.energyPerEpochWanted = link.taps.wantsEnergy
        return machine.rhythms[Int(epoch)]
    }

    /// Publishes this worker's shards' epoch, collects the other shards' frames for it, and
    /// waits until the next epoch is released.
    func exchange(epoch: Int64, outputs: [ShardOutput]) throws -> EpochEvents {
        let k = UInt64(epoch - schedule.firstEpoch)
        guard let plan else { throw TransportError.failed("epoch \(k) before the assignment") }
        for o in outputs.sorted(by: { $0.shard < $1.shard }) {
            if plan.activations {
                try link.publisher.publish(shard: o.shard, epoch: k, activations: o.activations.map { ActivationEvent($0) })
            }
            // Empty or not: a lossless tap expects one frame per shard and epoch, and a multimeter
            // that samples less often than every epoch, or a shard without probes, has none to send.
            if plan.samples {
                try link.publisher.publish(shard: o.shard, epoch: k, samples: o.samples.map { WireSample($0) })
            }
            if plan.weights { try link.publisher.publish(shard: o.shard, epoch: k, weights: o.weights) }
            try link.publisher.publish(shard: o.shard, epoch: k, spikes: o.spikes)
        }
        try link.readTapSubscriptions()
        if !link.taps.isEmpty { try publishToTaps(epoch: epoch, outputs: outputs) }
        var lists = outputs.map(\.spikes)
        var activationLists = outputs.map(\.activations)
        if subscribed {
            let waitingSince = clock.seconds
            try link.drain(into: &assembler)
            while !assembler.isComplete(k) {
                try pump(timeout: 20, data: true)
                if done { throw TransportError.aborted(reason: "the run ended during epoch \(k)") }
                try link.drain(into: &assembler)
                try execute(machine.handle(
                    .dataSilent(epoch: k, seconds: clock.seconds - waitingSince, missing: assembler.missing(k)), now: clock.seconds))
            }
            // A worker whose peers' frames are always there before it needs them never waits
            // above: it reads the coordinator and says it is alive here (a heartbeat when due),
            // at most every tenth of a second.
            let now = clock.seconds
            if now - lastControlPoll > 0.1 {
                lastControlPoll = now
                try pump(timeout: 0)
                if done { throw TransportError.aborted(reason: "the run ended during epoch \(k)") }
            }
            let frames = assembler.take(k)
            lists += frames.spikes
            activationLists += frames.activations.map { list in list.map { Activation($0) } }
        } else {
            try checkLiveness()
        }
        while k + 1 < schedule.count && machine.granted <= k + 1 && !done {
            try pump(timeout: 20)
        }
        if done { throw TransportError.aborted(reason: "the run ended after epoch \(k)") }
        return EpochEvents(spikes: SpikeMerge.canonical(lists), activations: SpikeMerge.activations(activationLists))
    }

    /// Hands the taps their part of the epoch; the rhythms' timeline comes from shard 0's worker.
    private func publishToTaps(epoch: Int64, outputs: [ShardOutput]) throws {
        let k = UInt64(epoch - schedule.firstEpoch)
        for o in outputs.sorted(by: { $0.shard < $1.shard }) { link.taps.publish(shard: o.shard, epoch: k, output: o) }
        guard ownsShardZero, !rhythmSpecs.isEmpty else { return }
        let states = try rhythms(epoch: epoch)
        let start = epoch * schedule.epochSteps
        let epochRhythms = EpochRhythms(start: start, states: states, rhythms: rhythmSpecs, seed: seed)
        link.taps.publish(epoch: k, rhythms: epochRhythms.timeline(stepsPerSecond: stepsPerSecond))
    }

    /// At an epoch boundary where a checkpoint is due: writes this worker's shards' states into
    /// the checkpoint's folder and tells the coordinator, which writes the manifest last.
    private func writeCheckpointPart(_ cut: CheckpointCadence.Cut) throws {
        guard let checkpoints, let a = machine.assignment else {
            throw TransportError.failed("a checkpoint is due but the assignment has no checkpoint plan")
        }
        guard let capture else { throw TransportError.failed("a checkpoint was due away from an epoch boundary") }
        let clock = WallClock()
        let name = checkpoints.name(cut)
        let files = try CheckpointWriter.writeShards(
            capture(), directory: checkpoints.partialDirectory(name), name: name, identity: checkpoints.identity(step: cut.step, seed: a.seed))
        try link.send(.checkpointPart(CheckpointPart(
            worker: a.worker, name: name, step: cut.step,
            files: files.map { CheckpointFile(path: $0.path, bytes: $0.bytes, sha256: $0.sha256) }, seconds: clock.seconds)))
    }

    private func report() -> WorkerReport {
        WorkerReport(
            worker: machine.assignment?.worker ?? 0,
            sent: link.publisher.sent.keys.sorted().map {
                ShardCount(shard: $0, frames: link.publisher.sent[$0]!.frames, spikes: link.publisher.sent[$0]!.spikes)
            },
            received: assembler.received.keys.sorted().map {
                ShardCount(shard: Int($0), frames: assembler.received[$0]!.frames, spikes: assembler.received[$0]!.spikes)
            },
            synapses: simulation?.localSynapseCount ?? 0, synapseBytes: simulation?.localSynapseBytes ?? 0,
            buildSeconds: buildSeconds, plastic: plastic, energy: energy,
            shards: machine.assignment?.shards ?? [], simSeconds: simSeconds, peakRSSMB: ProcessMemory.peakResidentMB())
    }
}

/// The coordinator rolled the run back to a checkpoint: this worker should join it again.
public struct WorkerRejoin: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { "the run rolls back to its latest checkpoint (\(reason))" }
}

/// The run stopped at the operator's request after its checkpoint, which holds this worker's
/// part: not a failure.
public struct WorkerStopped: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { "\(reason); this worker's part of the checkpoint is written" }
}

/// The `SpikeExchange` of a worker process: the shell's ZeroMQ data plane, and the rhythms'
/// states the coordinator released.
struct WorkerExchange: SpikeExchange {
    let shell: WorkerShell

    mutating func rhythms(epoch: Int64, start: Int64, steps: Int64) throws -> [RhythmState] {
        try shell.rhythms(epoch: epoch)
    }

    mutating func exchange(epoch: Int64, outputs: [ShardOutput]) throws -> EpochEvents {
        try shell.exchange(epoch: epoch, outputs: outputs)
    }
}
