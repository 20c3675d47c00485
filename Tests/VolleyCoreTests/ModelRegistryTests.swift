// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore

/// The registry is the one source of model facts: its defaults are valid, its tables are what
/// docs/models.md shows, and every recordable can be recorded.
@Suite struct ModelRegistryTests {
    @Test(arguments: NeuronModelKind.allCases.filter { $0 != .parrotNeuron && $0 != .volleySpikeSource })
    func defaultsAreValidAndNamesUnique(_ kind: NeuronModelKind) throws {
        let names = kind.parameters.map(\.name)
        #expect(Set(names).count == names.count, "duplicate parameter names in \(kind.rawValue)")
        #expect(kind.recordables.first == "V_m")
        #expect(Set(kind.recordables).count == kind.recordables.count)
        #expect(names.contains("V_m"))
        #expect(names.last == "tau_minus", "every model has NEST's archiving parameters")
        _ = try NeuronModel(kind: kind)
        #expect(["mV", "pA", "nS"].contains(kind.weightUnit))
    }

    /// NEST's parrot_neuron has no membrane: nothing to record, weights count spikes.
    @Test func theParrotRelaysOnly() throws {
        let parrot = NeuronModelKind.parrotNeuron
        #expect(parrot.recordables.isEmpty)
        #expect(parrot.parameters.map(\.name) == ["tau_minus"])
        #expect(parrot.weightUnit == "spikes")
        #expect(throws: ModelParameterError.self) { try NeuronModel(kind: parrot, parameters: ["tau_minus": 0]) }
    }

    /// Each model's reference section in docs/models.md is exactly what the registry says.
    @Test(arguments: NeuronModelKind.allCases)
    func docsAgreeWithTheRegistry(_ kind: NeuronModelKind) throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/models.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let section = ModelReference.section(kind)
        #expect(text.contains(section), """
            docs/models.md disagrees with the registry for \(kind.rawValue); regenerate its section with \
            `volley models --markdown \(kind.rawValue)`:
            \(section)
            """)
    }

    @Test func aNaNIsRefusedByName() {
        #expect(throws: ModelParameterError.invalidValue(name: "C_m", reason: "is not a number")) {
            try NeuronModel(kind: .iafCondExp, parameters: ["C_m": .nan])
        }
    }
}
