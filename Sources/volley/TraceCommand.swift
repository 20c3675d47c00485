// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import Foundation
import VolleyCore
import VolleyRuntime
import VolleyFormats

/// `volley trace`: one neuron under a NEST-format protocol: V_m, its spikes and every recordable at every step.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run one neuron, or one plastic synapse, under a NEST reference protocol and write what NEST records.",
        discussion: """
            The protocol gives a DC window, excitatory and inhibitory input spikes over one delay, and \
            per-model parameters. Rows are stamped as NEST's multimeter stamps them: the row at t is \
            the state at the end of the step that ends at t. Output spike times are printed on stdout \
            and, with --spikes, written as a t_ms column; --state writes t_ms and every recordable of \
            the model, named as NEST names them.

            Models: \(NeuronModelKind.allCases.map(\.rawValue).joined(separator: ", ")).

            With --variant instead of --model, the protocol is a plastic-synapse experiment (the \
            format of NEST's plasticity reference: a parrot neuron relays pre spikes through one \
            plastic synapse onto a post neuron that a teacher makes fire), and --out is a directory: \
            weights.csv (t_ms,weight: each pre spike's time and the weight it carried), \
            post_spikes.csv (t_ms) and V_m.csv (t_ms,V_m of the post neuron at every step). \
            Synapse models: \(SynapseModelKind.allCases.filter(\.isPlastic).map(\.rawValue).joined(separator: ", ")).
            """
    )

    @Option(help: "Neuron model, by its NEST name (see the list below).")
    var model: String?

    @Option(help: "Plastic-synapse experiment: the variant of the protocol to run (its 'variants' key).")
    var variant: String?

    @Option(help: "Protocol file (JSON).")
    var `protocol`: String

    @Option(help: "Output CSV file: t_ms,V_m (with --variant: the output directory).")
    var out: String

    @Option(help: "Also write the output spike times (column t_ms) to this CSV file.")
    var spikes: String?

    @Option(help: "Also write t_ms and every recordable of the model to this CSV file.")
    var state: String?

    @Option(help: ArgumentHelp(
        "Also write the Hodgkin–Huxley models' energy ledger to this JSON file: na_charge_pC (inward Na⁺), k_charge_pC (outward K⁺) and atp between the first and the last row of the trace; atp_source says how atp was counted: sodium_charge (Na⁺ charge / 3e) or, for volley_hh_pump, pump (the pump's charge / e, pump_charge_pC).",
        valueName: "FILE"))
    var energy: String?

    @Option(help: "Integrator for the non-linear models: nest (NEST's adaptive RKF45, the default) or rk4.")
    var integrator: String = "nest"

    @Option(help: "Substeps per step for --integrator rk4.")
    var rk4Substeps: Int = 1

    func validate() throws {
        switch (model, variant) {
        case (nil, nil): throw ValidationError("give --model NAME (one neuron) or --variant NAME (a plastic synapse)")
        case (_?, _?): throw ValidationError("--model and --variant exclude each other")
        case (nil, _?):
            if spikes != nil || state != nil || energy != nil {
                throw ValidationError("--spikes, --state and --energy go with --model; --variant writes its files into --out")
            }
        default: break
        }
    }

    func run() throws {
        guard let text = try? String(contentsOfFile: self.protocol, encoding: .utf8) else {
            throw RunInputError("cannot read protocol file \(self.protocol)")
        }
        guard let model else {
            let experiment = try PlasticityTrace.Experiment(json: text, variant: variant!)
            let result = try PlasticityTrace.run(experiment)
            try PlasticityTrace.write(result, to: out)
            let last = result.weights.last.map { "\($0.weight)" } ?? "none"
            Console.output("\(variant!) (\(experiment.synapse.kind.rawValue)): \(result.weights.count) transmissions, "
                + "\(result.postSpikes.count) post spikes, last weight \(last)\n")
            return
        }
        let scheme: NeuronIntegrator
        switch integrator {
        case "nest": scheme = .nest
        case "rk4":
            guard rk4Substeps >= 1 else { throw RunInputError("--rk4-substeps \(rk4Substeps) must be at least 1") }
            scheme = .rk4(substeps: rk4Substeps)
        default: throw RunInputError("unknown --integrator '\(integrator)' (known: nest, rk4)")
        }
        let proto = try TraceProtocol(json: text)
        if energy != nil, let known = NeuronModelKind(rawValue: model), !IonLedger.hasLedger(recordables: known.recordables) {
            let ledgers = NeuronModelKind.allCases.filter { IonLedger.hasLedger(recordables: $0.recordables) }.map(\.rawValue)
            throw RunInputError("--energy: \(model) keeps no Na⁺/K⁺ ledger (the models that do: \(ledgers.joined(separator: ", "))); "
                + "a network run's summary.json has an activity-based energy budget for every population")
        }
        let result = try SingleNeuronTrace.run(proto, model: model, integrator: scheme)
        if let energy { try SingleNeuronTrace.writeEnergy(result, model: model, to: energy) }
        try SingleNeuronTrace.writeCSV(result, to: out)
        if let spikes { try SingleNeuronTrace.writeSpikes(result, to: spikes) }
        if let state { try SingleNeuronTrace.writeState(result, to: state) }
        let times = result.spikeStamps.map { TimeFormatter(resolution: result.resolution).string($0) }
        Console.output("\(model): \(result.stamps.count) steps, \(times.count) spikes at [\(times.joined(separator: ", "))] ms\n")
    }
}
