// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyRuntime
import VolleyTransport

/// `volley run`: simulate a model file and write summary.json and spikes.csv.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a model and write summary.json, spikes.csv (and V_m.csv, spikes.h5) into the output folder.",
        discussion: """
            The run is a pure function of the model file and the seed: any --threads and --shards \
            give bit-identical spikes (compare spikes_sha256 in summary.json). Bad input exits with \
            status 2 before anything runs.
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Output folder (default: out/<model name>).")
    var out: String?

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    @Option(help: "Run in this many local worker processes (over ipc) instead of in this process. Same spikes.")
    var workers: Int?

    @Option(help: ArgumentHelp(
        "With --workers: bind the coordinator here (e.g. tcp://127.0.0.1:5555) so `volley tap` and the dashboard can find the run.",
        valueName: "ENDPOINT"))
    var listen: String?

    @OptionGroup var security: SecurityOptions

    @OptionGroup var checkpoints: CheckpointOptions

    func run() throws {
        try model.validateCounts()
        if let workers, workers < 1 { throw RunInputError("--workers must be at least 1") }
        if listen != nil && workers == nil { throw RunInputError("--listen needs --workers (an in-process run has no coordinator to tap)") }
        let config = try model.load()
        let dir = out ?? "out/\(config.network.name)"
        if let workers {
            let keys = try security.load()
            if let listen { try security.check(bind: listen, security: keys) }
            if let checkpoint = try checkpoints.settings(out: dir) {
                try DistributedRun.runLocallyWithCheckpoints(
                    config: config, model: model, workers: workers, out: dir, quiet: quiet, listen: listen, security: keys,
                    keysDirectory: security.keys, checkpoint: checkpoint)
                return
            }
            try DistributedRun.runLocally(config: config, model: model, workers: workers, out: dir, quiet: quiet, listen: listen, security: keys,
                keysDirectory: security.keys)
            return
        }
        var options = try model.runOptions(config, out: dir, quiet: quiet)
        options.checkpoint = try checkpoints.settings(out: dir)
        let report = try LocalRun.run(network: config.network, options: options)
        if let task = report.summary["task"] { Console.output(TaskLine.describe(task) + "\n") }
        Console.output(
            "volley: \(config.network.name): \(report.neurons) neurons, \(report.synapses) synapses, "
                + "\(report.spikes) spikes in \(ProgressReporter.fixed(config.tSim, 1)) ms; "
                + "build \(ProgressReporter.fixed(report.buildSeconds, 2)) s, sim \(ProgressReporter.fixed(report.simSeconds, 2)) s; "
                + "spikes_sha256 \(report.spikesSHA256); results in \(dir)\n")
    }
}
