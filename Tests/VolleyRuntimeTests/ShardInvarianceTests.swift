// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyTestKit

/// DESIGN §2: the same spikes and traces whatever the number of shards and threads.
@Suite struct ShardInvarianceTests {
    @Test func everyModelRuleAndDeviceIsShardInvariant() throws {
        let spec = ExampleNetworks.everything()
        let reference = try RunFingerprint.run(spec, seed: 5, tSim: 200, shards: 1, threads: 1)
        #expect(reference.spikes > 200)
        #expect(reference.samples.count == 2 * 2000 + 400)
        for (shards, threads) in [(2, 1), (3, 2), (7, 2), (7, 3)] {
            let other = try RunFingerprint.run(spec, seed: 5, tSim: 200, shards: shards, threads: threads)
            #expect(other == reference, "\(shards) shards on \(threads) threads")
        }
    }

    /// The models integrated per neuron, under NEST's scheme and under RK4: same spikes and every
    /// multimeter sample on any layout (each neuron keeps its own adaptive step size).
    @Test(arguments: [NeuronIntegrator.nest, .rk4(substeps: 4)])
    func everyNonlinearModelIsShardInvariant(integrator: NeuronIntegrator) throws {
        let spec = ExampleNetworks.nonlinear(integrator: integrator)
        let reference = try RunFingerprint.run(spec, seed: 3, tSim: 150, shards: 1, threads: 1)
        #expect(reference.spikes > 300)
        #expect(reference.samples.count == 1500 * 2 * 3 + 750 * 2 + 1500 * 2)
        for (shards, threads) in [(2, 1), (3, 2), (7, 2)] {
            let other = try RunFingerprint.run(spec, seed: 3, tSim: 150, shards: shards, threads: threads)
            #expect(other == reference, "\(shards) shards on \(threads) threads")
        }
    }

    @Test func theSeedMatters() throws {
        let spec = ExampleNetworks.everything()
        let a = try RunFingerprint.run(spec, seed: 5, tSim: 100, shards: 2, threads: 1)
        let b = try RunFingerprint.run(spec, seed: 6, tSim: 100, shards: 2, threads: 1)
        #expect(a.spikesSHA256 != b.spikesSHA256)
    }

    @Test func smallBrunelIsShardInvariant() throws {
        let spec = ExampleNetworks.brunel(order: 100)
        let one = try RunFingerprint.run(spec, seed: 1, tSim: 150, shards: 1, threads: 1)
        #expect(one.spikes > 1000)
        let five = try RunFingerprint.run(spec, seed: 1, tSim: 150, shards: 5, threads: 2)
        #expect(five.spikesSHA256 == one.spikesSHA256)
    }
}
