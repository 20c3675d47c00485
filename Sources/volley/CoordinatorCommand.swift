// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import Foundation
import VolleyCoordinator
import VolleyRuntime
import VolleyTransport

/// `volley coordinator`: conduct a run of workers started elsewhere (other machines, a scheduler).
struct CoordinatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Conduct a distributed run: wait for N workers, hand them the model, record their spikes.",
        discussion: """
            Start it first, then `volley worker --coordinator ENDPOINT` on each machine. The outputs \
            (summary.json with spikes_sha256 and a conservation report, spikes.csv) are exactly those \
            of `volley run` on one machine.
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("Control endpoint to bind, e.g. tcp://0.0.0.0:5555.", valueName: "ENDPOINT"))
    var listen: String

    @Option(help: "Number of workers to wait for.")
    var workers: Int

    @Option(help: "Output folder (default: out/<model name>).")
    var out: String?

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    @OptionGroup var security: SecurityOptions

    @OptionGroup var checkpoints: CheckpointOptions

    @Option(name: .customLong("replacement-timeout"), help: ArgumentHelp(
        "With checkpoints: after a worker is lost, seconds to wait for a replacement `volley worker` to join before the run rolls back to its latest checkpoint and goes on (the others join again by themselves).",
        valueName: "S"))
    var replacementTimeout: Double = 120

    @Option(help: ArgumentHelp("Continue the run checkpointed in DIR (its model must be the model file's).", valueName: "DIR"))
    var resume: String?

    @Option(help: ArgumentHelp("With --resume: the checkpoint's time in ms (default: the latest complete one).", valueName: "MS"))
    var at: Double?

    func run() throws {
        try model.validateCounts()
        guard workers >= 1 else { throw RunInputError("--workers must be at least 1") }
        let config = try model.load()
        let dir = out ?? "out/\(config.network.name)"
        let keys = try security.load()
        try security.check(bind: listen, security: keys)
        let checkpoint = try checkpoints.settings(out: dir)
        guard checkpoint != nil || resume != nil else {
            if at != nil { throw RunInputError("--at needs --resume") }
            try DistributedRun.conduct(
                config: config, model: model, listen: listen, workers: workers, out: dir, quiet: quiet, security: keys, launcher: nil)
            return
        }
        guard replacementTimeout > 0 else { throw RunInputError("--replacement-timeout must be positive") }
        let loaded = try resume.map { try CheckpointStore.open(URL(fileURLWithPath: $0).standardizedFileURL.path, at: at) }
        if let loaded {
            let sha = CheckpointIdentity.sha256(try CheckpointIdentity.canonicalJSON(config.network))
            guard sha == loaded.manifest.modelSha256, loaded.manifest.seed == config.seed, loaded.manifest.tSimMs == config.tSim else {
                throw CheckpointError("\(loaded.directory)/manifest.json belongs to another run (model \(loaded.manifest.model), seed \(loaded.manifest.seed), t_sim \(loaded.manifest.tSimMs) ms) than \(model.config) with seed \(config.seed), t_sim \(config.tSim) ms")
            }
        }
        guard model.releaseWindow >= 1 else { throw RunInputError("--release-window must be at least 1") }
        let runOptions = try model.runOptions(config, out: dir, quiet: quiet)
        var options = CoordinatorOptions(
            listen: listen, workers: workers, shards: model.shards ?? workers * model.threads, threads: model.threads,
            outDirectory: dir, quiet: quiet, summaryExtras: runOptions.summaryExtras)
        options.formats = runOptions.formats
        options.finalWeights = runOptions.finalWeights && runOptions.weightsFile
        options.window = model.releaseWindow
        options.security = keys
        options.checkpoint = checkpoint
        options.resume = loaded
        let (summary, hash) = try DistributedRun.coordinateWithRecovery(
            spec: config.network, seed: config.seed, tSim: config.tSim, options: options, replacementTimeout: replacementTimeout)
        if let task = summary["task"] { Console.output(TaskLine.describe(task) + "\n") }
        Console.output("volley: \(config.network.name): \(config.network.neuronCount) neurons on \(workers) workers, "
            + "\(Int(summary["spikes"]?.double ?? 0)) spikes in \(ProgressReporter.fixed(config.tSim, 1)) ms; "
            + "spikes_sha256 \(hash); results in \(dir)\n")
    }
}
