// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore

@Suite struct NeuronModelTests {
    @Test func defaultsAreNESTs() throws {
        let m = try NeuronModel(kind: .iafPscExp)
        #expect(m["C_m"] == 250)
        #expect(m["tau_m"] == 10)
        #expect(m["tau_syn_ex"] == 2)
        #expect(m["V_th"] == -55)
        #expect(m["V_reset"] == -70)
        #expect(m["t_ref"] == 2)
    }

    @Test func unknownParametersAreNamed() {
        #expect(throws: ModelParameterError.unknownParameter(
            name: "tau_mm", model: "iaf_psc_delta", known: NeuronModelKind.iafPscDelta.parameters.map(\.name))
        ) {
            try NeuronModel(kind: .iafPscDelta, parameters: ["tau_mm": 20])
        }
    }

    @Test func resetMustLieBelowThreshold() {
        #expect(throws: ModelParameterError.self) {
            try NeuronModel(kind: .iafPscAlpha, parameters: ["V_reset": -50, "V_th": -55])
        }
        #expect(throws: ModelParameterError.self) {
            try NeuronModel(kind: .iafPscExp, parameters: ["tau_syn_in": 0])
        }
    }
}
