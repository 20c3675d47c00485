// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import Foundation
import VolleyRuntime
import VolleyTransport

/// `volley resume`: continue a checkpointed run to its end, on any layout.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run from a checkpoint to its original end, on any number of threads, shards or workers.",
        discussion: """
            DIR is a --checkpoint-dir. The outputs in --out are those of the uninterrupted run: \
            spikes.csv byte-identical (the part before the checkpoint included) and the same \
            spikes_sha256. Every file of the checkpoint is checked against its manifest first; a \
            damaged, incomplete or foreign checkpoint exits with status 2 and nothing is written.
            """
    )

    @Argument(help: "The checkpoint directory (the run's --checkpoint-dir).")
    var directory: String

    @Option(help: ArgumentHelp("The checkpoint to resume from, by its time in ms (default: the latest complete one).", valueName: "MS"))
    var at: Double?

    @Option(help: "Threads that run the shards.")
    var threads: Int = 1

    @Option(help: "Shards the network is cut into (default: the number of threads).")
    var shards: Int?

    @Option(help: "Run in this many local worker processes instead of in this process.")
    var workers: Int?

    @Option(help: "Output folder (default: the interrupted run's).")
    var out: String?

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    @OptionGroup var checkpoints: CheckpointOptions

    func run() throws {
        guard threads >= 1 else { throw RunInputError("--threads must be at least 1") }
        if let shards, shards < 1 { throw RunInputError("--shards must be at least 1") }
        if let workers, workers < 1 { throw RunInputError("--workers must be at least 1") }
        let checkpoint = try CheckpointStore.open(URL(fileURLWithPath: directory).standardizedFileURL.path, at: at)
        let m = checkpoint.manifest
        let dir = out ?? m.out ?? "out/\(m.model)"
        if !quiet {
            Console.error("volley: resuming \(m.model) from \(checkpoint.directory) (t = \(ProgressReporter.fixed(m.timeMs, 1)) ms of \(ProgressReporter.fixed(m.tSimMs, 1)) ms, seed \(m.seed))\n")
        }
        var formats: Set<RecordFormat> = []
        for f in m.formats {
            guard let format = RecordFormat(rawValue: f) else { throw CheckpointError("\(checkpoint.directory)/manifest.json names an unknown spike format \(f)") }
            formats.insert(format)
        }
        var options = RunOptions(
            tSim: m.tSimMs, seed: m.seed, shards: shards ?? (workers ?? threads), threads: threads, outDirectory: dir, quiet: quiet,
            formats: formats)
        options.resume = checkpoint
        options.checkpoint = try checkpoints.settings(out: dir)
        if let workers {
            try DistributedRun.resumeLocally(checkpoint: checkpoint, options: options, workers: workers)
            return
        }
        let report = try LocalRun.run(network: checkpoint.spec, options: options)
        Console.output(
            "volley: \(m.model): resumed at \(ProgressReporter.fixed(m.timeMs, 1)) ms; \(report.spikes) spikes in \(ProgressReporter.fixed(m.tSimMs, 1)) ms; "
                + "sim \(ProgressReporter.fixed(report.simSeconds, 2)) s; spikes_sha256 \(report.spikesSHA256); results in \(dir)\n")
    }
}
