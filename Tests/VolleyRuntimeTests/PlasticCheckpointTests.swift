// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore
import VolleyRuntime
import VolleyTestKit

/// Issue 15 for plastic synapses: weights, the rules' state per source, the post histories and
/// the plastic input already transmitted for steps after the cut are saved by global id, so a
/// resumed run on any layout continues bit-identically (spikes, weight records, final weights).
@Suite struct PlasticCheckpointTests {
    typealias Resume = CheckpointResumeTests

    /// `ExampleNetworks.plastic()` with E and F driven above threshold from scattered starting
    /// potentials, so that the post histories fill up (the example's sit below it until input comes).
    static func busyPlastic() throws -> NetworkSpec {
        var spec = ExampleNetworks.plastic()
        spec.populations[1].model = try NeuronModel(kind: .iafPscAlpha, parameters: ["I_e": 420, "tau_minus": 25])
        spec.populations[2].model = try NeuronModel(kind: .iafPscExp, parameters: ["I_e": 440, "tau_minus": 15])
        for p in [1, 2] { spec.populations[p].initialMembranePotential = .uniform(min: -70, max: -56) }
        return spec
    }

    /// STDP (drawn delays), the power law and tsodyks2 on 3 shards × 2 threads, checkpointed every
    /// 25 ms; resumed from three cuts on 1, 3 × 2 and 5 shards.
    @Test func plasticNetworksResumeBitIdenticallyOnAnyLayout() throws {
        let spec = try Self.busyPlastic()
        let root = try Resume.folder("plastic")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let plain = try Resume.run(spec, seed: 8, tSim: 120, shards: 2, threads: 1, out: root + "/plain")
        #expect(plain.spikes > 400)
        let weightsHash = try #require(plain.summary["weights_sha256"])
        let weightRecords = try #require(Resume.bytes(root + "/plain/weights.csv"))
        #expect(weightRecords.count > 10_000, "the weight recorder recorded")

        let settings = CheckpointSettings(directory: root + "/ck", everyMs: 25)
        let checkpointed = try Resume.run(
            spec, seed: 8, tSim: 120, shards: 3, threads: 2, out: root + "/ckpt", checkpoint: settings)
        #expect(checkpointed.spikesSHA256 == plain.spikesSHA256, "checkpointing changed the run")
        #expect(checkpointed.summary["weights_sha256"] == weightsHash, "checkpointing changed the weights")
        #expect(CheckpointStore.complete(in: settings.directory).map(\.name) == ["25", "50", "75", "100"])

        for (at, shards, threads) in [(50.0, 1, 1), (75.0, 3, 2), (25.0, 5, 1)] {
            let loaded = try CheckpointStore.open(settings.directory, at: at)
            // Every part of the plastic state is exercised, not only the weights.
            let parts = loaded.shardStates.compactMap(\.plastic)
            #expect(parts.count == 3)
            #expect(parts.contains { !$0.input.value.isEmpty }, "plastic input in flight at \(at)")
            #expect(parts.reduce(0) { $0 + $1.histories.entryTimes.count } > 50, "post histories at \(at)")
            #expect(Set(parts.flatMap { $0.projections.map(\.projection) }) == [0, 1, 2])

            let out = root + "/r\(Int(at))"
            let resumed = try Resume.run(
                spec, seed: 8, tSim: 120, shards: shards, threads: threads, out: out, resume: loaded)
            #expect(resumed.spikesSHA256 == plain.spikesSHA256, "resumed at \(at) on \(shards) shards")
            for file in ["spikes.csv", "weights.csv"] {
                let same = Resume.bytes(out + "/" + file) == Resume.bytes(root + "/plain/" + file)
                #expect(same, "\(file) resumed at \(at)")
            }
            for key in ["spikes_sha256", "weights_sha256", "plastic_synapses", "spikes", "populations"] {
                #expect(resumed.summary[key] == plain.summary[key], "summary.json \(key), resumed at \(at)")
            }
        }
    }

    /// The plastic synapses of a network restored from a checkpoint onto another layout are the
    /// checkpointed network's, synapse by synapse (weight and per-source state).
    @Test func restoredWeightsAreTheSavedOnes() throws {
        let spec = ExampleNetworks.plastic()
        let network = try CompiledNetwork(spec: spec, seed: 4, shards: 4)
        let root = try Resume.folder("plastic-restore")
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try Resume.run(spec, seed: 4, tSim: 60, shards: 4, threads: 2, out: root + "/a",
                           checkpoint: CheckpointSettings(directory: root + "/ck", everyMs: 30))
        let loaded = try CheckpointStore.open(root + "/ck", at: 30)

        // The state at the cut, straight from the run: a fresh run to the same step.
        let reference = try Simulation(network: network, threads: 1)
        var exchange = InMemoryExchange(network: network)
        try reference.run(steps: loaded.manifest.step, exchange: &exchange, observers: [])
        let saved = reference.plasticSynapses()
        #expect(saved.count > 500)

        for shards in [1, 3, 7] {
            let other = try CompiledNetwork(spec: spec, seed: 4, shards: shards)
            let restored = try Simulation(network: other, threads: 2, resume: try loaded.resumePoint(network: other))
            let got = restored.plasticSynapses()
            #expect(got.count == saved.count)
            #expect(got.elementsEqual(saved) { a, b in
                a.projection == b.projection && a.source == b.source && a.target == b.target && a.delay == b.delay
                    && a.weight.bitPattern == b.weight.bitPattern
                    && a.state.map(\.bitPattern) == b.state.map(\.bitPattern)
            }, "\(shards) shards")
        }
    }
}
