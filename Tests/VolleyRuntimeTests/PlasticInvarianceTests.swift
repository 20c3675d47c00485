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

/// A plastic weight that starts at 0 grows with its rule's sign: its spikes must reach the
/// excitatory channel (NEST picks the channel from the transmitted weight's sign).
@Suite struct PlasticChannelTests {
    @Test func aZeroStartingWeightFeedsTheExcitatoryChannel() throws {
        let stdp = try SynapseModel(kind: .stdpSynapse, parameters: ["Wmax": 100, "lambda": 0.5])
        let spec = NetworkSpec(
            name: "zero-start",
            populations: [
                PopulationSpec(name: "P", size: 1, model: try NeuronModel(kind: .parrotNeuron)),
                PopulationSpec(name: "F", size: 1, model: try NeuronModel(kind: .iafPscExp)),
            ],
            devices: [
                DeviceSpec(name: "pre", model: .spikeGenerator(spikeTimes: (1...40).map { Double($0) * 20 }, spikeWeights: [])),
                DeviceSpec(name: "teacher", model: .spikeGenerator(spikeTimes: (1...40).map { Double($0) * 20 + 3 }, spikeWeights: [])),
            ],
            projections: [
                ProjectionSpec(sources: [0], targets: [1], rule: .oneToOne, weight: .constant(0), delay: .constant(1), synapse: stdp),
            ],
            deviceConnections: [
                DeviceConnectionSpec(device: 0, targets: [0], weight: 1, delay: 1),
                DeviceConnectionSpec(device: 1, targets: [1], weight: 8000, delay: 1),
            ],
            recording: RecordingSpec(
                voltmeters: [VoltmeterSpec(population: 1, neurons: [0], interval: 0.1, recordFrom: ["I_syn_ex", "I_syn_in"])],
                weightRecorders: [0]))
        let run = try RunFingerprint.run(spec, seed: 1, tSim: 820, shards: 1, threads: 1)
        #expect(run.weightRecords.first?.weight == 0)
        #expect((run.weightRecords.last?.weight ?? 0) > 10, "the pairings potentiate: \(run.weightRecords.map(\.weight))")
        #expect(run.samples(of: "I_syn_in").allSatisfy { $0.value == 0 })
        // The teacher's current is excitatory too; the plastic one shows between the teacher's
        // decays as I_syn_ex rising without a teacher spike (it arrives 2 ms before the teacher's).
        #expect(run.samples(of: "I_syn_ex").contains { $0.value > 0 })
        let early = run.samples(of: "I_syn_ex").filter { $0.stamp % 200 == 30 && $0.stamp > 4000 }
        #expect(early.contains { $0.value > 1 }, "no plastic current reached I_syn_ex")
    }
}
