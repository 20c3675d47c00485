// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyCore
import VolleyRuntime

/// `volley models`: the neuron models this build has, their parameters and recordables.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the neuron models with their parameters (NEST's names, defaults, units) and recordables.",
        discussion: "With --markdown, prints the model reference of docs/models.md exactly as the docs must hold it."
    )

    @Argument(help: "Only this model (its NEST name).")
    var model: String?

    @Flag(help: "Print the Markdown reference (the section docs/models.md holds).")
    var markdown = false

    func run() throws {
        var kinds = NeuronModelKind.allCases
        if let model {
            guard let kind = NeuronModelKind(rawValue: model) else {
                throw RunInputError("unknown model '\(model)' (known: \(NeuronModelKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            kinds = [kind]
        }
        if markdown {
            Console.output(kinds.map(ModelReference.section).joined(separator: "\n"))
            return
        }
        for kind in kinds {
            Console.output("\(kind.rawValue) (weights in \(kind.weightUnit)); records \(kind.recordables.joined(separator: ", "))\n")
            for p in kind.parameters {
                Console.output("  \(p.name) = \(ModelReference.number(p.defaultValue)) \(p.unit)  \(p.summary)\n")
            }
        }
    }
}
