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
    struct NodePopulation {
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
        let relayed = try attachInputs(to: &populations, nodes: nodes)
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

    func error(_ key: String, _ message: String) -> ConfigError {
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
    func neuronModel(_ row: [String: String], what: String) throws(ConfigError) -> NeuronModel {
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
    func numbers(in path: String, what: String) throws(ConfigError) -> [String: Double] {
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
}
