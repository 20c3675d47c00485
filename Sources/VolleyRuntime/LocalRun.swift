// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore

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
    /// No progress line.
    public var quiet: Bool
    /// Extra members for `summary.json` (the model's parameters, say).
    public var summaryExtras: [(String, JSONValue)]

    public init(
        tSim: Double, seed: UInt64, shards: Int, threads: Int, outDirectory: String?, quiet: Bool,
        summaryExtras: [(String, JSONValue)] = []
    ) {
        self.tSim = tSim
        self.seed = seed
        self.shards = shards
        self.threads = threads
        self.outDirectory = outDirectory
        self.quiet = quiet
        self.summaryExtras = summaryExtras
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

/// A run with every shard in this process (DESIGN §3, "in-process"), on `threads` threads.
public enum LocalRun {
    public static func run(network spec: NetworkSpec, options: RunOptions) throws -> RunReport {
        let network: CompiledNetwork
        do {
            network = try CompiledNetwork(spec: spec, seed: options.seed, shards: options.shards)
        } catch {
            throw RunInputError(error.message)
        }
        guard let total = network.grid.exactSteps(options.tSim), total > 0 else {
            throw RunInputError("t_sim \(options.tSim) ms must be positive and a multiple of the resolution \(spec.resolution) ms")
        }
        guard total < Int64(UInt32.max) else { throw RunInputError("t_sim \(options.tSim) ms is more than 2³² steps") }
        guard options.threads >= 1 else { throw RunInputError("--threads must be at least 1") }

        if !options.quiet {
            Console.error("volley: building \(spec.name): \(spec.neuronCount) neurons in \(spec.populations.count) populations, "
                + "\(options.shards) shards on \(min(options.threads, options.shards)) threads\n")
        }
        let clock = WallClock()
        let simulation = try Simulation(network: network, threads: options.threads)
        let buildSeconds = clock.seconds
        if !options.quiet {
            Console.error("volley: built \(simulation.localNeuronCount) neurons and \(simulation.localSynapseCount) synapses in \(ProgressReporter.fixed(buildSeconds, 1)) s\n")
        }

        var observers: [EpochObserver] = []
        let hasher = SpikeHasher(network: spec, layout: network.layout)
        let stats = PopulationStatistics(layout: network.layout, resolution: spec.resolution)
        observers += [hasher, stats]
        var spikeWriter: SpikeCSVWriter?
        var voltmeterWriter: VoltmeterCSVWriter?
        if let dir = options.outDirectory {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            spikeWriter = try SpikeCSVWriter(path: dir + "/spikes.csv", network: spec, layout: network.layout)
            observers.append(spikeWriter!)
            if !spec.recording.voltmeters.isEmpty {
                voltmeterWriter = try VoltmeterCSVWriter(path: dir + "/V_m.csv", network: spec)
                observers.append(voltmeterWriter!)
            }
        }
        let progress = ProgressReporter(totalSteps: total, resolution: spec.resolution, enabled: !options.quiet)
        observers.append(progress)

        var exchange = InMemoryExchange()
        let simClock = WallClock()
        try simulation.run(steps: total, exchange: &exchange, observers: observers)
        let simSeconds = simClock.seconds
        progress.finish()
        try spikeWriter?.close()
        try voltmeterWriter?.close()

        let hash = hasher.digest()
        let peak = ProcessMemory.peakResidentMB()
        let populations: [(String, JSONValue)] = spec.populations.indices.map { p in
            let f = stats.figures(population: p, tSim: options.tSim)
            return (spec.populations[p].name, .object([
                ("n", .integer(f.neurons)), ("spikes", .integer(f.spikes)), ("rate_hz", .number(f.rateHz)),
                ("cv_isi_mean", f.cvIsiMean.map { .number($0) } ?? .null),
            ]))
        }
        let synapses = simulation.localSynapseCount
        var members: [(String, JSONValue)] = [
            ("volley_version", .string(volleyVersion)),
            ("model", .string(spec.name)),
            ("seed", .integer(Int(truncatingIfNeeded: options.seed))),
            ("resolution_ms", .number(spec.resolution)),
            ("d_min_ms", .number(Double(network.epochSteps) * spec.resolution)),
            ("t_sim_ms", .number(options.tSim)),
            ("neurons", .integer(spec.neuronCount)),
            ("synapses", .integer(synapses)),
            ("shards", .integer(options.shards)),
            ("threads", .integer(simulation.threadCount)),
            ("workers", .integer(0)),
            ("timing", .object([
                ("build_s", .number(buildSeconds)), ("sim_s", .number(simSeconds)),
                ("rtf", .number(simSeconds / (options.tSim / 1000))),
            ])),
            ("memory", .object([
                ("peak_rss_mb", .number(peak)),
                ("synapse_bytes", .integer(simulation.localSynapseBytes)),
                ("bytes_per_synapse", synapses > 0 ? .number(Double(simulation.localSynapseBytes) / Double(synapses)) : .null),
            ])),
            ("populations", .object(populations)),
            ("spikes", .integer(hasher.count)),
            ("spikes_sha256", .string(hash)),
        ]
        members += options.summaryExtras
        let summary = JSONValue.object(members)
        if let dir = options.outDirectory {
            try summary.pretty().write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        }
        return RunReport(
            summary: summary, spikesSHA256: hash, neurons: spec.neuronCount, synapses: synapses,
            spikes: hasher.count, buildSeconds: buildSeconds, simSeconds: simSeconds, peakResidentMB: peak,
            synapseBytes: simulation.localSynapseBytes, epochSteps: network.epochSteps,
            synapticEvents: simulation.deliveredEvents)
    }
}
