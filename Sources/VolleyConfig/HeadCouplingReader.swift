// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads an entry of `connections` with a head population at one end: spikes into heads
/// (population -> head), activations into neurons (head -> population) or into other heads
/// (head -> head), told apart by what the source and target name.
struct HeadCouplingReader {
    let fields: FieldReader
    let grid: TimeGrid
    let populations: [PopulationSpec]
    let heads: [HeadPopulationSpec]
    let matrices: MatrixReader
    let names: ModelNames

    /// One coupling, of the kind its ends decide.
    enum Coupling {
        case spikeToHead(SpikeHeadCoupling)
        case activationToNeurons(ActivationNeuronCoupling)
        case activationToHead(ActivationHeadCoupling)
    }

    /// What one end of a coupling names.
    private enum End {
        case population(Int)
        case head(Int)
    }

    func isHead(_ name: String) -> Bool { heads.contains { $0.name == name } }

    func coupling(_ map: MappingReader, sources: [String], targets: [String], at path: String) throws(ConfigError) -> Coupling {
        let source = try end(sources, role: "source", at: path.key("source"))
        let target = try end(targets, role: "target", at: path.key("target"))
        switch (source, target) {
        case (.population(let p), .head(let h)):
            try map.allowOnly(["source", "target", "row", "neurons_per_row", "delay"], context: "for a connection from a population to a head population")
            return .spikeToHead(try spikeToHead(p, h, map, at: path))
        case (.head(let h), .population(let p)):
            try map.allowOnly(["source", "target", "readout", "delay"], context: "for a connection from a head population to a population")
            let readoutPath = path.key("readout")
            let readout = try matrices.matrix(try map.required("readout", hint: " (1 or n_target rows × the source's output)"), at: readoutPath)
            let n = populations[p].size, width = heads[h].outputDimension
            guard (readout.rows == 1 || readout.rows == n) && readout.columns == width else {
                throw ConfigError(
                    path: readoutPath,
                    message: "readout must be 1 × \(width) (for every neuron) or \(n) × \(width) (one row per neuron of \(populations[p].name)) to read \(heads[h].name)'s output of \(width), got \(readout.rows) × \(readout.columns)")
            }
            return .activationToNeurons(ActivationNeuronCoupling(source: h, target: p, readout: readout, delay: try delay(map, at: path)))
        case (.head(let s), .head(let t)):
            try map.allowOnly(["source", "target", "projection", "delay"], context: "for a connection between head populations")
            return .activationToHead(try headToHead(s, t, map, at: path))
        case (.population, .population):
            // Not reached: the caller sends only connections that name a head population.
            throw ConfigError(path: path, message: "a connection between populations needs no head coupling")
        }
    }

    private func end(_ list: [String], role: String, at path: String) throws(ConfigError) -> End {
        guard list.count == 1 else {
            if let head = list.first(where: isHead) {
                throw ConfigError(path: path, message: "head population '\(head)' must be the only \(role) of its connection")
            }
            throw ConfigError(path: path, message: "a connection with a head population at one end takes one \(role) population, not a list")
        }
        let name = list[0]
        if let h = heads.firstIndex(where: { $0.name == name }) { return .head(h) }
        if let p = populations.firstIndex(where: { $0.name == name }) { return .population(p) }
        if names.kind(of: name) == "device" {
            throw ConfigError(path: path, message: "'\(name)' is a device; devices connect to neuron populations only, not to head populations")
        }
        let known = populations.map(\.name) + heads.map(\.name)
        _ = try names.index(of: name, in: known, kind: "population or head population", at: path)
        throw ConfigError(path: path, message: "unknown population or head population '\(name)'")
    }

    private func spikeToHead(_ p: Int, _ h: Int, _ map: MappingReader, at path: String) throws(ConfigError) -> SpikeHeadCoupling {
        let row = try map["row"].map { n throws(ConfigError) in try fields.integer(n, at: path.key("row")) } ?? 0
        let perRow = try map["neurons_per_row"].map { n throws(ConfigError) in try fields.integer(n, at: path.key("neurons_per_row"), minimum: 1) } ?? 1
        let n = populations[p].size, head = heads[h]
        let rows = head.embedding?.rows ?? head.inputDimension
        // Neuron i selects row `row + i / perRow`; the last neuron selects the highest.
        if n > 0 {
            let last = row + (n - 1) / perRow
            guard last < rows else {
                let at = map["row"] != nil ? path.key("row") : map["neurons_per_row"] != nil ? path.key("neurons_per_row") : path
                let embedding = head.embedding == nil ? "identity embedding" : "embedding"
                throw ConfigError(
                    path: at,
                    message: "the \(n) neurons of \(populations[p].name) select rows \(row) to \(last) of \(head.name)'s \(embedding), which has \(rows) rows (0 to \(rows - 1))")
            }
        }
        return SpikeHeadCoupling(source: p, target: h, firstRow: row, neuronsPerRow: perRow, delay: try delay(map, at: path))
    }

    private func headToHead(_ s: Int, _ t: Int, _ map: MappingReader, at path: String) throws(ConfigError) -> ActivationHeadCoupling {
        let source = heads[s], target = heads[t]
        let projectionPath = path.key("projection")
        var projection: Matrix?
        if let node = map["projection"], node.scalarValue?.text != "identity", node.scalarValue?.kind != .null {
            let m = try matrices.matrix(node, at: projectionPath)
            try MatrixReader.checkShape(
                m, rows: target.inputDimension, columns: source.outputDimension,
                meaning: "\(target.name)'s input × \(source.name)'s output", at: projectionPath)
            projection = m
        } else if target.inputDimension != source.outputDimension {
            throw ConfigError(
                path: map["projection"] == nil ? path : projectionPath,
                message: "the identity passes \(source.name)'s output (\(source.outputDimension)) as \(target.name)'s input (\(target.inputDimension)); they differ, so give projection: a \(target.inputDimension) × \(source.outputDimension) matrix")
        }
        return ActivationHeadCoupling(source: s, target: t, projection: projection, delay: try delay(map, at: path))
    }

    /// ms, default 1 as NEST's static_synapse; positive and on the step grid.
    private func delay(_ map: MappingReader, at path: String) throws(ConfigError) -> Double {
        let d = try map["delay"].map { n throws(ConfigError) in try fields.number(n, at: path.key("delay")) } ?? 1.0
        try grid.checkDelay(d, at: path.key("delay"))
        return d
    }
}
