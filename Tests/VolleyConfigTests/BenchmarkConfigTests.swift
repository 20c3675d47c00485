// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore

/// configs/coba.yaml and configs/cobahh.yaml are the networks of NEST's
/// brette_et_al_2007/coba.py and hh_coba.py (and of shared/anchors/coba_nest.py, cobahh_nest.py).
@Suite struct BenchmarkConfigTests {
    private func load(_ file: String, overrides: [String] = []) throws -> ModelConfig {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("configs/\(file)").path
        return try ConfigLoader.load(path: path, overrides: overrides)
    }

    /// What the two benchmarks share: sizes, NEST's four fixed_indegree Connect calls, the
    /// kick-off onto E[:50], 0.1 ms steps and delays, 1 s.
    private func checkNetwork(_ config: ModelConfig, model: String, we: Double = 6) {
        let net = config.network
        #expect(net.resolution == 0.1 && config.tSim == 1000)
        #expect(net.populations.map(\.name) == ["E", "I"])
        #expect(net.populations.map(\.size) == [3200, 800])
        #expect(net.populations.map(\.model.kind.rawValue) == [model, model])
        #expect(net.populations[0].model == net.populations[1].model)
        #expect(net.populations.allSatisfy { $0.initialMembranePotential == nil })
        #expect(net.projections == [
            ProjectionSpec(sources: [0], targets: [0], rule: .fixedIndegree(64), weight: .constant(we), delay: .constant(0.1)),
            ProjectionSpec(sources: [1], targets: [0], rule: .fixedIndegree(16), weight: .constant(-67), delay: .constant(0.1)),
            ProjectionSpec(sources: [0], targets: [1], rule: .fixedIndegree(64), weight: .constant(we), delay: .constant(0.1)),
            ProjectionSpec(sources: [1], targets: [1], rule: .fixedIndegree(16), weight: .constant(-67), delay: .constant(0.1)),
        ])
        #expect(net.projections.allSatisfy { $0.allowAutapses && $0.allowMultapses })
        #expect(net.devices == [DeviceSpec(name: "stimulus", model: .poissonGenerator(rate: 300, start: 1, stop: 51))])
        #expect(net.deviceConnections == [DeviceConnectionSpec(device: 0, targets: [0], weight: we, delay: 0.1, neurons: 0..<50)])
        #expect(net.recording.spikePopulations == nil)
    }

    @Test func cobaIsNestsCoba() throws {
        let config = try load("coba.yaml")
        #expect(config.network.name == "coba")
        checkNetwork(config, model: "iaf_cond_exp")
        let neuron = config.network.populations[0].model
        let expected: [String: Double] = [
            "E_L": -60, "V_th": -50, "V_reset": -60, "t_ref": 5, "E_ex": 0, "E_in": -80, "C_m": 200, "g_L": 10,
            "tau_syn_ex": 5, "tau_syn_in": 10, "V_m": -70,
        ]
        for (name, value) in expected { #expect(neuron[name] == value, "\(name)") }
    }

    @Test func cobahhIsNestsHHCoba() throws {
        let config = try load("cobahh.yaml")
        #expect(config.network.name == "cobahh")
        checkNetwork(config, model: "hh_cond_exp_traub")
        let neuron = config.network.populations[0].model
        let expected: [String: Double] = [
            "g_Na": 20000, "g_K": 6000, "g_L": 10, "C_m": 200, "E_Na": 50, "E_K": -90, "E_L": -60, "E_ex": 0, "E_in": -80,
            "tau_syn_ex": 5, "tau_syn_in": 10,
        ]
        for (name, value) in expected { #expect(neuron[name] == value, "\(name)") }
    }

    /// `--set parameters.we=7` is coba_nest.py's `--we 7`: every excitatory synapse, the
    /// kick-off's included.
    @Test func theExcitatoryWeightIsOneParameter() throws {
        checkNetwork(try load("coba.yaml", overrides: ["parameters.we=7"]), model: "iaf_cond_exp", we: 7)
        checkNetwork(try load("cobahh.yaml", overrides: ["parameters.we=7"]), model: "hh_cond_exp_traub", we: 7)
    }
}
