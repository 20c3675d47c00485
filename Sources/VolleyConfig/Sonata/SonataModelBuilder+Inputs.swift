// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Spike-file inputs: which virtual populations a block feeds, and their spike times.
extension SonataModelBuilder {
    /// Spike-file inputs onto virtual node populations: each node's times. Returns the virtual
    /// populations whose block relays them through parrot neurons (`use_parrot_neurons`).
    func attachInputs(
        to populations: inout [PopulationSpec], nodes: [String: NodePopulation]
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
    func inputPopulations(_ input: SonataConfig.Input, nodes: [String: NodePopulation]) throws(ConfigError) -> [String] {
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
    func nodeSets() throws(ConfigError) -> [String: JSONValue] {
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
    func attach(
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
}
