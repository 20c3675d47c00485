// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyConfig
import VolleyCore

/// `--set KEY=VALUE` overrides, applied through `ConfigLoader` as the command line does.
@Suite struct OverrideTests {
    private func load(_ overrides: [String]) throws -> ModelConfig {
        try ConfigLoader.load(yaml: TestModels.brunel, name: "brunel", overrides: overrides)
    }

    private func failure(_ overrides: [String]) throws -> ConfigError {
        try #require(TestModels.error(TestModels.brunel, overrides: overrides))
    }

    @Test func setsAParameterAndEverythingDerivedFromIt() throws {
        let config = try load(["parameters.J=0.2", "parameters.epsilon = 0.2"])
        #expect(config.parameters.first { $0.name == "J" }?.value == .number(0.2))
        #expect(config.network.projections[0].weight == .constant(0.2))
        #expect(config.network.projections[1].weight == .constant(-1.0))
        #expect(config.network.projections[0].rule == .fixedIndegree(40))
    }

    @Test func setsTheValueOfAParameterGivenAsAMapping() throws {
        let config = try load(["parameters.order=100", "parameters.background=dc"])
        #expect(config.parameters.first?.value == .number(100))
        #expect(config.parameters.last?.value == .string("dc"))
        #expect(config.network.populations.map(\.size) == [400, 100])
        let explicit = try load(["parameters.order.value=25"])
        #expect(explicit.network.populations.map(\.size) == [100, 25])
    }

    @Test func setsNestedPathsByIndexOrBracket() throws {
        let config = try load([
            "connections.1.syn_spec.weight=0.5", "connections[2].conn_spec.indegree=2 * CI",
            "simulation.t_sim=20", "populations.I.params.V_th=15",
        ])
        #expect(config.network.projections[0].weight == .constant(0.5))
        #expect(config.network.projections[1].rule == .fixedIndegree(10))
        #expect(config.tSim == 20)
        // The alias gave I the same parameters as E; setting one path leaves the other alone.
        #expect(config.network.populations[1].model["V_th"] == 15)
        #expect(config.network.populations[0].model["V_th"] == 20)
    }

    @Test func setsListsAndNamesAsYAMLValues() throws {
        let config = try load(["recording.spikes=[E, I]", "populations.E.model=iaf_psc_exp"])
        #expect(config.network.recording.spikePopulations == [0, 1])
        #expect(config.network.populations[0].model.kind == .iafPscExp)
    }

    @Test func setsDerivedValuesToo() throws {
        let config = try load(["derived.CE=50", "derived.NI=2 * order"])
        #expect(config.derived.first { $0.name == "CE" }?.value == .number(50))
        #expect(config.network.projections[0].rule == .fixedIndegree(50))
        #expect(config.network.populations[1].size == 100)
    }

    @Test func laterOverridesWin() throws {
        let config = try load(["parameters.g=4", "parameters.g=6"])
        #expect(config.network.projections[1].weight == .constant(-0.6000000000000001))
    }

    @Test func onlyExistingPathsCanBeSet() throws {
        let missing = try failure(["simulation.dt=0.1"])
        #expect(missing.path == "simulation.dt" && missing.message.contains("unknown key 'dt' in simulation"))
        let top = try failure(["paramters.J=1"])
        #expect(top.path == "paramters.J" && top.message.contains("did you mean 'parameters'?"))
        let index = try failure(["connections.5.syn_spec.weight=1"])
        #expect(index.path == "connections.5.syn_spec.weight" && index.message.contains("out of range"))
        let word = try failure(["connections.first.syn_spec.weight=1"])
        #expect(word.message.contains("0-based index"))
        let below = try failure(["parameters.J.value=1"])
        #expect(below.path == "parameters.J.value" && below.message.contains("single value"))
    }

    @Test func malformedOverridesFail() throws {
        let noEquals = try failure(["parameters.J"])
        #expect(noEquals.message.contains("expected KEY=VALUE"))
        let emptyKey = try failure(["=1"])
        #expect(emptyKey.message.contains("key before '=' is empty"))
        let badValue = try failure(["parameters.J=[1"])
        #expect(badValue.path == "parameters.J" && badValue.message.contains("cannot read the value"))
        let badBracket = try failure(["connections[x].syn_spec.weight=1"])
        #expect(badBracket.message.contains("[index]"))
    }

    @Test func constraintsAreCheckedAfterOverriding() throws {
        let choice = try failure(["parameters.background=foo"])
        #expect(choice.path == "parameters.background" && choice.message.contains("'foo' is not one of poisson, dc"))
        let type = try failure(["parameters.order=many"])
        #expect(type.path == "parameters.order" && type.message.contains("applies to numbers"))
        let field = try failure(["populations.E.n=-1"])
        #expect(field.path == "populations.E.n" && field.message.contains("non-negative integer"))
    }
}
