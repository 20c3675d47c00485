// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyRuntime
import VolleyTestKit

/// DESIGN §2 for plastic synapses: weights are updated on the target's shard in canonical spike
/// order, so spikes, final weights and every weight-recorder record are the same on any layout.
@Suite struct PlasticInvarianceTests {
    @Test func spikesAndWeightsAreTheSameOnEveryLayout() throws {
        let spec = ExampleNetworks.plastic()
        let reference = try RunFingerprint.run(spec, seed: 8, tSim: 300, shards: 1, threads: 1)
        #expect(reference.spikes > 200)
        #expect(reference.weightsSHA256 != nil)
        #expect(reference.weightRecords.count > 200)
        // The weights moved: STDP changed some of the drawn initial weights.
        #expect(Set(reference.weightRecords.map(\.weight)).count > 100)
        for (shards, threads) in [(3, 1), (7, 2), (4, 3)] {
            let other = try RunFingerprint.run(spec, seed: 8, tSim: 300, shards: shards, threads: threads)
            #expect(other.spikesSHA256 == reference.spikesSHA256, "\(shards) shards on \(threads) threads")
            #expect(other.weightsSHA256 == reference.weightsSHA256, "\(shards) shards on \(threads) threads")
            #expect(other.weightRecords == reference.weightRecords, "\(shards) shards on \(threads) threads")
        }
    }

    @Test func theSeedChangesSpikesAndWeights() throws {
        let spec = ExampleNetworks.plastic()
        let a = try RunFingerprint.run(spec, seed: 8, tSim: 150, shards: 2, threads: 1)
        let b = try RunFingerprint.run(spec, seed: 9, tSim: 150, shards: 2, threads: 1)
        #expect(a.spikesSHA256 != b.spikesSHA256)
        #expect(a.weightsSHA256 != b.weightsSHA256)
    }

    /// The weights depend on the plasticity: the same network with static synapses ends with
    /// other spikes (the plastic path is not a no-op).
    @Test func plasticityChangesTheRun() throws {
        var spec = ExampleNetworks.plastic()
        let plastic = try RunFingerprint.run(spec, seed: 8, tSim: 200, shards: 1, threads: 1)
        for p in spec.projections.indices { spec.projections[p].synapse = .staticSynapse }
        spec.recording.weightRecorders = []
        let fixed = try RunFingerprint.run(spec, seed: 8, tSim: 200, shards: 1, threads: 1)
        #expect(fixed.weightsSHA256 == nil)
        #expect(fixed.spikesSHA256 != plastic.spikesSHA256)
    }
}
