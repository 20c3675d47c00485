// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyRuntime

/// Runs a network in process without writing files and returns what identifies the run:
/// the canonical spike hash, the spike count, and every voltmeter sample.
public enum RunFingerprint {
    /// The fingerprint of one run.
    public struct Result: Sendable, Equatable {
        public let spikesSHA256: String
        public let spikes: Int
        public let samples: [ProbeSample]
    }

    public static func run(_ spec: NetworkSpec, seed: UInt64, tSim: Double, shards: Int, threads: Int) throws -> Result {
        let network = try CompiledNetwork(spec: spec, seed: seed, shards: shards)
        let simulation = try Simulation(network: network, threads: threads)
        let hasher = SpikeHasher(network: spec, layout: network.layout)
        let collector = SampleCollector()
        var exchange = InMemoryExchange(network: network)
        try simulation.run(steps: network.grid.exactSteps(tSim)!, exchange: &exchange, observers: [hasher, collector])
        return Result(spikesSHA256: hasher.digest(), spikes: hasher.count, samples: collector.samples)
    }

    private final class SampleCollector: EpochObserver {
        var samples: [ProbeSample] = []
        func observe(_ record: EpochRecord) throws { samples += record.samples }
    }
}
