// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore

/// configs/hpc_benchmark.yaml is NEST's hpc_benchmark.py; configs/conditioning.yaml expands its
/// task into one generator per sensory parrot with the schedule of docs/conditioning.md.
@Suite struct PlasticConfigFilesTests {
    private func load(_ file: String, overrides: [String] = []) throws -> ModelConfig {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("configs/\(file)").path
        return try ConfigLoader.load(path: path, overrides: overrides)
    }

    @Test func hpcBenchmarkIsNESTsScript() throws {
        let net = try load("hpc_benchmark.yaml").network
        #expect(net.populations.map(\.size) == [9000, 2250])
        #expect(net.populations.allSatisfy { $0.model.kind == .iafPscAlpha && $0.model["tau_minus"] == 30 })
        // NEST's convert_synapse_weight(tau_m, tau_syn, C_m) * 0.14 mV, to the last digits.
        let je = try #require(net.projections[0].weight.constantValue)
        #expect(abs(je - 45.609600316540956) < 1e-9)
        #expect(net.projections.map(\.synapse.kind) == [.stdpPLSynapseHom, .staticSynapse, .staticSynapse, .staticSynapse])
        #expect(net.projections.map(\.rule) == [.fixedIndegree(9000), .fixedIndegree(2250), .fixedIndegree(9000), .fixedIndegree(2250)])
        let stdp = net.projections[0].synapse
        #expect(stdp["alpha"] == 0.0513 && stdp["lambda"] == 0.1 && stdp["mu"] == 0.4 && stdp["tau_plus"] == 15)
        #expect(net.projections.allSatisfy { !$0.allowAutapses && $0.allowMultapses && $0.delay == .constant(1.5) })
        let small = try load("hpc_benchmark.yaml", overrides: ["parameters.scale=0.05"]).network
        #expect(small.populations.map(\.size) == [450, 112])
        #expect(small.projections[0].rule == .fixedIndegree(9000))
    }

    @Test func conditioningExpandsIntoOneGeneratorPerParrot() throws {
        let config = try load("conditioning.yaml")
        let net = config.network
        guard case .conditioning(let task)? = net.task else { Issue.record("no conditioning task"); return }
        #expect(net.neuronCount == 960)
        let generators = net.devices.filter { $0.name.hasPrefix("task_") }
        #expect(generators.count == 3 * 8 * 20)
        // Every bell parrot of the paired arm spikes in each of its test cues and trials, once.
        let d = task.draws()
        #expect(d.permutation.sorted() == [0, 1, 2, 3])
        #expect(!d.permutation.enumerated().contains { $0.offset == $0.element })
        #expect(d.before.sorted() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
        for device in generators where device.name.hasPrefix("task_paired_bell2_") {
            guard case .spikeGenerator(let times, _) = device.model else { continue }
            #expect(times.count == 9)
            for (i, onset) in (d.before.indices.filter { d.before[$0] == 2 }.map { task.beforeOnset($0) }).enumerated() {
                #expect(times[i] >= onset && times[i] <= onset + 4.9 + 1e-9)
            }
        }
        #expect(task.end <= config.tSim)
        // --seed (the file's simulation.seed while loading) draws another schedule.
        let other = try load("conditioning.yaml", overrides: ["simulation.seed=12345"])
        guard case .conditioning(let otherTask)? = other.network.task else { return }
        #expect(otherTask.draws() != d)
    }
}
