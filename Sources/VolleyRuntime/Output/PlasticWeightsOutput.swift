// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// What a run with plastic synapses leaves at its end: `weights_sha256` over every plastic
/// synapse's final weight (see `WeightHasher`) and, with an output folder, `weights.h5` (see
/// `PlasticWeightsFile`).
enum PlasticWeightsOutput {
    /// Hashes (and writes) the final weights of `simulation`'s plastic synapses; nil when the
    /// model has none.
    static func finish(
        _ simulation: Simulation, network: CompiledNetwork, outDirectory: String?
    ) throws -> (sha256: String, synapses: Int, bytes: Int)? {
        let spec = network.spec
        guard spec.projections.contains(where: { $0.synapse.kind.isPlastic }) else { return nil }
        let hasher = WeightHasher()
        let file = try outDirectory.map { try PlasticWeightsFile(path: $0 + "/weights.h5", spec: spec) }
        try simulation.forEachPlasticChunk { chunk in
            hasher.add(chunk)
            try file?.append(
                projection: chunk.projection, source: chunk.source, target: chunk.target, delay: chunk.delay, weight: chunk.weight,
                state: chunk.state)
        }
        try file?.close()
        return (hasher.digest() ?? SHA256.empty, simulation.localPlasticSynapseCount, simulation.localPlasticSynapseBytes)
    }
}
