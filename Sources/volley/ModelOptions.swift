// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyConfig
import VolleyCore
import VolleyRuntime
import VolleyFormats

/// The options shared by every command that loads and runs a model file.
struct ModelOptions: ParsableArguments {
    @Argument(help: "Model file (YAML), e.g. configs/brunel.yaml.")
    var config: String

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a value in the model file, e.g. --set parameters.g=6 (repeatable).", valueName: "KEY=VALUE"))
    var overrides: [String] = []

    @Option(help: "Random seed (default: the file's simulation.seed).")
    var seed: UInt64?

    @Option(name: .customLong("t-sim"), help: ArgumentHelp("Simulated time in ms (default: the file's simulation.t_sim).", valueName: "MS"))
    var tSim: Double?

    @Option(help: "Threads that run the shards.")
    var threads: Int = 1

    @Option(help: "Shards the network is cut into (default: the number of threads). Results do not depend on it.")
    var shards: Int?

    @Option(name: .customLong("record"), help: ArgumentHelp(
        "Also write spikes in this format (repeatable): sonata writes spikes.h5, a SONATA spike report. spikes.csv is always written.",
        valueName: "FORMAT"))
    var record: [String] = []

    @Option(name: .customLong("release-window"), help: ArgumentHelp(
        "Distributed runs: epochs the coordinator releases ahead of its recording (1: a round trip per epoch).", valueName: "EPOCHS"))
    var releaseWindow: UInt64 = 256

    /// Loads the model, turning configuration errors into exit status 2.
    func load() throws -> ModelConfig {
        do {
            // The seed is also the file's simulation.seed while it loads, so that what a task
            // draws from it (its schedule) follows --seed like everything else.
            var model = try ConfigLoader.load(path: config, overrides: overrides + (seed.map { ["simulation.seed=\($0)"] } ?? []))
            if let seed { model.seed = seed }
            if let tSim { model.tSim = tSim }
            return model
        } catch {
            throw RunInputError("\(config): \(error)")
        }
    }

    /// Refuses counts and formats that cannot run, before the model is even read.
    func validateCounts() throws {
        guard threads >= 1 else { throw RunInputError("--threads must be at least 1") }
        if let shards, shards < 1 { throw RunInputError("--shards must be at least 1") }
        _ = try recordFormats()
    }

    /// The spike files to write: spikes.csv always, and every `--record` format; an unknown name
    /// is bad input (exit status 2).
    func recordFormats() throws -> Set<RecordFormat> {
        var formats: Set<RecordFormat> = [.csv]
        for name in record {
            guard let format = RecordFormat(rawValue: name) else {
                throw RunInputError("--record: unknown format '\(name)'; known formats: \(RecordFormat.names)")
            }
            formats.insert(format)
        }
        return formats
    }

    /// Run options for `model`, writing into `out` (nil: no files).
    @Flag(name: .customLong("no-weights-file"), help: ArgumentHelp(
        "Write no weights.h5 (the final plastic weights are still hashed into summary.json's weights_sha256): it holds every plastic synapse, 3.2 GB for hpc_benchmark at scale 1."))
    var noWeightsFile = false

    func runOptions(_ model: ModelConfig, out: String?, quiet: Bool) throws -> RunOptions {
        var options = RunOptions(
            tSim: model.tSim, seed: model.seed, shards: shards ?? threads, threads: threads,
            outDirectory: out, quiet: quiet,
            summaryExtras: [
                ("parameters", .object(model.parameters.map { ($0.name, Self.json($0.value)) })),
                ("derived", .object(model.derived.map { ($0.name, Self.json($0.value)) })),
            ],
            formats: try recordFormats())
        options.weightsFile = !noWeightsFile
        return options
    }

    static func json(_ v: ConfigValue) -> JSONValue {
        switch v {
        case .number(let d): .number(d)
        case .string(let s): .string(s)
        case .bool(let b): .bool(b)
        }
    }
}
