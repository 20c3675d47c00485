// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyCore
import VolleyRuntime
import VolleyFormats

/// `volley bench`: time a model and print one JSON line, for comparison with NEST and Brian2.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a model without writing spike files and print one JSON line of timings.",
        discussion: """
            Fields: model, threads, shards, neurons, synapses, t_sim_ms, build_s, sim_s, rtf, spikes, \
            rate_hz, syn_events, syn_events_per_s, bytes_per_synapse, peak_rss_mb, spikes_sha256. \
            Compare with the peers in the same sitting (see docs/benchmarks.md).
            """
    )

    @OptionGroup var model: ModelOptions

    func run() throws {
        try model.validateCounts()
        let config = try model.load()
        var options = try model.runOptions(config, out: nil, quiet: true)
        // What is timed is the simulation; hashing every final plastic weight is a run's job.
        options.finalWeights = false
        let r = try LocalRun.run(network: config.network, options: options)
        let seconds = config.tSim / 1000
        let line = JSONValue.object([
            ("model", .string(config.network.name)),
            ("threads", .integer(options.threads)),
            ("shards", .integer(options.shards)),
            ("neurons", .integer(r.neurons)),
            ("synapses", .integer(r.synapses)),
            ("t_sim_ms", .number(config.tSim)),
            ("build_s", .number(r.buildSeconds)),
            ("sim_s", .number(r.simSeconds)),
            ("rtf", .number(r.simSeconds / seconds)),
            ("spikes", .integer(r.spikes)),
            ("rate_hz", .number(Double(r.spikes) / Double(max(r.neurons, 1)) / seconds)),
            ("syn_events", .integer(r.synapticEvents)),
            ("syn_events_per_s", .number(Double(r.synapticEvents) / r.simSeconds)),
            ("bytes_per_synapse", r.synapses > 0 ? .number(Double(r.synapseBytes) / Double(r.synapses)) : .null),
            ("peak_rss_mb", .number(r.peakResidentMB)),
            ("spikes_sha256", .string(r.spikesSHA256)),
        ])
        Console.output(line.compact() + "\n")
    }
}
