// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import VolleyCore
import VolleyRuntime
import VolleyTap
import VolleyTransport
import VolleyWire
import VolleyFormats

/// `volley tap`: watch a running simulation from anywhere, without touching it.
struct TapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tap",
        abstract: "Watch a running simulation: receive its spikes (and more) live and write them as they arrive.",
        discussion: """
            The tap asks the coordinator where the workers are and subscribes to their tap sockets, \
            which filter what they send (--kinds, --populations, --neurons). It can join or leave at any \
            time and never slows the run: a tap too slow to keep up misses frames, and says how many when \
            it ends. With --lossless it reads the workers' own data sockets instead and the run waits for \
            it like a worker: its output is then complete by construction (register it before the run \
            starts to get every epoch). Ctrl-C leaves; the file written so far is complete up to there.
            Formats: csv (the columns of spikes.csv), jsonl (one JSON object per event, every kind), \
            sonata (an HDF5 spike report, spikes only).
            """
    )

    @Option(help: ArgumentHelp("The coordinator's control endpoint, e.g. tcp://10.0.0.1:5555.", valueName: "ENDPOINT"))
    var coordinator: String

    @Flag(help: "Miss nothing: the run waits for this tap like a worker.")
    var lossless = false

    @Option(help: ArgumentHelp("Output format: csv, jsonl or sonata.", valueName: "FORMAT"))
    var format: String = "csv"

    @Option(help: ArgumentHelp("Where to write (default: standard output; sonata needs a file).", valueName: "FILE"))
    var out: String?

    @Option(help: ArgumentHelp("What to receive, comma-separated: spikes, activations, samples, rhythms, weights, energy (default: spikes).", valueName: "KINDS"))
    var kinds: String = "spikes"

    @Option(help: ArgumentHelp("Only these populations (or head populations), comma-separated.", valueName: "NAMES"))
    var populations: String?

    @Option(help: ArgumentHelp("Only these 0-based neuron indices within each population, e.g. 0-99,200-299.", valueName: "RANGES"))
    var neurons: String?

    @Option(help: ArgumentHelp("Seconds to wait for the coordinator to welcome this tap (it does once all workers have joined).", valueName: "S"))
    var timeout: Double = 60

    @Option(help: ArgumentHelp(
        "Messages this tap buffers before the workers' queues fill and it starts missing frames.", valueName: "N"))
    var queue: Int32 = 1000

    @Option(help: ArgumentHelp("Also write what was received and missed as JSON to this file.", valueName: "FILE"))
    var report: String?

    @Option(name: .customLong("throttle-ms"), help: ArgumentHelp(
        "Pause this long per frame received: play a slow consumer (to see what a tap that cannot keep up misses).",
        valueName: "MS"))
    var throttle: Double = 0

    @Flag(help: "No summary line on standard error.")
    var quiet = false

    @Option(help: ArgumentHelp(
        "CURVE keys for a run that has them: a directory with server.public and this tap's client pair (`volley keys add`).",
        valueName: "DIR"))
    var keys: String?

    func run() throws {
        guard let format = TapFormat(rawValue: format) else {
            throw RunInputError("unknown --format '\(self.format)'; choose one of " + TapFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let filter = try parseFilter(format: format)
        if format == .sonata && (out == nil || out == "-") { throw RunInputError("--format sonata needs --out FILE (HDF5 cannot stream to a pipe)") }
        if lossless && filter.wants(.energy) {
            throw RunInputError("a lossless tap reads the data sockets, which carry no energy frames; leave out energy (the run's summary.json has the budget) or drop --lossless")
        }
        if lossless && filter.wants(.rhythms) {
            throw RunInputError("a lossless tap reads the data sockets, which carry no rhythms; leave out rhythms (the run's rhythms.csv has them) or drop --lossless")
        }
        guard queue >= 1 else { throw RunInputError("--queue must be at least 1") }
        guard throttle >= 0, timeout > 0 else { throw RunInputError("--throttle-ms and --timeout must not be negative") }
        let security: LinkSecurity?
        do { security = try keys.map(KeyDirectory.load) } catch { throw RunInputError("\(error)") }
        Interrupts.install()
        let session = try TapSession(coordinator: coordinator, lossless: lossless, filter: filter, queue: queue, security: security)
        defer { session.close() }
        let welcome: TapWelcome
        do {
            welcome = try session.start(timeout: timeout)
        } catch let e as TapFilterError {
            throw RunInputError(e.description)
        } catch {
            Console.error("volley tap: \(error)\n")
            throw ExitCode(1)
        }
        let path = out ?? "/dev/stdout"
        let sink: EpochSink
        let names = welcome.catalog.populations.map(\.name), sizes = welcome.catalog.populations.map(\.size)
        switch format {
        case .csv: sink = try SpikeCSVWriter(path: path, populations: names, sizes: sizes, resolution: welcome.resolution)
        case .jsonl: sink = try TapJSONLinesSink(path: path, catalog: welcome.catalog, resolution: welcome.resolution)
        case .sonata: sink = try SonataSpikeSink(path: path, populations: names, sizes: sizes, resolution: welcome.resolution)
        }
        let schedule = welcome.schedule
        if !quiet {
            Console.error("volley tap: tap \(welcome.tap) on \(welcome.model) (\(welcome.workers.count) workers, "
                + "\(welcome.totalEpochs) epochs)\(lossless ? ", lossless" : "")\n")
        }
        let pause = UInt32(throttle * 1000)
        let outcome = try session.run(
            onEpoch: { epoch in
                try sink.observe(epoch.record(in: schedule))
                if pause > 0 { usleep(pause * UInt32(epoch.receivedFrames)) }
            },
            onIdle: { try sink.flush() },
            shouldLeave: { Interrupts.pending != nil })
        try sink.close()
        try writeReport(outcome, welcome: welcome)
        if let failure = outcome.failure {
            Console.error("volley tap: \(failure)\n")
            throw ExitCode(1)
        }
    }

    private func parseFilter(format: TapFormat) throws -> TapFilter {
        var kindList: [TapKind] = []
        for k in kinds.split(separator: ",") {
            guard let kind = TapKind(rawValue: String(k)) else {
                throw RunInputError("unknown kind '\(k)' in --kinds; choose from " + TapKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            kindList.append(kind)
        }
        if kindList.isEmpty { throw RunInputError("--kinds names no kind") }
        if let bad = kindList.first(where: { !format.kinds.contains($0) }) {
            throw RunInputError("--format \(format.rawValue) holds spikes only, not \(bad.rawValue); use --format jsonl")
        }
        var ranges: [NeuronRange] = []
        for r in (neurons ?? "").split(separator: ",") {
            guard let range = NeuronRange(r) else { throw RunInputError("--neurons: '\(r)' is not a range like 0-99") }
            ranges.append(range)
        }
        return TapFilter(kinds: kindList, populations: (populations ?? "").split(separator: ",").map(String.init), neurons: ranges)
    }

    private func writeReport(_ o: TapSession.Outcome, welcome: TapWelcome) throws {
        let first = o.firstEpoch.map { Int($0) }
        var fields: [(String, JSONValue)] = [
            ("tap", .integer(Int(welcome.tap))), ("lossless", .bool(lossless)),
            ("first_epoch", first.map { .integer($0) } ?? .null), ("epochs_written", .integer(Int(o.epochsWritten))),
            ("total_epochs", .integer(Int(o.totalEpochs))), ("frames_received", .integer(o.receivedFrames)),
            ("frames_missed", .integer(o.missingFrames)), ("spikes", .integer(o.spikes)), ("left", .bool(o.left)),
        ]
        if let f = o.failure { fields.append(("failure", .string(f))) }
        if let report {
            try (JSONValue.object(fields).compact() + "\n").write(toFile: report, atomically: true, encoding: .utf8)
        }
        if !quiet {
            let range = first.map { "epochs \($0)–\($0 + Int(o.epochsWritten) - 1) of \(o.totalEpochs)" } ?? "no epochs"
            Console.error("volley tap: \(o.spikes) spikes, \(range); \(o.receivedFrames) frames received, \(o.missingFrames) missed"
                + (o.missingFrames > 0 ? " (this tap was too slow for the run)" : "") + (o.left ? "; left early" : "") + "\n")
        }
    }
}
