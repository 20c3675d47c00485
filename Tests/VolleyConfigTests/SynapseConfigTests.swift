// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyConfig
import VolleyCore

/// `syn_spec.synapse_model`, named synapse types (`synapse_models`, NEST's CopyModel) and the
/// checks NEST makes on plastic synapses, each refused with its key path.
@Suite struct SynapseConfigTests {
    static let model = """
        simulation: {t_sim: 100}
        populations:
          P: {model: parrot_neuron, n: 10}
          E: {model: iaf_psc_alpha, n: 10, params: {tau_minus: 25}}
        devices:
          noise: {model: poisson_generator, params: {rate: 20}}
        synapse_models:
          stdp_rec: {model: stdp_synapse, params: {Wmax: 80, lambda: 0.05}, weight_recorder: true}
          pl: {model: stdp_pl_synapse_hom, params: {lambda: 0.02, tau_plus: 15}}
        connections:
          - {source: noise, target: P, syn_spec: {weight: 1, delay: 0.1}}
          - {source: P, target: E, conn_spec: {rule: fixed_indegree, indegree: 3}, syn_spec: {synapse_model: stdp_rec, weight: 30, delay: 1.5}}
          - {source: E, target: E, conn_spec: {rule: fixed_indegree, indegree: 2}, syn_spec: {synapse_model: pl, weight: 20, delay: 1.0}}
          - {source: P, target: E, conn_spec: {rule: one_to_one}, syn_spec: {synapse_model: tsodyks2_synapse, weight: 100, U: 0.3, u: 0.3}}
          - {source: E, target: E, conn_spec: {rule: one_to_one}, syn_spec: {synapse_model: static_synapse, weight: 5}}

        """

    private func error(_ old: String, _ new: String) throws -> ConfigError {
        #expect(Self.model.contains(old))
        return try #require(TestModels.error(Self.model.replacingOccurrences(of: old, with: new)))
    }

    @Test func synapseModelsAndNamedTypesAreRead() throws {
        let config = try ConfigLoader.load(yaml: Self.model, name: "plastic")
        let projections = config.network.projections
        #expect(projections.map(\.synapse.kind) == [.stdpSynapse, .stdpPLSynapseHom, .tsodyks2Synapse, .staticSynapse])
        #expect(projections[0].synapse.name == "stdp_rec")
        #expect(projections[0].synapse["Wmax"] == 80)
        #expect(projections[0].synapse["lambda"] == 0.05)
        #expect(projections[0].synapse["tau_plus"] == 20)
        #expect(projections[1].synapse["tau_plus"] == 15)
        #expect(projections[1].synapse["mu"] == 0.4)
        #expect(projections[2].synapse["U"] == 0.3)
        #expect(projections[2].synapse["tau_rec"] == 800)
        // The weight recorder hangs on the named type, as NEST attaches it to a copy.
        #expect(config.network.recording.weightRecorders == [0])
        #expect(config.network.populations[1].model["tau_minus"] == 25)
        #expect(config.network.populations[0].model["tau_minus"] == 20)
    }

    @Test func plasticSynapsesFromDevicesAreRefused() throws {
        let e = try error("{source: noise, target: P, syn_spec: {weight: 1, delay: 0.1}}",
                          "{source: noise, target: P, syn_spec: {synapse_model: stdp_rec, weight: 1, delay: 0.1}}")
        #expect(e.path == "connections[0].syn_spec.synapse_model")
        #expect(e.message.contains("parrot_neuron"))
    }

    @Test func nestsChecksAreMade() throws {
        #expect(try error("lambda: 0.02, tau_plus: 15", "lambda: 0.02, tau_plus: 0").path == "synapse_models.pl.params.tau_plus")
        let sign = try error("synapse_model: stdp_rec, weight: 30", "synapse_model: stdp_rec, weight: -30")
        #expect(sign.path == "connections[1].syn_spec.weight")
        #expect(sign.message.contains("same sign"))
        #expect(try error("U: 0.3, u: 0.3", "U: 1.3, u: 0.3").path == "connections[3].syn_spec.U")
        #expect(try error("U: 0.3, u: 0.3", "U: 0.3, u: -0.1").path == "connections[3].syn_spec.u")
        #expect(try error("tau_minus: 25", "tau_minus: -2").path == "populations.E.params.tau_minus")
    }

    /// A list's rows carry their own weights, so syn_spec's default weight (1) says nothing
    /// about the sign: an inhibitory plastic list loads, and a row of the wrong sign is named
    /// when the model loads.
    @Test func aListsRowsCarryTheirOwnSign() throws {
        let yaml = """
            simulation: {t_sim: 10}
            populations:
              P: {model: parrot_neuron, n: 2}
              E: {model: iaf_cond_exp, n: 2}
            synapse_models:
              inh: {model: stdp_synapse, params: {Wmax: -30}}
            connections:
              - {source: P, target: E, conn_spec: {rule: explicit, rows: [[0, 1, -2.0, 1.0], [1, 0, -3.0, 1.0]]}, syn_spec: {synapse_model: inh}}

            """
        let config = try ConfigLoader.load(yaml: yaml, name: "inhibitory")
        _ = try CompiledNetwork(spec: config.network, seed: 1, shards: 1).buildShard(0)
        let wrong = try #require(TestModels.error(yaml.replacingOccurrences(of: "[1, 0, -3.0, 1.0]", with: "[1, 0, 3.0, 1.0]")))
        #expect(wrong.path == "connections[0].conn_spec.rows[1]" && wrong.message.contains("same sign"), "\(wrong)")
        // Without a weight column syn_spec's weight (1) is every row's, of the wrong sign.
        let unweighted = yaml.replacingOccurrences(of: ", -2.0, 1.0]", with: "]").replacingOccurrences(of: ", -3.0, 1.0]", with: "]")
            .replacingOccurrences(of: "rule: explicit,", with: "rule: explicit, columns: [source, target],")
        #expect {
            _ = try CompiledNetwork(spec: ConfigLoader.load(yaml: unweighted, name: "default").network, seed: 1, shards: 1).buildShard(0)
        } throws: { "\($0)".contains("same sign") }
    }

    @Test func unknownModelsAndParametersAreNamed() throws {
        let model = try error("synapse_model: pl,", "synapse_model: stdp_pl,")
        #expect(model.path == "connections[2].syn_spec.synapse_model")
        #expect(model.message.contains("stdp_pl_synapse_hom"))
        let key = try error("U: 0.3, u: 0.3", "U: 0.3, tau_rek: 3")
        #expect(key.path == "connections[3].syn_spec.tau_rek")
        #expect(key.message.contains("tau_rec"))
        let copy = try error("pl: {model: stdp_pl_synapse_hom,", "pl: {model: stdp_pl_synapse,")
        #expect(copy.path == "synapse_models.pl.model")
        #expect(try error("stdp_rec: {model", "stdp_synapse: {model").message.contains("CopyModel"))
    }

    /// stdp_pl_synapse_hom's parameters are common to its connections: NEST sets them on the model only.
    @Test func commonParametersBelongToTheModel() throws {
        let e = try error("synapse_model: pl, weight: 20", "synapse_model: pl, mu: 0.3, weight: 20")
        #expect(e.path == "connections[2].syn_spec.mu")
        #expect(e.message.contains("synapse_models"))
    }
}
