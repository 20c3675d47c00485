// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import Foundation
import VolleyRuntime
import VolleyTap

/// `volley trace`: one neuron under a NEST-format protocol, V_m at every step.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run one neuron under a protocol (NEST's single_neuron format) and write t_ms,V_m at every step.",
        discussion: """
            The protocol gives a DC window, excitatory and inhibitory input spikes over one delay, and \
            per-model parameters. Rows are stamped as NEST's voltmeter stamps them: the row at t is \
            V_m at the end of the step that ends at t. Output spike times are printed on stdout.
            """
    )

    @Option(help: "Neuron model: iaf_psc_delta, iaf_psc_exp or iaf_psc_alpha.")
    var model: String

    @Option(help: "Protocol file (JSON).")
    var `protocol`: String

    @Option(help: "Output CSV file.")
    var out: String

    func run() throws {
        guard let text = try? String(contentsOfFile: self.protocol, encoding: .utf8) else {
            throw RunInputError("cannot read protocol file \(self.protocol)")
        }
        let proto = try TraceProtocol(json: text)
        let result = try SingleNeuronTrace.run(proto, model: model)
        try SingleNeuronTrace.writeCSV(result, to: out)
        let times = result.spikeStamps.map { TimeFormatter(resolution: result.resolution).string($0) }
        Console.output("\(model): \(result.samples.count) steps, \(times.count) spikes at [\(times.joined(separator: ", "))] ms\n")
    }
}
