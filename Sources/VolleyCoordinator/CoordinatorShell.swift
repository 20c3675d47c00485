// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VolleyCore
import VolleyRuntime
import VolleyTransport
import VolleyWire
import VolleyFormats

/// How a coordinator runs.
public struct CoordinatorOptions {
    /// The control endpoint to bind (`tcp://0.0.0.0:5555`, `ipc:///tmp/run/control.ipc`).
    public var listen: String
    public var workers: Int
    public var shards: Int
    public var threads: Int
    public var outDirectory: String?
    /// The spike files to write into `outDirectory`.
    public var formats: Set<RecordFormat> = [.csv]
    /// Write the plastic synapses' final state to `outDirectory/weights.h5` (off for benchmarks).
    public var finalWeights = true
    public var quiet: Bool
    public var summaryExtras: [(String, JSONValue)]
    public var window: UInt64 = 256
    /// CURVE keys: every tcp link encrypted, only allowed keys admitted.
    public var security: LinkSecurity?
    public var livenessTimeout = 3.0
    public var joinTimeout = 60.0
    /// Reports worker processes this coordinator launched that have ended (pid, how).
    public var exitedWorkers: (() -> [(pid: Int32, status: String)])?
    /// Where and how often to checkpoint (every worker writes its shards' part; this process the
    /// record and the manifest).
    public var checkpoint: CheckpointSettings?
    /// The checkpoint to continue from.
    public var resume: LoadedCheckpoint?
    /// A lost worker rolls the run back: the others are told to join again (see
    /// `CoordinatorMachine.Settings.rollbackOnLoss`).
    public var rollbackOnLoss = false

    public init(listen: String, workers: Int, shards: Int, threads: Int, outDirectory: String?, quiet: Bool,
                summaryExtras: [(String, JSONValue)] = []) {
        self.listen = listen
        self.workers = workers
        self.shards = shards
        self.threads = threads
        self.outDirectory = outDirectory
        self.quiet = quiet
        self.summaryExtras = summaryExtras
    }
}

/// The coordinator process's socket shell around `CoordinatorMachine`: it registers workers,
/// records every shard's data as it arrives (the same outputs as an in-process run), releases
/// epochs, watches liveness, and writes the summary with the conservation report.
public final class CoordinatorShell {
    private let network: CompiledNetwork
    private let tSim: Double
    private let options: CoordinatorOptions
    private let schedule: EpochSchedule
    private var totalEpochs: UInt64 { schedule.count }
    private let runID: UInt64
    private var machine: CoordinatorMachine
    private let link: CoordinatorLink
    private let recorder: RunRecorder
    private var assembler: EpochAssembler
    private var nextEpoch: UInt64 = 0
    private let clock = WallClock()
    private var runningSince: Double?
    private var runSeconds = 0.0
    private var outcome: Result<[WorkerReport], TransportError>?
    private var weights: PlasticWeightsCollector?
    private let checkpoints: CheckpointWriter?
    private let log = RecordLog()
    /// The record of each checkpoint cut and not yet complete, and the spikes up to it: by step.
    private var cutRecords: [Int64: (records: [EpochRecord], spikes: Int)] = [:]
    /// The checkpoints written, by the step of their cut.
    private var completed: [Int64: CheckpointReport] = [:]
    /// Signals handed to the machine so far.
    private var interruptsSeen = 0

    /// The control endpoint as bound (a wildcard port resolved).
    public var boundEndpoint: String { link.boundEndpoint }

    public init(spec: NetworkSpec, seed: UInt64, tSim: Double, options: CoordinatorOptions) throws {
        guard options.workers >= 1 else { throw RunInputError("--workers must be at least 1") }
        guard options.shards >= options.workers else {
            throw RunInputError("--shards (\(options.shards)) must be at least the number of workers (\(options.workers))")
        }
        // The coordinator builds no shard, so it never reads a connection list's rows.
        let plan = try RunPlan(
            spec: spec, seed: seed, shards: options.shards, tSim: tSim, firstEpoch: options.resume?.manifest.epoch ?? 0, readingLists: false)
        network = plan.network
        let steps = plan.totalSteps
        self.tSim = tSim
        self.options = options
        if options.checkpoint != nil || options.resume != nil, let refusal = CheckpointWriter.refusal(spec: spec) {
            throw RunInputError("checkpoints do not cover models with \(refusal) yet (\(spec.name))")
        }
        schedule = plan.schedule
        guard schedule.count > 0 else { throw RunInputError("the checkpoint is at the end of the run: nothing to resume") }
        // A fresh id per run, so frames of an earlier run on the same endpoints are refused.
        var timeNow = timespec()
        clock_gettime(CLOCK_REALTIME, &timeNow)
        let entropy = UInt64(UInt32(bitPattern: getpid())) << 32 ^ UInt64(timeNow.tv_nsec) ^ UInt64(timeNow.tv_sec) << 20
        runID = Philox(seed: entropy).bits(stream: 0, entity: 0, counter: 0).0 | 1
        var settings = CoordinatorMachine.Settings(
            runID: runID, workers: options.workers, shardCount: options.shards, threads: options.threads, network: spec,
            seed: seed, tSim: tSim, schedule: schedule, window: options.window,
            livenessTimeout: options.livenessTimeout, joinTimeout: options.joinTimeout)
        settings.authorizedKeys = options.security?.authorized
        settings.collectWeights = options.finalWeights && options.outDirectory != nil
            && spec.projections.contains { $0.synapse.kind.isPlastic }
        settings.checkpoint = options.checkpoint.map { CheckpointPlan(directory: $0.directory, everyMs: $0.everyMs) }
        settings.rollbackOnLoss = options.rollbackOnLoss && options.checkpoint != nil
        settings.resume = options.resume.map {
            ResumeFrom(directory: $0.root, name: $0.manifest.name, epoch: $0.manifest.epoch, step: $0.manifest.step)
        }
        machine = CoordinatorMachine(settings: settings, counter: PopulationCounter(network: network))
        link = try CoordinatorLink(listen: options.listen, runID: runID, security: options.security)
        recorder = try RunRecorder(
            network: network, tSim: tSim, outDirectory: options.outDirectory, quiet: options.quiet, formats: options.formats)
        // A resumed run's record up to the cut, played back: outputs, hash and statistics.
        for record in options.resume?.records ?? [] { try recorder.record(record) }
        if let c = options.checkpoint {
            checkpoints = try CheckpointWriter(
                settings: c, network: network, tSim: tSim, totalSteps: steps, shards: options.shards, workers: options.workers,
                threads: options.threads, formats: options.formats.map(\.rawValue).sorted(), out: options.outDirectory,
                resumedFrom: options.resume)
        } else {
            checkpoints = nil
        }
        assembler = EpochAssembler(
            runID: runID, sources: (0..<options.shards).map(UInt32.init), names: [:], activations: !spec.headPopulations.isEmpty)
    }

    /// Conducts the run to its end; returns the summary, or throws naming what went wrong.
    public func run() throws -> (summary: JSONValue, hash: String) {
        while outcome == nil {
            let received = try link.poll(timeout: 20)
            for r in received { execute(machine.handle(.control(from: r.from, r.message), now: clock.seconds)) }
            recordArrivals()
            if let exited = options.exitedWorkers?() {
                for e in exited { execute(machine.handle(.workerExited(pid: e.pid, status: e.status), now: clock.seconds)) }
            }
            // Each signal once: the first asks for a checkpoint, the second stops at once.
            while interruptsSeen < Interrupts.count, let signal = Interrupts.pending {
                interruptsSeen += 1
                execute(machine.handle(.interrupted(signal), now: clock.seconds))
            }
            execute(machine.handle(.tick, now: clock.seconds))
        }
        switch outcome! {
        case .failure(let error):
            try? recorder.close()
            link.close(linger: 500)
            throw error
        case .success(let reports):
            link.close(linger: 500)
            try recorder.close()
            return try summarize(reports)
        }
    }

    private func recordArrivals() {
        guard outcome == nil else { return }
        do {
            try link.drain(into: &assembler)
        } catch {
            execute(machine.handle(.dataFailure("\(error)"), now: clock.seconds))
            return
        }
        while nextEpoch < totalEpochs && assembler.isComplete(nextEpoch) && outcome == nil {
            let (spikes, samples, activations, weights) = assembler.take(nextEpoch)
            let merged = SpikeMerge.canonical(spikes)
            let record = EpochRecord(
                epoch: schedule.epoch(nextEpoch), start: schedule.start(nextEpoch), steps: schedule.steps(nextEpoch),
                spikes: merged,
                samples: SpikeMerge.samples(samples.map { $0.map { ProbeSample($0) } }),
                activations: SpikeMerge.activations(activations.map { list in list.map { Activation($0) } }),
                rhythms: machine.rhythms(epoch: nextEpoch),
                weights: SpikeMerge.weights(weights))
            do {
                try recorder.record(record)
                if checkpoints != nil { try log.observe(record) }
            } catch {
                execute(machine.handle(.dataFailure("writing outputs: \(error)"), now: clock.seconds))
                return
            }
            if nextEpoch + 1 == totalEpochs, let t0 = runningSince { runSeconds = clock.seconds - t0 }
            execute(machine.handle(.recorded(epoch: nextEpoch, spikes: merged), now: clock.seconds))
            nextEpoch += 1
        }
    }

    private func execute(_ directives: [CoordinatorMachine.Directive]) {
        for d in directives {
            switch d {
            case .send(let message, let to):
                if case .release(let from, _, _) = message, from == 0, runningSince == nil { runningSince = clock.seconds }
                link.send(message, to: to)
            case .connectRecorder(let peers):
                let names = ShardNames.of(peers)
                let heads = !network.spec.headPopulations.isEmpty
                assembler = EpochAssembler(runID: runID, sources: (0..<options.shards).map(UInt32.init), names: names, activations: heads)
                do {
                    try link.record(
                        runID: runID, shards: options.shards, samples: !network.spec.recording.voltmeters.isEmpty, activations: heads,
                        weights: !network.spec.recording.weightRecorders.isEmpty, endpoints: peers.map(\.dataEndpoint))
                } catch {
                    outcome = .failure(error)
                }
                if !options.quiet {
                    Console.error("volley: \(peers.count) workers joined: "
                        + machine.workers.map(\.description).joined(separator: "; ") + "\n")
                }
            case .fail(let reason):
                if outcome == nil { outcome = .failure(.aborted(reason: reason)) }
            case .complete(let reports):
                if outcome == nil { outcome = .success(reports) }
            case .notice(let message):
                if !options.quiet { Console.error("volley: \(message)\n") }
            case .collectWeights:
                collectWeights { collector in
                    var owners: [Int: UInt32] = [:]
                    for w in machine.workers { for s in w.shards { owners[s] = w.index } }
                    let c = try PlasticWeightsCollector(
                        path: options.outDirectory! + "/weights.h5", spec: network.spec, shards: options.shards, owners: owners)
                    weights = c
                    if !options.quiet { Console.error("volley: collecting the final plastic weights into weights.h5\n") }
                    return try c.start()
                }
            case .weightsChunk(let chunk, let from):
                collectWeights { _ in try weights!.accept(chunk, from: from) }
            case .cutCheckpoint(let cut):
                // Right after the epoch that ends at the cut was recorded.
                cutRecords[cut.step] = (log.takeSegment(), recorder.spikeCount)
            case .completeCheckpoint(let cut, let epoch, let parts):
                do {
                    try completeCheckpoint(cut, epoch: epoch, parts: parts)
                } catch {
                    let name = checkpoints.map { $0.name(cut) } ?? "\(cut.step)"
                    execute(machine.handle(.dataFailure("writing checkpoint \(name): \(error)"), now: clock.seconds))
                }
            case .stop(let signal, let step):
                let written = completed[step]
                if outcome == nil { outcome = .failure(.interrupted(signal: signal, checkpoint: written?.path, timeMs: written?.timeMs)) }
            }
        }
    }

    /// One step of collecting the final weights: sends what `step` returns to the workers, and
    /// tells the machine when the file is whole; a failure (a worker's bad chunk, a full disk)
    /// ends the run.
    private func collectWeights(_ step: (PlasticWeightsCollector?) throws -> [(ControlMessage, to: UInt32)]) {
        do {
            let messages = try step(weights)
            for (message, index) in messages {
                if let w = machine.workers.first(where: { $0.index == index }) { link.send(message, to: w.routingID) }
            }
            if weights?.isComplete == true { execute(machine.handle(.weightsCollected, now: clock.seconds)) }
        } catch {
            execute(machine.handle(.dataFailure("writing weights.h5: \(error)"), now: clock.seconds))
        }
    }

    /// Completes the checkpoint at `cut` once every worker's part is in: checks that the parts
    /// are where this process can read them, then writes the record and the manifest (last).
    private func completeCheckpoint(_ cut: CheckpointCadence.Cut, epoch: UInt64, parts: [CheckpointPart]) throws {
        guard let checkpoints else { return }
        guard let record = cutRecords.removeValue(forKey: cut.step) else {
            throw CheckpointWriteFailure("the parts of the checkpoint at step \(cut.step) are in, but its record was never cut")
        }
        let name = checkpoints.name(cut)
        // A worker writing where this process cannot see (a checkpoint folder that is not on
        // shared storage) must not yield a manifest that names files nobody can read.
        for part in parts {
            for file in part.files {
                let path = checkpoints.partialDirectory(name) + "/" + (file.path as NSString).lastPathComponent
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
                guard size == file.bytes else {
                    throw CheckpointWriteFailure("worker \(part.worker) wrote \(file.path) where the coordinator cannot read it (\(path)): is --checkpoint-dir \(checkpoints.settings.directory) on storage every machine shares?")
                }
            }
        }
        let files = parts.flatMap(\.files).map { CheckpointManifest.FileEntry(path: $0.path, bytes: $0.bytes, sha256: $0.sha256) }
        let report = try checkpoints.finish(
            cut, epoch: schedule.epoch(epoch), shardFiles: files, records: record.records, spikes: record.spikes,
            partsSeconds: parts.map(\.seconds).max() ?? 0)
        if !options.quiet { Console.error(CheckpointWriter.describe(report)) }
        completed[cut.step] = report
        execute(machine.handle(.checkpointCompleted(step: cut.step), now: clock.seconds))
    }

    /// Whether the first epoch was released (a failure before it is a run that never started).
    public var hasStarted: Bool { runningSince != nil }

    private func summarize(_ reports: [WorkerReport]) throws -> (summary: JSONValue, hash: String) {
        let conservation = try ConservationReport(reports: reports, recorder: assembler.received, workers: machine.workers)
        var facts = RunRecorder.RunFacts(
            seed: machine.settings.seed, epochSteps: network.epochSteps, synapses: reports.reduce(0) { $0 + $1.synapses },
            shards: options.shards, threads: options.threads, workers: options.workers,
            buildSeconds: reports.map(\.buildSeconds).max() ?? 0, simSeconds: runSeconds,
            synapseBytes: reports.reduce(0) { $0 + $1.synapseBytes },
            extras: [("conservation", conservation.json)] + options.summaryExtras
                + CheckpointWriter.summaryMembers(written: checkpoints?.reports ?? [], resumedFrom: options.resume))
        facts.workerFigures = reports.sorted { $0.worker < $1.worker }.map { r in
            RunRecorder.WorkerFigures(
                worker: Int(r.worker), shards: r.shards ?? machine.workers.first { $0.index == r.worker }?.shards ?? [],
                peakRSSMB: r.peakRSSMB, buildSeconds: r.buildSeconds, simSeconds: r.simSeconds)
        }
        var energy = EnergyCounts(populations: network.spec.populations.count)
        for r in reports { if let e = r.energy { energy.add(e) } }
        facts.energy = energy
        if network.spec.projections.contains(where: { $0.synapse.kind.isPlastic }) {
            let hasher = WeightHasher()
            var synapses = 0, bytes = 0
            for r in reports {
                guard let p = r.plastic else { continue }
                synapses += p.synapses
                bytes += p.bytes
                hasher.add(digests: p.digests.indices.map { (p.targets[$0], p.projections[$0], p.digests[$0]) })
            }
            facts.plastic = (hasher.digest() ?? SHA256.empty, synapses, bytes)
        }
        let result = try recorder.summarize(facts)
        return result
    }
}
