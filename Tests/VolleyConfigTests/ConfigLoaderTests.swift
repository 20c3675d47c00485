// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore

@Suite struct ConfigLoaderTests {
    @Test func brunelLoadsIntoTheExpectedNetwork() throws {
        let config = try ConfigLoader.load(yaml: TestModels.brunel, name: "ignored")
        let neuron = try NeuronModel(kind: .iafPscDelta, parameters: [
            "C_m": 1.0, "tau_m": 20.0, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0, "V_m": 0.0, "V_th": 20.0,
        ])
        // CE = int(0.1 * 200) = 20, CI = 5, nu_th = 20 / (0.1 * 20 * 20) = 0.5, p_rate = 1000 * 2 * 0.5 * 20.
        let expected = NetworkSpec(
            name: "brunel",
            resolution: 0.1,
            populations: [
                PopulationSpec(name: "E", size: 200, model: neuron, initialMembranePotential: .uniform(min: 0, max: 20)),
                PopulationSpec(name: "I", size: 50, model: neuron),
            ],
            devices: [DeviceSpec(name: "noise", model: .poissonGenerator(rate: 20000, start: 0, stop: .infinity))],
            projections: [
                ProjectionSpec(sources: [0], targets: [0, 1], rule: .fixedIndegree(20), weight: .constant(0.1), delay: .constant(1.5)),
                ProjectionSpec(sources: [1], targets: [0, 1], rule: .fixedIndegree(5), weight: .constant(-0.5), delay: .constant(1.5)),
            ],
            deviceConnections: [DeviceConnectionSpec(device: 0, targets: [0, 1], weight: 0.1, delay: 1.5)],
            recording: RecordingSpec(spikePopulations: [0], voltmeters: [VoltmeterSpec(population: 0, neurons: [0, 1], interval: 1.0)]))
        #expect(config.network == expected)
        #expect(config.tSim == 100)
        #expect(config.seed == 12345)
        #expect(config.parameters.map(\.name) == ["order", "epsilon", "g", "eta", "J", "delay", "tau_m", "theta", "background"])
        #expect(config.parameters.first?.value == .number(50))
        #expect(config.parameters.last?.value == .string("poisson"))
        #expect(config.derived.map(\.name) == ["NE", "NI", "CE", "CI", "JI", "nu_th", "p_rate"])
        #expect(config.derived.map(\.value) == [.number(200), .number(50), .number(20), .number(5), .number(-0.5), .number(0.5), .number(20000)])
    }

    @Test func loadsFromAFileAndNamesTheModelAfterIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("volley-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tiny_net.yaml")
        try TestModels.minimal.write(to: file, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: file.path, overrides: ["populations.E.n=3"])
        #expect(config.network.name == "tiny_net")
        #expect(config.network.populations.map(\.size) == [3])
    }

    @Test func defaultsFollowNest() throws {
        let config = try ConfigLoader.load(yaml: """
            populations:
              A: {model: iaf_psc_alpha, n: 4}
            connections:
              - {source: A, target: A}
            """, name: "defaults")
        #expect(config.network.name == "defaults")
        #expect(config.network.resolution == 0.1)
        #expect(config.tSim == 1000)
        #expect(config.seed == 1)
        #expect(config.network.recording == RecordingSpec(spikePopulations: nil, voltmeters: []))
        #expect(config.network.populations[0].model == (try NeuronModel(kind: .iafPscAlpha)))
        #expect(config.network.projections == [
            ProjectionSpec(sources: [0], targets: [0], rule: .allToAll, weight: .constant(1), delay: .constant(1)),
        ])
        #expect(config.parameters.isEmpty && config.derived.isEmpty)
    }

    @Test func everyRuleAndDistributionMapsToTheSpec() throws {
        let config = try ConfigLoader.load(yaml: """
            simulation: {resolution: 0.05, t_sim: 10, seed: 18446744073709551615}
            populations:
              A: {model: iaf_psc_exp, n: 10}
              B: {model: iaf_psc_exp, n: 10}
            connections:
              - {source: A, target: B, conn_spec: {rule: one_to_one, allow_autapses: false}}
              - {source: A, target: B, conn_spec: {rule: fixed_outdegree, outdegree: 3, allow_multapses: false}}
              - {source: [A, B], target: B, conn_spec: {rule: fixed_total_number, N: 7},
                 syn_spec: {weight: {distribution: normal, mean: 10, std: 2, min: 0}, delay: {distribution: uniform, min: 0.5, max: 2.0}}}
              - {source: B, target: A, conn_spec: {rule: pairwise_bernoulli, p: 0.25},
                 syn_spec: {synapse_model: static_synapse, weight: -5, delay: 0.15}}
            """, name: "rules")
        #expect(config.seed == UInt64.max)
        let p = config.network.projections
        #expect(p.map(\.rule) == [.oneToOne, .fixedOutdegree(3), .fixedTotalNumber(7), .pairwiseBernoulli(0.25)])
        #expect(p[0].allowAutapses == false && p[0].allowMultapses == true)
        #expect(p[1].allowMultapses == false)
        #expect(p[2].sources == [0, 1])
        #expect(p[2].weight == .normal(mean: 10, std: 2, min: 0, max: .infinity))
        #expect(p[2].delay == .uniform(min: 0.5, max: 2.0))
        #expect(p[3].weight == .constant(-5) && p[3].delay == .constant(0.15))
    }

    @Test func generatorsTakeNestParameters() throws {
        let config = try ConfigLoader.load(yaml: """
            parameters: {amp: 100.0}
            populations:
              E: {model: iaf_psc_exp, n: 2}
            devices:
              dc: {model: dc_generator, params: {amplitude: amp, start: 5.0, stop: 50.0}}
              sg: {model: spike_generator, params: {spike_times: [10.0, 20.3, 20.3], spike_weights: [1.0, 2.0, 0.5]}}
              pg: {model: poisson_generator, params: {rate: 8.0, stop: inf}}
            connections:
              - {source: dc, target: E}
              - {source: sg, target: E, conn_spec: {rule: all_to_all}, syn_spec: {weight: 2.5, delay: 0.2}}
            """, name: "devices")
        #expect(config.network.devices == [
            DeviceSpec(name: "dc", model: .dcGenerator(amplitude: 100, start: 5, stop: 50)),
            DeviceSpec(name: "sg", model: .spikeGenerator(spikeTimes: [10, 20.3, 20.3], spikeWeights: [1, 2, 0.5])),
            DeviceSpec(name: "pg", model: .poissonGenerator(rate: 8, start: 0, stop: .infinity)),
        ])
        #expect(config.network.deviceConnections == [
            DeviceConnectionSpec(device: 0, targets: [0], weight: 1, delay: 1),
            DeviceConnectionSpec(device: 1, targets: [0], weight: 2.5, delay: 0.2),
        ])
    }

    @Test func anchorsAliasesAndMergeKeysWork() throws {
        let config = try ConfigLoader.load(yaml: """
            populations:
              E: {model: iaf_psc_exp, n: 1, params: &base {tau_m: 15.0, V_th: -52.0}}
              I: {model: iaf_psc_exp, n: 1, params: {<<: *base, V_th: -60.0}}
              X: {model: iaf_psc_exp, n: 1, params: *base}
            """, name: "anchors")
        let models = config.network.populations.map(\.model)
        #expect(models[0]["tau_m"] == 15 && models[0]["V_th"] == -52)
        #expect(models[1]["tau_m"] == 15 && models[1]["V_th"] == -60)
        #expect(models[2] == models[0])
    }

    @Test func recordingTakesNamesAllAndVoltmeterDefaults() throws {
        let config = try ConfigLoader.load(yaml: """
            simulation: {resolution: 0.2}
            populations:
              E: {model: iaf_psc_delta, n: 3}
              I: {model: iaf_psc_delta, n: 2}
            recording:
              spikes: I
              V_m:
                - {population: I, neurons: all}
                - {population: E, neurons: [2], interval: 1.0}
            """, name: "rec")
        #expect(config.network.recording == RecordingSpec(spikePopulations: [1], voltmeters: [
            VoltmeterSpec(population: 1, neurons: [0, 1], interval: 0.2),
            VoltmeterSpec(population: 0, neurons: [2], interval: 1.0),
        ]))
        let all = try ConfigLoader.load(yaml: TestModels.minimal + "recording: {spikes: all}\n", name: "all")
        #expect(all.network.recording.spikePopulations == nil)
    }
}

extension ConfigLoaderTests {
    /// The complete example in docs/configuration.md must stay a valid model.
    @Test func documentedExampleLoads() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/configuration.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let config = try ConfigLoader.load(yaml: String(text[start.upperBound..<end.lowerBound]), name: "doc")
        #expect(config.network.name == "brunel")
        #expect(config.network.populations.map(\.size) == [10000, 2500])
        #expect(config.network.devices.count == 3)
        #expect(config.network.deviceConnections.count == 3 && config.network.projections.count == 2)
        #expect(config.derived.last?.value == .bool(true))
        #expect(config.network.devices[1].model == .dcGenerator(amplitude: 0, start: 100, stop: .infinity))
    }
}
