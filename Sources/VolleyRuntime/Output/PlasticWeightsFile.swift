// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// `weights.h5` of a model: its plastic projections' final synapses, appended in canonical
/// order (projection by projection, each by target), one group per plastic projection — also
/// for a projection without a synapse. In process and in the coordinator alike.
public final class PlasticWeightsFile {
    private let spec: NetworkSpec
    private let writer: PlasticWeightsWriter
    private var open: Int?
    private var written = Set<Int>()

    public init(path: String, spec: NetworkSpec) throws {
        self.spec = spec
        writer = try PlasticWeightsWriter(path: path)
    }

    /// Appends synapses of projection `projection`; projections must come in ascending order,
    /// each whole before the next.
    public func append(projection: Int, source: [UInt32], target: [UInt32], delay: [Double], weight: [Double], state: [[Double]]) throws {
        guard !weight.isEmpty else { return }
        if open != projection {
            if open != nil { try writer.endProjection() }
            try begin(projection)
            open = projection
        }
        try writer.append(source: source, target: target, delay: delay, weight: weight, state: state)
    }

    /// Ends the file: empty groups for plastic projections that had no synapse, the attributes.
    public func close() throws {
        if open != nil { try writer.endProjection() }
        open = nil
        for p in spec.projections.indices where spec.projections[p].synapse.kind.isPlastic && !written.contains(p) {
            try begin(p)
            try writer.endProjection()
        }
        try writer.close(attributes: [
            ("model", spec.name), ("volley_version", volleyVersion),
            ("id_convention", "source and target are 0-based global neuron ids: populations in file order, each from its first neuron"),
            ("order", "by target, then source, delay and generation order"),
        ])
    }

    /// The group of projection `p`: `<index>_<sources>_to_<targets>` (population names joined by `+`).
    private func begin(_ p: Int) throws {
        let projection = spec.projections[p]
        let names = { (ps: [Int]) in ps.map { self.spec.populations[$0].name }.joined(separator: "+") }
        try writer.beginProjection(
            name: "\(p)_\(names(projection.sources))_to_\(names(projection.targets))", index: p,
            synapseModel: projection.synapse.kind.rawValue, stateVariables: projection.synapse.kind.stateVariables)
        written.insert(p)
    }
}
