// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Everything a run records, whoever runs it (in process, or a coordinator fed by workers):
/// spikes.csv (and spikes.h5 if asked for), V_m.csv, the spike hash, per-population statistics,
/// the progress line, and finally summary.json (DESIGN §5).
public final class RunRecorder {
    public let spec: NetworkSpec
    public let tSim: Double
    private let hasher: SpikeHasher
    private let statistics: PopulationStatistics
    private let progress: ProgressReporter
    private let activations: ActivationRecorder?
    private let rhythms: RhythmRecorder?
    private let scorer: InductionScorer?
    private let conditioning: ConditioningScorer?
    private let outDirectory: String?

    /// The sinks to hand every epoch's record to, in order; `close` closes them all.
    public let observers: [EpochSink]

    /// - Parameter formats: the spike files to write into `outDirectory`.
    public init(
        network: CompiledNetwork, tSim: Double, outDirectory: String?, quiet: Bool, progressPrefix: String = "volley",
        formats: Set<RecordFormat> = [.csv]
    ) throws {
        spec = network.spec
        self.tSim = tSim
        self.outDirectory = outDirectory
        hasher = SpikeHasher(network: spec, layout: network.layout)
        statistics = PopulationStatistics(layout: network.layout, resolution: spec.resolution)
        var o: [EpochSink] = [hasher, statistics]
        if let dir = outDirectory {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let names = spec.populations.map(\.name), sizes = network.layout.sizes, only = spec.recording.spikePopulations
            let reported = spec.populations.map(\.reportedAs)
            if formats.contains(.csv) {
                o.append(try SpikeCSVWriter(
                    path: dir + "/" + RecordFormat.csv.fileName, populations: names, sizes: sizes, resolution: spec.resolution, only: only,
                    reported: reported))
            }
            if formats.contains(.sonata) {
                o.append(try SonataSpikeSink(
                    path: dir + "/" + RecordFormat.sonata.fileName, populations: names, sizes: sizes, resolution: spec.resolution,
                    only: only, reported: reported))
            }
            if let v = try VoltmeterCSVWriter.membranePotentials(path: dir + "/V_m.csv", network: spec) { o.append(v) }
            if let m = try VoltmeterCSVWriter.allVariables(path: dir + "/multimeter.csv", network: spec) { o.append(m) }
            if let w = try WeightRecorderCSVWriter(path: dir + "/weights.csv", network: spec) { o.append(w) }
        }
        let total = network.grid.exactSteps(tSim) ?? 0
        progress = ProgressReporter(totalSteps: total, resolution: spec.resolution, enabled: !quiet, prefix: progressPrefix)
        activations = spec.headPopulations.isEmpty ? nil
            : try ActivationRecorder(network: network, path: outDirectory.map { $0 + "/activations.csv" })
        rhythms = spec.rhythms.isEmpty ? nil : try RhythmRecorder(network: network, path: outDirectory.map { $0 + "/rhythms.csv" })
        if case .induction(let task)? = spec.task {
            scorer = InductionScorer(task: task, layout: network.layout, resolution: spec.resolution)
        } else {
            scorer = nil
        }
        if case .conditioning(let task)? = spec.task {
            conditioning = ConditioningScorer(task: task, layout: network.layout, resolution: spec.resolution)
        } else {
            conditioning = nil
        }
        if let activations { o.append(activations) }
        if let rhythms { o.append(rhythms) }
        if let scorer { o.append(scorer) }
        if let conditioning { o.append(conditioning) }
        o.append(progress)
        observers = o
    }

    /// Hands one epoch's record to every observer.
    public func record(_ record: EpochRecord) throws {
        for o in observers { try o.observe(record) }
    }

    /// Spikes recorded so far.
    public var spikeCount: Int { hasher.count }

    /// Ends the progress line, then flushes and closes the files.
    public func close() throws {
        // First, so that a failure to write is not printed at the end of the progress line.
        progress.close()
        for o in observers { try o.close() }
    }

    /// The task's score, if the model has a task.
    public var taskResult: JSONValue? { scorer?.result ?? conditioning?.result }

    /// The figures of a finished run that the recorder cannot know itself.
    public struct RunFacts {
        public var seed: UInt64
        public var epochSteps: Int64
        public var synapses: Int
        public var shards: Int
        public var threads: Int
        public var workers: Int
        public var buildSeconds: Double
        public var simSeconds: Double
        public var synapseBytes: Int
        /// `weights_sha256`, the plastic synapses and their bytes, when the model has plasticity.
        public var plastic: (sha256: String, synapses: Int, bytes: Int)?
        /// What the energy budget is made of (synaptic events, ion charges), summed over shards.
        public var energy: EnergyCounts?
        /// A distributed run's workers, as they reported themselves (empty in process): the summary
        /// then tells the coordinator's memory from the workers' and lists each worker.
        public var workerFigures: [WorkerFigures] = []
        public var extras: [(String, JSONValue)]

        public init(seed: UInt64, epochSteps: Int64, synapses: Int, shards: Int, threads: Int, workers: Int,
                    buildSeconds: Double, simSeconds: Double, synapseBytes: Int, extras: [(String, JSONValue)] = []) {
            self.seed = seed
            self.epochSteps = epochSteps
            self.synapses = synapses
            self.shards = shards
            self.threads = threads
            self.workers = workers
            self.buildSeconds = buildSeconds
            self.simSeconds = simSeconds
            self.synapseBytes = synapseBytes
            self.extras = extras
        }
    }

    /// What one worker of a distributed run reported about itself.
    public struct WorkerFigures: Sendable {
        public var worker: Int
        public var shards: [Int]
        /// Peak resident memory in MB; nil when the worker did not say.
        public var peakRSSMB: Double?
        public var buildSeconds: Double
        public var simSeconds: Double?

        public init(worker: Int, shards: [Int], peakRSSMB: Double?, buildSeconds: Double, simSeconds: Double?) {
            self.worker = worker
            self.shards = shards
            self.peakRSSMB = peakRSSMB
            self.buildSeconds = buildSeconds
            self.simSeconds = simSeconds
        }

        var json: JSONValue {
            .object([
                ("worker", .integer(worker)), ("shards", .array(shards.map { .integer($0) })),
                ("peak_rss_mb", peakRSSMB.map { .number($0) } ?? .null), ("build_s", .number(buildSeconds)),
                ("sim_s", simSeconds.map { .number($0) } ?? .null),
            ])
        }
    }

    /// `memory`: this process's peak (`peak_rss_mb`), and in a distributed run the coordinator's,
    /// the workers' sum and the total spelled out.
    private static func memory(_ facts: RunFacts) -> JSONValue {
        let own = ProcessMemory.peakResidentMB()
        var members: [(String, JSONValue)] = [
            ("peak_rss_mb", .number(own)),
            ("synapse_bytes", .integer(facts.synapseBytes)),
            ("bytes_per_synapse", facts.synapses > 0 ? .number(Double(facts.synapseBytes) / Double(facts.synapses)) : .null),
        ]
        if !facts.workerFigures.isEmpty {
            let workers = facts.workerFigures.reduce(0) { $0 + ($1.peakRSSMB ?? 0) }
            members += [
                ("coordinator_peak_rss_mb", .number(own)), ("workers_peak_rss_mb", .number(workers)),
                ("total_peak_rss_mb", .number(own + workers)),
            ]
        }
        return .object(members)
    }

    /// Builds summary.json (and writes it when there is an output folder); the hash is final
    /// afterwards, so call this once.
    public func summarize(_ facts: RunFacts) throws -> (summary: JSONValue, hash: String) {
        let hash = hasher.digest()
        let populations: [(String, JSONValue)] = spec.populations.indices.map { p in
            let f = statistics.figures(population: p, tSim: tSim)
            var members: [(String, JSONValue)] = [
                ("n", .integer(f.neurons)), ("spikes", .integer(f.spikes)), ("rate_hz", .number(f.rateHz)),
                ("cv_isi_mean", f.cvIsiMean.map { .number($0) } ?? .null),
                ("synchrony_chi", f.synchronyChi.map { .number($0) } ?? .null),
                ("peak_frequency_hz", f.peakFrequencyHz.map { .number($0) } ?? .null),
            ]
            if let rhythms {
                members.append(("vector_strength", .object(rhythms.vectorStrength(population: p).map { ($0, $1.map { .number($0) } ?? .null) })))
            }
            // spikes.csv names these neurons as another model does (a SONATA node population
            // and its node_ids); readers of both files map one onto the other with this.
            if let reported = spec.populations[p].reportedAs {
                members.append(("reported_as", .object([
                    ("population", .string(reported.population)), ("node_ids", .array(reported.nodeIds.map { .integer($0) })),
                ])))
            }
            return (spec.populations[p].name, .object(members))
        }
        var members: [(String, JSONValue)] = [
            ("volley_version", .string(volleyVersion)),
            ("model", .string(spec.name)),
            ("seed", .integer(Int(truncatingIfNeeded: facts.seed))),
            ("resolution_ms", .number(spec.resolution)),
            ("d_min_ms", .number(Double(facts.epochSteps) * spec.resolution)),
            ("t_sim_ms", .number(tSim)),
            ("neurons", .integer(spec.neuronCount)),
            ("synapses", .integer(facts.synapses)),
            ("shards", .integer(facts.shards)),
            ("threads", .integer(facts.threads)),
            ("workers", .integer(facts.workers)),
            ("timing", .object([
                ("build_s", .number(facts.buildSeconds)), ("sim_s", .number(facts.simSeconds)),
                ("rtf", .number(facts.simSeconds / (tSim / 1000))),
            ])),
            ("memory", Self.memory(facts)),
            ("populations", .object(populations)),
            ("spikes", .integer(hasher.count)),
            ("spikes_sha256", .string(hash)),
        ]
        if !facts.workerFigures.isEmpty {
            members.append(("workers_detail", .array(facts.workerFigures.map(\.json))))
        }
        if let plastic = facts.plastic {
            members.append(("plastic_synapses", .integer(plastic.synapses)))
            members.append(("bytes_per_plastic_synapse", plastic.synapses > 0 ? .number(Double(plastic.bytes) / Double(plastic.synapses)) : .null))
            members.append(("weights_sha256", .string(plastic.sha256)))
        }
        if let counts = facts.energy, !spec.populations.isEmpty {
            let entries = spec.populations.indices.map { p in
                let f = statistics.figures(population: p, tSim: tSim)
                return (spec.populations[p].name, EnergyBudget.entry(
                    population: p, spec: spec, counts: counts, neurons: f.neurons, spikes: f.spikes, tSim: tSim))
            }
            members.append(("energy", EnergyBudget.json(entries: entries, constants: spec.energy, tSim: tSim)))
        }
        if let activations {
            members.append(("activations", .integer(activations.count)))
            members.append(("activations_sha256", .string(activations.digest())))
        }
        if !spec.rhythms.isEmpty {
            members.append(("rhythms", .object(spec.rhythms.map { r in
                (r.name, .object([("frequency_hz", .number(r.frequency)), ("mode", .string(r.mode.rawValue)),
                                   ("entrained", .bool(r.entrainment != nil))]))
            })))
        }
        if let task = taskResult { members.append(("task", task)) }
        members += facts.extras
        let summary = JSONValue.object(members)
        if let dir = outDirectory {
            try summary.pretty().write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        }
        return (summary, hash)
    }
}
