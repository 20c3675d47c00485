// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyConfig

/// A misspelt key or name must produce a message that names both spellings, wherever it is.
@Suite struct NameSuggesterTests {
    @Test func renamedNeuronParameterUnderParams() throws {
        let yaml = TestModels.replacingFirst("tau_m:", with: "tau_mm:", in: TestModels.literalParams)
        let e = try #require(TestModels.error(yaml))
        #expect(e.path == "populations.E.params.tau_mm")
        #expect(e.description.contains("tau_mm") && e.message.contains("did you mean 'tau_m'?"))
    }

    @Test func mistypedNeuronParameterUnderParams() throws {
        let yaml = TestModels.replacingFirst("tau_m: 20.0", with: "tau_m: fast", in: TestModels.literalParams)
        let e = try #require(TestModels.error(yaml))
        #expect(e.path == "populations.E.params.tau_m")
        #expect(e.message.contains("tau_m") && e.message.contains("fast"))
    }

    @Test func renamedParameterLeavesItsUsesUnknown() throws {
        let yaml = TestModels.replacingFirst("tau_m:", with: "tau_mm:", in: TestModels.brunel)
        let e = try #require(TestModels.error(yaml))
        #expect(e.message.contains("unknown name 'tau_m'") && e.message.contains("did you mean 'tau_mm'?"))
    }

    @Test func mistypedParameterFailsWhereItIsUsedAsANumber() throws {
        let yaml = TestModels.replacingFirst("tau_m: 20.0", with: "tau_m: fast", in: TestModels.brunel)
        let e = try #require(TestModels.error(yaml))
        #expect(e.message.contains("'tau_m' is the string 'fast'"))
        // Used directly as a neuron parameter, the message names the field too.
        let direct = try #require(TestModels.error("""
            parameters: {tau_m: fast}
            populations:
              E: {model: iaf_psc_delta, n: 1, params: {tau_m: tau_m}}
            """))
        #expect(direct.description == "populations.E.params.tau_m: expected a number for tau_m, but 'tau_m' is the string 'fast'")
    }

    @Test func misspeltPopulationInAConnection() throws {
        let yaml = TestModels.replacingFirst("target: [E, I]", with: "target: [E, II]", in: TestModels.brunel)
        let e = try #require(TestModels.error(yaml))
        #expect(e.path == "connections[0].target[1]" && e.message.contains("'II' (did you mean 'I'?)"))
    }

    @Test func shortNamesDoNotSuggestUnrelatedOnes() throws {
        let e = try #require(TestModels.error(TestModels.minimal + "parameters: {a: 1}\nderived: {y: x + 1}\n"))
        #expect(e.message.contains("unknown name 'x'") && !e.message.contains("did you mean"))
        #expect(e.message.contains("known names: a, y"))
    }
}
