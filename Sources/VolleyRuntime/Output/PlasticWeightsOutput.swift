// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyTap

/// What a run with plastic synapses leaves at its end: `weights_sha256` over every plastic
/// synapse's final weight (see `WeightHasher`) and, with an output folder, `weights.h5`: one
/// group per plastic projection with each synapse's source, target, delay, weight and state.
enum PlasticWeightsOutput {
    /// Hashes (and writes) the final weights of `simulation`'s plastic synapses; nil when the
    /// model has none.
    static func finish(
        _ simulation: Simulation, network: CompiledNetwork, outDirectory: String?
    ) throws -> (sha256: String, synapses: Int, bytes: Int)? {
        let spec = network.spec
        let plastic = spec.projections.indices.filter { spec.projections[$0].synapse.kind.isPlastic }
        guard !plastic.isEmpty else { return nil }
        let hasher = WeightHasher()
        let writer = try outDirectory.map { try PlasticWeightsWriter(path: $0 + "/weights.h5") }
        var open: Int?
        try simulation.forEachPlasticChunk { chunk in
            hasher.add(chunk)
            guard let writer else { return }
            if open != chunk.projection {
                if open != nil { try writer.endProjection() }
                try begin(chunk.projection, spec: spec, writer: writer)
                open = chunk.projection
            }
            try writer.append(source: chunk.source, target: chunk.target, delay: chunk.delay, weight: chunk.weight, state: chunk.state)
        }
        if let writer {
            if open != nil { try writer.endProjection() }
            // Projections without a synapse (e.g. an empty rule) still get their group.
            for p in plastic where !(hasher.parts.contains { $0.projection == p }) {
                try begin(p, spec: spec, writer: writer)
                try writer.endProjection()
            }
            try writer.close(attributes: [
                ("model", spec.name), ("volley_version", volleyVersion),
                ("id_convention", "source and target are 0-based global neuron ids: populations in file order, each from its first neuron"),
                ("order", "by target, then source, delay and generation order"),
            ])
        }
        return (hasher.digest() ?? SHA256.empty, simulation.localPlasticSynapseCount, simulation.localPlasticSynapseBytes)
    }

    /// The group of projection `p`: `<index>_<sources>_to_<targets>` (population names joined by `+`).
    private static func begin(_ p: Int, spec: NetworkSpec, writer: PlasticWeightsWriter) throws {
        let projection = spec.projections[p]
        let names = { (ps: [Int]) in ps.map { spec.populations[$0].name }.joined(separator: "+") }
        try writer.beginProjection(
            name: "\(p)_\(names(projection.sources))_to_\(names(projection.targets))", index: p,
            synapseModel: projection.synapse.kind.rawValue, stateVariables: projection.synapse.kind.stateVariables)
    }
}
