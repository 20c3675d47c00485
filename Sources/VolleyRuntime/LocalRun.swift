// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// The version written into every summary.
public let volleyVersion = "0.1.0"

/// How to run a model, apart from the model itself.
public struct RunOptions: Sendable {
    /// Simulated time in ms; a multiple of the resolution.
    public var tSim: Double
    public var seed: UInt64
    public var shards: Int
    public var threads: Int
    /// Where `summary.json`, `spikes.csv` and `V_m.csv` go; `nil` writes no files.
    public var outDirectory: String?
    /// The spike files to write there.
    public var formats: Set<RecordFormat>
    /// No progress line.
    public var quiet: Bool
    /// Extra members for `summary.json` (the model's parameters, say).
    public var summaryExtras: [(String, JSONValue)]
    /// Whether to hash (and, with an output folder, write) the final plastic weights; `volley
    /// bench` times the simulation and skips them.
    public var finalWeights = true
    /// Whether to write the final plastic weights to `weights.h5` in the output folder (they
    /// are hashed either way).
    public var weightsFile = true
    /// Where and how often to write checkpoints (nil: none).
    public var checkpoint: CheckpointSettings?
    /// The checkpoint to continue from (its model, seed and record; nil: from the start).
    public var resume: LoadedCheckpoint?

    public init(
        tSim: Double, seed: UInt64, shards: Int, threads: Int, outDirectory: String?, quiet: Bool,
        summaryExtras: [(String, JSONValue)] = [], formats: Set<RecordFormat> = [.csv]
    ) {
        self.tSim = tSim
        self.seed = seed
        self.shards = shards
        self.threads = threads
        self.outDirectory = outDirectory
        self.quiet = quiet
        self.summaryExtras = summaryExtras
        self.formats = formats
    }
}

/// What a run measured.
public struct RunReport: Sendable {
    public let summary: JSONValue
    public let spikesSHA256: String
    public let neurons: Int
    public let synapses: Int
    public let spikes: Int
    public let buildSeconds: Double
    public let simSeconds: Double
    public let peakResidentMB: Double
    public let synapseBytes: Int
    public let epochSteps: Int64
    /// Synaptic events (spike × synapse) delivered during the run.
    public let synapticEvents: Int
}

/// Why a run could not start: the model or the options are unusable (exit status 2).
public struct RunInputError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A run stopped by SIGINT or SIGTERM after writing a checkpoint: the message says how to go on.
public struct RunInterrupted: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A run with every shard in this process (DESIGN §3, "in-process"), on `threads` threads.
public enum LocalRun {
    public static func run(network spec: NetworkSpec, options: RunOptions) throws -> RunReport {
        // Before the build: a model checkpoints cannot hold yet is refused before anything runs.
        if options.checkpoint != nil || options.resume != nil, let refusal = CheckpointWriter.refusal(spec: spec) {
            throw RunInputError("checkpoints do not cover models with \(refusal) yet (\(spec.name))")
        }
        let plan = try RunPlan(
            spec: spec, seed: options.seed, shards: options.shards, tSim: options.tSim, firstEpoch: options.resume?.manifest.epoch ?? 0)
        let network = plan.network, total = plan.totalSteps
        guard options.threads >= 1 else { throw RunInputError("--threads must be at least 1") }

        if !options.quiet {
            Console.error("volley: building \(spec.name): \(spec.neuronCount) neurons in \(spec.populations.count) populations, "
                + "\(options.shards) shards on \(min(options.threads, options.shards)) threads\n")
        }
        let clock = WallClock()

        let resumePoint = try options.resume.map { try $0.resumePoint(network: network) }
        let simulation = try Simulation(network: network, threads: options.threads, resume: resumePoint)
        let buildSeconds = clock.seconds
        if !options.quiet {
            Console.error("volley: built \(simulation.localNeuronCount) neurons and \(simulation.localSynapseCount) synapses in \(ProgressReporter.fixed(buildSeconds, 1)) s\n")
        }

        let recorder = try RunRecorder(
            network: network, tSim: options.tSim, outDirectory: options.outDirectory, quiet: options.quiet, formats: options.formats)
        if let resume = options.resume {
            // The record up to the cut, played back: the outputs, hash and statistics of the
            // uninterrupted run so far.
            for record in resume.records { try recorder.record(record) }
        }
        var exchange = InMemoryExchange(network: network, firstEpoch: resumePoint?.epoch ?? 0)
        let checkpoints = try options.checkpoint.map { settings in
            try CheckpointWriter(
                settings: settings, network: network, tSim: options.tSim, totalSteps: total, shards: options.shards, workers: 0,
                threads: simulation.threadCount, formats: options.formats.map(\.rawValue).sorted(), out: options.outDirectory,
                resumedFrom: options.resume)
        }
        let log = RecordLog()
        // With checkpoints, Ctrl-C (or SIGTERM) writes one at the next epoch boundary and stops.
        if checkpoints != nil { Interrupts.install() }
        let simClock = WallClock()
        try simulation.run(plan.schedule, exchange: &exchange, observers: recorder.observers + (checkpoints == nil ? [] : [log])) {
            epochs, step, capture in
            guard let checkpoints else { return }
            let signal = Interrupts.pending
            if signal != nil { checkpoints.ask(step: step) }
            guard let cut = checkpoints.due(step: step) else { return }
            let name = checkpoints.name(cut)
            let partsClock = WallClock()
            let files = try CheckpointWriter.writeShards(
                capture(), directory: checkpoints.partialDirectory(name), name: name,
                identity: checkpoints.identity(step: step, seed: options.seed))
            let report = try checkpoints.finish(
                cut, epoch: epochs, shardFiles: files, records: log.takeSegment(), spikes: recorder.spikeCount,
                partsSeconds: partsClock.seconds)
            if !options.quiet { Console.error(CheckpointWriter.describe(report)) }
            if let signal {
                throw RunInterrupted(
                    "interrupted by \(signal) at \(ProgressReporter.fixed(report.timeMs, 1)) ms; checkpoint written to \(report.path); "
                        + "continue with: volley resume \(checkpoints.settings.directory)")
            }
        }
        let simSeconds = simClock.seconds
        let energy = simulation.energyCounts()
        try recorder.close()
        let synapses = simulation.localSynapseCount
        var facts = RunRecorder.RunFacts(
            seed: options.seed, epochSteps: network.epochSteps, synapses: synapses, shards: options.shards,
            threads: simulation.threadCount, workers: 0, buildSeconds: buildSeconds, simSeconds: simSeconds,
            synapseBytes: simulation.localSynapseBytes, extras: options.summaryExtras)
        facts.energy = energy
        facts.extras += CheckpointWriter.summaryMembers(written: checkpoints?.reports ?? [], resumedFrom: options.resume)
        if options.finalWeights {
            facts.plastic = try PlasticWeightsOutput.finish(
                simulation, network: network, outDirectory: options.weightsFile ? options.outDirectory : nil)
        }
        let (summary, hash) = try recorder.summarize(facts)
        let peak = ProcessMemory.peakResidentMB()
        return RunReport(
            summary: summary, spikesSHA256: hash, neurons: spec.neuronCount, synapses: synapses,
            spikes: recorder.spikeCount, buildSeconds: buildSeconds, simSeconds: simSeconds, peakResidentMB: peak,
            synapseBytes: simulation.localSynapseBytes, epochSteps: network.epochSteps,
            synapticEvents: simulation.deliveredEvents)
    }
}
