// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Edge populations as explicit projections, inline or read from their file by every process.
extension SonataModelBuilder {
    /// The weight functions whose value is `nsyns × syn_weight` (BMTK's built-ins).
    static let weightFunctions: Set<String> = ["wmax", "default_weight_fnc", "set_syn_weight"]

    /// One projection per edge population, each row one connection. A population of
    /// `fileBackedRows` rows or more stays in its file: the spec holds the file's digest and the
    /// recipe, and every process that builds shards reads it (workers on their build thread).
    func readEdges(
        _ files: SonataConfig.EdgeFiles, nodes: [String: NodePopulation], populations: [PopulationSpec],
        relayed: Set<String>, grid: TimeGrid
    ) throws(ConfigError) -> [ProjectionSpec] {
        let types: SonataTypesTable
        let read: [SonataEdgePopulation]
        do {
            types = try SonataTypesTable.read(path: files.edgeTypesFile)
            read = try SonataEdgePopulation.read(file: try HDF5File(path: files.edgesFile))
        } catch {
            throw ConfigError(path: "networks.edges", message: error.description)
        }
        var out: [ProjectionSpec] = []
        for edges in read {
            let at = "\(files.edgesFile): edge population \(edges.name)"
            guard let source = nodes[edges.sourcePopulation] else {
                throw ConfigError(path: "networks.edges", message: "\(at): source node population '\(edges.sourcePopulation)' is not in the circuit")
            }
            guard let target = nodes[edges.targetPopulation] else {
                throw ConfigError(path: "networks.edges", message: "\(at): target node population '\(edges.targetPopulation)' is not in the circuit")
            }
            if target.virtual {
                throw ConfigError(path: "networks.edges", message: "\(at): its targets are virtual nodes, which receive nothing")
            }
            let recipe = SonataEdgeRecipe(
                population: edges.name, sourceIndex: try Self.dense(source), targetIndex: try Self.dense(target),
                sourcePopulation: source.name, targetPopulation: target.name, typesFile: files.edgeTypesFile,
                types: try edgeTypes(of: edges, in: types, file: files.edgeTypesFile), relaySteps: relayed.contains(source.name) ? 1 : 0)
            let list: ConnectionList
            do {
                list = try SonataEdgeRows.rows(of: edges, recipe: recipe, grid: grid)
                _ = try ConnectionTable(list, sources: source.size, targets: target.size, grid: grid)
            } catch let error as FileFormatError {
                throw ConfigError(path: "networks.edges", message: error.description)
            } catch {
                throw ConfigError(path: "networks.edges", message: "\(at): \(error)")
            }
            var rows = ConnectionListSource.inline(list)
            if list.count >= Self.fileBackedRows {
                let digest: (bytes: Int, sha256: String)
                do { digest = try FileDigest.sha256(path: files.edgesFile) } catch {
                    throw ConfigError(path: "networks.edges", message: error.description)
                }
                rows = .file(ConnectionListFile(
                    path: files.edgesFile, bytes: digest.bytes, sha256: digest.sha256, columns: ConnectionListReader.fields,
                    rows: list.count, minDelay: list.delay!.min(), maxDelay: list.delay!.max(), sonata: recipe))
            }
            out.append(ProjectionSpec(
                sources: source.members, targets: target.members, rule: .explicit(rows), weight: .constant(1),
                delay: .constant(grid.resolution)))
        }
        return out
    }

    /// Edge populations of this many rows or more are read from their file by every process.
    static let fileBackedRows = 100_000

    /// A node population's index by node_id, dense (node ids count from 0).
    static func dense(_ p: NodePopulation) throws(ConfigError) -> [UInt32] {
        let largest = p.index.keys.max() ?? -1
        guard largest < Int64(UInt32.max) else {
            throw ConfigError(path: "networks.nodes", message: "population \(p.name): node_id \(largest) is beyond the ids Volley indexes (2³² − 1)")
        }
        var out = [UInt32](repeating: .max, count: Int(largest + 1))
        for (id, i) in p.index where id >= 0 { out[Int(id)] = UInt32(i) }
        return out
    }

    /// The edge types the rows of `edges` use, each checked and with what it gives a row
    /// lacking the column; an id missing from the table is left for the rows to name.
    func edgeTypes(of edges: SonataEdgePopulation, in types: SonataTypesTable, file: String) throws(ConfigError) -> [SonataEdgeType] {
        var seen: Set<Int64> = []
        var out: [SonataEdgeType] = []
        for t in edges.edgeTypeIds where seen.insert(t).inserted {
            guard let row = types.row(typeId: t, column: "edge_type_id") else { continue }
            let what = "\(file): edge type \(t)"
            let synapseDelay = try checkSynapse(row, what: what)
            func number(_ name: String) throws(ConfigError) -> Double? {
                guard let text = row[name] else { return nil }
                guard let x = Double(text) else { throw ConfigError(path: "networks.edges", message: "\(what): \(name) '\(text)' is not a number") }
                return x
            }
            out.append(SonataEdgeType(
                id: t, nsyns: try number("nsyns") ?? 1, synWeight: try number("syn_weight"),
                delay: try number("delay") ?? synapseDelay ?? 1.0))
        }
        return out
    }

    /// PointNet connects with the type's synapse model and its `dynamics_params`; Volley reads
    /// static synapses, whose only parameters are the weight and delay it sets.
    /// Returns the delay the type's `dynamics_params` sets (NEST's syn_spec before BMTK sets its
    /// own), if any.
    func checkSynapse(_ type: [String: String], what: String) throws(ConfigError) -> Double? {
        let template = type["model_template"] ?? "static_synapse"
        let model = template.hasPrefix("nest:") ? String(template.dropFirst(5)) : template
        guard model == "static_synapse" else {
            throw ConfigError(path: "networks.edges", message: "\(what): synapse model '\(template)' is not read; SONATA edges run as static_synapse")
        }
        if let function = type["weight_function"], !Self.weightFunctions.contains(function) {
            throw ConfigError(
                path: "networks.edges",
                message: "\(what): weight_function '\(function)' is user code BMTK would call; only \(Self.weightFunctions.sorted().joined(separator: ", ")) (nsyns × syn_weight) are known")
        }
        guard let file = type["dynamics_params"] else { return nil }
        guard let dir = config.synapticModelsDir else {
            throw ConfigError(path: "components.synaptic_models_dir", message: "\(what) names dynamics_params \(file), but the config has no synaptic_models_dir")
        }
        let params = try numbers(in: dir + "/" + file, what: what)
        if let key = params.keys.sorted().first(where: { $0 != "weight" && $0 != "delay" }) {
            throw ConfigError(path: "networks.edges", message: "\(dir)/\(file): \(key) is not a parameter of static_synapse")
        }
        return params["delay"]
    }
}
