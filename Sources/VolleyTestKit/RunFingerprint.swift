// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyRuntime

/// Runs a network in process without writing files and returns what identifies the run:
/// the canonical spike hash, the spike count, and every multimeter sample with the names of
/// the recordables they index.
public enum RunFingerprint {
    /// The fingerprint of one run.
    public struct Result: Sendable, Equatable {
        public let spikesSHA256: String
        public let spikes: Int
        /// In (stamp, population, neuron, variable) order.
        public let samples: [ProbeSample]
        /// The run's recordables (`RecordingSpec.variables`): a sample's `variable` indexes it.
        public let variables: [String]
        /// `weights_sha256` over the plastic synapses' final state (nil without plasticity).
        public let weightsSHA256: String?
        /// Every weight-recorder record, in canonical order.
        public let weightRecords: [WeightRecord]

        /// The samples of one recordable, e.g. `"g_ex"`.
        public func samples(of variable: String) -> [ProbeSample] {
            guard let v = variables.firstIndex(of: variable) else { return [] }
            return samples.filter { $0.variable == v }
        }
    }

    public static func run(_ spec: NetworkSpec, seed: UInt64, tSim: Double, shards: Int, threads: Int) throws -> Result {
        let network = try CompiledNetwork(spec: spec, seed: seed, shards: shards)
        let simulation = try Simulation(network: network, threads: threads)
        let hasher = SpikeHasher(network: spec, layout: network.layout)
        let collector = SampleCollector()
        var exchange = InMemoryExchange(network: network)
        try simulation.run(steps: network.grid.exactSteps(tSim)!, exchange: &exchange, observers: [hasher, collector])
        let weights = WeightHasher()
        simulation.forEachPlasticChunk { weights.add($0) }
        return Result(
            spikesSHA256: hasher.digest(), spikes: hasher.count, samples: collector.samples, variables: spec.recording.variables,
            weightsSHA256: weights.digest(), weightRecords: collector.weights)
    }

    private final class SampleCollector: EpochSink {
        var samples: [ProbeSample] = []
        var weights: [WeightRecord] = []
        func observe(_ record: EpochRecord) throws {
            samples += record.samples
            weights += record.weights
        }
    }
}
