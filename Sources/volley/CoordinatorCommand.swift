// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
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

    func run() throws {
        try model.validateCounts()
        guard workers >= 1 else { throw RunInputError("--workers must be at least 1") }
        let config = try model.load()
        let dir = out ?? "out/\(config.network.name)"
        let keys = try security.load()
        try security.check(bind: listen, security: keys)
        try DistributedRun.conduct(
            config: config, model: model, listen: listen, workers: workers, out: dir, quiet: quiet, security: keys, launcher: nil)
    }
}
