// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyTestKit
@testable import VolleyCore

/// A `volley_spike_source` population is a `spike_generator` per neuron: its spikes reach their
/// targets exactly when a generator's spikes at the same times do, at any layout.
@Suite struct SpikeSourceTests {
    private let target = try! NeuronModel(kind: .iafPscAlpha, parameters: ["I_e": 300, "tau_syn_ex": 1.0])

    /// Population A driven by a spike generator device at `deviceTimes`, or by a spike-source
    /// population (after A, so A's ids do not move) at `sourceTimes`.
    private func network(deviceTimes: [Double]? = nil, sourceTimes: [Double]? = nil) -> NetworkSpec {
        var spec = NetworkSpec(
            name: "s", populations: [PopulationSpec(name: "A", size: 12, model: target)],
            recording: RecordingSpec(voltmeters: [VoltmeterSpec(population: 0, neurons: [0, 5, 11], interval: 0.1)]))
        if let deviceTimes {
            spec.devices = [DeviceSpec(name: "kick", model: .spikeGenerator(spikeTimes: deviceTimes, spikeWeights: []))]
            spec.deviceConnections = [DeviceConnectionSpec(device: 0, targets: [0], weight: 400, delay: 1.3)]
        }
        if let sourceTimes {
            spec.populations.append(PopulationSpec(
                name: "S", size: 2, model: try! NeuronModel(kind: .volleySpikeSource), spikeTimes: [sourceTimes, []]))
            spec.projections = [ProjectionSpec(
                sources: [1], targets: [0], rule: .explicit(.inline(ConnectionList(source: Array(repeating: 0, count: 12), target: (0..<12).map(UInt32.init)))),
                weight: .constant(400), delay: .constant(1.3))]
        }
        return spec
    }

    @Test func aSpikeSourceActsAsASpikeGenerator() throws {
        let times = [3.0, 3.0, 40.5, 99.9, 150.2]
        let device = try RunFingerprint.run(network(deviceTimes: times), seed: 1, tSim: 200, shards: 1, threads: 1)
        for (shards, threads) in [(1, 1), (2, 1), (3, 2)] {
            let source = try RunFingerprint.run(network(sourceTimes: times.reversed()), seed: 1, tSim: 200, shards: shards, threads: threads)
            #expect(source.samples == device.samples, "shards \(shards), threads \(threads)")
            #expect(source.spikes == device.spikes + times.count, "the source's own spikes are counted too")
        }
    }

    /// NEST stamps a precise time at the smallest grid time ≥ t, in µs tics.
    @Test func offGridTimesFireAtTheNextGridTime() throws {
        let device = try RunFingerprint.run(network(deviceTimes: [0.3, 1.0, 40.5]), seed: 1, tSim: 60, shards: 1, threads: 1)
        let source = try RunFingerprint.run(network(sourceTimes: [0.30000000000000004, 0.9000000000000001, 40.43]), seed: 1, tSim: 60,
                                            shards: 1, threads: 1)
        #expect(source.samples == device.samples)
    }

    @Test func stampsAreNESTs() {
        let grid = TimeGrid(resolution: 0.1)!
        #expect(grid.stampSteps(0.30000000000000004) == 3)
        #expect(grid.stampSteps(0.9000000000000001) == 10)
        #expect(grid.stampSteps(250.0) == 2500)
        #expect(grid.stampSteps(1e-9) == 1)
        #expect(grid.stampSteps(0.852) == 9)
        #expect(grid.stampSteps(496.981) == 4970)
    }

    @Test func badTimesAreRefused() {
        var spec = network(sourceTimes: [1, -2])
        #expect(throws: CompileError("population S: neuron 0: spike time -2.0 ms must be positive and finite")) {
            try CompiledNetwork(spec: spec, seed: 1, shards: 1)
        }
        spec.populations[1].spikeTimes = [[1]]
        #expect(throws: CompileError("population S: spike_times has 1 lists for 2 neurons")) { try CompiledNetwork(spec: spec, seed: 1, shards: 1) }
    }

    /// Listed initial potentials reach each neuron, whichever shard owns it: only the neuron
    /// started above threshold fires at once.
    @Test func listedInitialPotentialsReachEachNeuron() throws {
        var spec = NetworkSpec(name: "v", populations: [PopulationSpec(name: "A", size: 5, model: try NeuronModel(kind: .iafPscDelta))])
        spec.populations[0].membranePotentials = [-70, -70, -70, -54, -70]
        for shards in [1, 3] {
            let run = try RunFingerprint.run(spec, seed: 1, tSim: 1, shards: shards, threads: 1)
            #expect(run.spikes == 1, "shards \(shards)")
        }
    }
}
