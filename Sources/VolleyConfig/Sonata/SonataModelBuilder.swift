// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Turns a SONATA point-neuron circuit into a Volley model the way BMTK PointNet turns it into
/// NEST (docs/sonata.md): one population per (node population, node type), reported under the
/// node population and `node_id`; virtual nodes as spike sources fed by the spike-file inputs;
/// each edge row as one connection of weight `nsyns × syn_weight`. What PointNet would run
/// differently, or Volley cannot run, is refused by name: a `ConfigError`, exit status 2.
struct SonataModelBuilder {
    let config: SonataConfig

    /// A node population as Volley populations, one per node type.
    private struct NodePopulation {
        let name: String
        var virtual: Bool
        /// Volley population indices, in the order they are concatenated for edges.
        var members: [Int] = []
        /// node_id → index in the concatenation of `members`.
        var index: [Int64: Int] = [:]
        var size = 0
    }

    func build(name: String, seed: UInt64) throws(ConfigError) -> ModelConfig {
        if let simulator = config.targetSimulator, simulator.uppercased() != "NEST" {
            throw error("target_simulator", "\(simulator) circuits are not read; Volley runs circuits the way BMTK PointNet runs them on NEST")
        }
        guard let dt = config.dt, let tstop = config.tstop else { throw error("run", "run needs dt and tstop (ms)") }
        guard let grid = TimeGrid(resolution: dt) else { throw error("run.dt", "dt \(dt) ms is not a positive whole number of microseconds") }
        guard let steps = grid.exactSteps(tstop), steps > 0 else {
            throw error("run.tstop", "tstop \(tstop) ms must be positive and a multiple of dt \(dt) ms")
        }
        if !config.reports.isEmpty {
            throw error("reports", "reports (\(config.reports.joined(separator: ", "))) are not written; spikes are (spikes.csv, and spikes.h5 with --record sonata)")
        }
        if config.nodes.isEmpty { throw error("networks.nodes", "the circuit has no node files") }

        var populations: [PopulationSpec] = []
        var nodes: [String: NodePopulation] = [:]
        for files in config.nodes {
            for (p, spec) in try readNodes(files) {
                guard nodes[p.name] == nil else {
                    throw error("networks.nodes", "node population '\(p.name)' is defined twice (\(files.nodesFile))")
                }
                var p = p
                p.members = Array(populations.count..<(populations.count + spec.count))
                populations += spec
                nodes[p.name] = p
            }
        }
        let relayed = try attachInputs(to: &populations, nodes: nodes, grid: grid)
        var projections: [ProjectionSpec] = []
        for files in config.edges {
            projections += try readEdges(files, nodes: nodes, populations: populations, relayed: relayed, grid: grid)
        }

        let recorded = populations.indices.filter { populations[$0].model.kind != .volleySpikeSource }
        let network = NetworkSpec(
            name: name, resolution: dt, populations: populations, projections: projections,
            recording: RecordingSpec(spikePopulations: recorded))
        return ModelConfig(network: network, tSim: tstop, seed: seed)
    }

    private func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(path: key, message: message + " (\(config.path))")
    }

    // MARK: Nodes

    /// The node populations of one nodes file, each with its Volley populations.
    private func readNodes(_ files: SonataConfig.NodeFiles) throws(ConfigError) -> [(NodePopulation, [PopulationSpec])] {
        let types: SonataTypesTable
        let file: HDF5File
        let read: [SonataNodePopulation]
        do {
            types = try SonataTypesTable.read(path: files.nodeTypesFile)
            file = try HDF5File(path: files.nodesFile)
            read = try SonataNodePopulation.read(file: file)
        } catch {
            throw ConfigError(path: "networks.nodes", message: error.description)
        }
        var out: [(NodePopulation, [PopulationSpec])] = []
        for population in read {
            var typeOrder: [Int64] = []
            var byType: [Int64: [Int]] = [:]
            for (row, t) in population.nodeTypeIds.enumerated() {
                if byType[t] == nil { typeOrder.append(t) }
                byType[t, default: []].append(row)
            }
            var specs: [PopulationSpec] = []
            var virtualTypes = 0
            var node = NodePopulation(name: population.name, virtual: false)
            for t in typeOrder {
                guard let row = types.row(typeId: t) else {
                    throw ConfigError(path: "networks.nodes", message: "\(files.nodesFile): population \(population.name): node_type_id \(t) is not in \(files.nodeTypesFile)")
                }
                let rows = byType[t]!
                let ids = rows.map { population.nodeIds[$0] }
                let modelType = row["model_type"] ?? ""
                let what = "\(files.nodeTypesFile): node type \(t)"
                let name = typeOrder.count == 1 ? population.name : "\(population.name):\(t)"
                let reported = ReportedIdentity(population: population.name, nodeIds: ids.map { Int($0) })
                let identity = typeOrder.count == 1 && ids.elementsEqual(0..<Int64(ids.count)) ? nil : reported
                switch modelType {
                case "virtual":
                    virtualTypes += 1
                    specs.append(PopulationSpec(
                        name: name, size: ids.count, model: try! NeuronModel(kind: .volleySpikeSource),
                        spikeTimes: Array(repeating: [], count: ids.count), reportedAs: identity))
                case "point_neuron", "point_process":
                    specs.append(PopulationSpec(name: name, size: ids.count, model: try neuronModel(row, what: what), reportedAs: identity))
                default:
                    throw ConfigError(
                        path: "networks.nodes",
                        message: "\(what): model_type '\(modelType)' cannot run here; Volley runs point neurons (point_neuron, point_process) and virtual nodes")
                }
                for id in ids {
                    guard node.index[id] == nil else {
                        throw ConfigError(path: "networks.nodes", message: "\(files.nodesFile): population \(population.name): node_id \(id) appears twice")
                    }
                    node.index[id] = node.size
                    node.size += 1
                }
            }
            if virtualTypes > 0 && virtualTypes < typeOrder.count {
                throw ConfigError(
                    path: "networks.nodes",
                    message: "\(files.nodesFile): population \(population.name) mixes virtual and simulated node types; BMTK PointNet keeps them apart")
            }
            node.virtual = virtualTypes > 0
            out.append((node, specs))
        }
        return out
    }

    /// A node type's NEST model with its `dynamics_params` verbatim; NEST's defaults fill the
    /// rest, as PointNet's `nest.Create(model, n, params)` leaves them.
    private func neuronModel(_ row: [String: String], what: String) throws(ConfigError) -> NeuronModel {
        guard let template = row["model_template"] else { throw ConfigError(path: "networks.nodes", message: "\(what) has no model_template") }
        guard template.hasPrefix("nest:") else {
            throw ConfigError(path: "networks.nodes", message: "\(what): model_template '\(template)' is not a NEST model (nest:<model>)")
        }
        let modelName = String(template.dropFirst(5))
        guard let kind = NeuronModelKind(rawValue: modelName), kind != .volleySpikeSource else {
            let known = NeuronModelKind.allCases.filter { $0 != .volleySpikeSource }.map(\.rawValue)
            throw ConfigError(
                path: "networks.nodes",
                message: "\(what): NEST model '\(modelName)' is not one Volley has\(NameSuggester.hint(for: modelName, among: known)) (it has \(known.joined(separator: ", ")))")
        }
        var parameters: [String: Double] = [:]
        var source = ""
        if let file = row["dynamics_params"] {
            guard let dir = config.pointNeuronModelsDir else {
                throw ConfigError(path: "components.point_neuron_models_dir", message: "\(what) names dynamics_params \(file), but the config has no point_neuron_models_dir")
            }
            source = dir + "/" + file
            parameters = try numbers(in: source, what: what)
        }
        do {
            return try NeuronModel(kind: kind, parameters: parameters)
        } catch {
            switch error {
            case .unknownParameter(let name, _, let known):
                throw ConfigError(path: "networks.nodes", message: "\(source): \(NameSuggester.unknownKey(name, where: "for \(modelName)", known: known))")
            case .invalidValue(let name, let reason):
                throw ConfigError(path: "networks.nodes", message: "\(source): \(name): \(reason)")
            }
        }
    }

    /// A JSON object of numbers (a `dynamics_params` file).
    private func numbers(in path: String, what: String) throws(ConfigError) -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: "networks.nodes", message: "\(what): cannot read its dynamics_params file \(path)")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw ConfigError(path: "networks.nodes", message: "\(path): not JSON: \(error)")
        }
        guard case .object(let members) = value else { throw ConfigError(path: "networks.nodes", message: "\(path): not a JSON object") }
        var out: [String: Double] = [:]
        for (key, v) in members {
            switch v {
            case .number(let x): out[key] = x
            case .integer(let x): out[key] = Double(x)
            default:
                throw ConfigError(path: "networks.nodes", message: "\(path): \(key) is \(v.compact()), not a number; only numeric NEST parameters are read")
            }
        }
        return out
    }

    // MARK: Inputs

    /// Spike-file inputs onto virtual node populations: each node's times. Returns the virtual
    /// populations whose block relays them through parrot neurons (`use_parrot_neurons`).
    private func attachInputs(
        to populations: inout [PopulationSpec], nodes: [String: NodePopulation], grid: TimeGrid
    ) throws(ConfigError) -> Set<String> {
        var fed: [String: String] = [:]
        var relayed: Set<String> = []
        for input in config.inputs {
            let key = "inputs.\(input.name)"
            guard input.inputType == "spikes" else {
                throw error(key, "input_type '\(input.inputType ?? "none")' is not read; spike-file inputs (input_type: spikes) are")
            }
            guard let module = input.module, ["sonata", "h5", "hdf5"].contains(module) else {
                throw error(key, "module '\(input.module ?? "none")' is not read; SONATA spike files (module: sonata or h5) are")
            }
            guard let file = input.inputFile else { throw error(key, "input_file is missing") }
            let trains: SonataSpikeTrains
            do { trains = try SonataSpikeTrains.read(path: file) } catch { throw ConfigError(path: key, message: error.description) }
            for set in try inputPopulations(input, nodes: nodes) {
                guard let target = nodes[set], target.virtual else {
                    throw error(key, "node_set names population '\(set)', which is not a population of virtual nodes")
                }
                // PointNet gives a population the spikes of its first block only, yet connects its
                // edges once per block: a second block would double every input weight.
                if let first = fed[set] {
                    throw error(key, "population '\(set)' is fed by input '\(first)' already; BMTK PointNet would keep that block's spikes and connect the population's edges twice")
                }
                fed[set] = input.name
                // A parrot neuron per edge row, reached after one step, relays every spike it gets
                // (NEST's parrot repeats a step's spikes): the edges' delays grow by one step.
                if input.useParrotNeurons { relayed.insert(set) }
                try attach(trains, file: file, to: target, in: &populations, key: key)
            }
        }
        return relayed
    }

    /// The node populations an input's `node_set` names, as PointNet resolves it for spike
    /// inputs: a set of the node-sets file, else a population's own name, or an inline set;
    /// a set's `population`/`populations` (all populations without one). Its other filters
    /// do not narrow a spike input in PointNet: every node of the populations takes its times.
    private func inputPopulations(_ input: SonataConfig.Input, nodes: [String: NodePopulation]) throws(ConfigError) -> [String] {
        let key = "inputs.\(input.name)"
        var filter: JSONValue
        if let name = input.nodeSet {
            if let set = try nodeSets()[name] {
                filter = set
            } else if nodes[name] != nil {
                return [name]
            } else if name == "all" {
                return nodes.keys.sorted()  // PointNet's own set of every node
            } else {
                throw error(key, "node_set '\(name)' is neither a set of \(config.nodeSetsFile ?? "the node-sets file (none given)") nor a node population")
            }
        } else if case .object(let members) = input.raw, let inline = members.first(where: { $0.0 == "node_set" })?.1 {
            filter = inline
        } else {
            throw error(key, "node_set is missing")
        }
        if case .array = filter { filter = .object([]) }
        guard case .object(let members) = filter else { throw error(key, "node_set \(filter.compact()) is not a node set") }
        guard let named = members.first(where: { $0.0 == "population" || $0.0 == "populations" })?.1 else {
            return nodes.keys.sorted()
        }
        switch named {
        case .string(let one): return [one]
        case .array(let many):
            return try many.map { (v: JSONValue) throws(ConfigError) -> String in
                guard case .string(let name) = v else { throw error(key, "node_set population \(v.compact()) is not a name") }
                return name
            }
        default: throw error(key, "node_set population \(named.compact()) is not a name")
        }
    }

    /// The node-sets file's sets by name (none without a file).
    private func nodeSets() throws(ConfigError) -> [String: JSONValue] {
        guard let path = config.nodeSetsFile else { return [:] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw error("node_sets_file", "cannot read \(path)")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch let failure {
            throw error("node_sets_file", "\(path): not JSON: \(failure)")
        }
        guard case .object(let members) = value else { throw error("node_sets_file", "\(path): not a JSON object") }
        return Dictionary(members, uniquingKeysWith: { _, last in last })
    }

    /// Each node's times from `trains` (the first population of the spike file, as BMTK).
    private func attach(
        _ trains: SonataSpikeTrains, file: String, to target: NodePopulation, in populations: inout [PopulationSpec], key: String
    ) throws(ConfigError) {
        for (i, id) in trains.nodeIds.enumerated() {
            // BMTK ignores spikes of ids the population does not have.
            guard let at = target.index[id] else { continue }
            let t = trains.timestamps[i]
            guard t > 0, t.isFinite else {
                throw ConfigError(path: key, message: "\(file): spike \(i) of node \(id) is at \(t) ms; input spike times must be positive")
            }
            var k = at
            for m in target.members {
                if k < populations[m].size {
                    populations[m].spikeTimes![k].append(t)
                    break
                }
                k -= populations[m].size
            }
        }
    }

    // MARK: Edges

    /// The weight functions whose value is `nsyns × syn_weight` (BMTK's built-ins).
    static let weightFunctions: Set<String> = ["wmax", "default_weight_fnc", "set_syn_weight"]

    /// One projection per edge population, each row one connection. A population of
    /// `fileBackedRows` rows or more stays in its file: the spec holds the file's digest and the
    /// recipe, and every process that builds shards reads it (workers on their build thread).
    private func readEdges(
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
    private static func dense(_ p: NodePopulation) throws(ConfigError) -> [UInt32] {
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
    private func edgeTypes(of edges: SonataEdgePopulation, in types: SonataTypesTable, file: String) throws(ConfigError) -> [SonataEdgeType] {
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
    private func checkSynapse(_ type: [String: String], what: String) throws(ConfigError) -> Double? {
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
