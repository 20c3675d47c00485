// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyFormats

/// The raw readers on BMTK's example circuit (Fixtures/sonata_example): every number here was
/// read from the files with h5py and matches the circuit's README.
@Suite("SONATA input readers on the BMTK example")
struct SonataInputTests {
    @Test("the simulation config loads from a copy, with every path inside the copy")
    func config() throws {
        let root = try SonataFixture.copy()
        let config = try SonataConfig.load(path: root + "/simulation_config.json")
        #expect(config.path == root + "/simulation_config.json")
        #expect(config.targetSimulator == "NEST")
        #expect(config.tstop == 500 && config.dt == 0.1 && config.tstart == 0)
        #expect(config.nodes == [
            .init(nodesFile: root + "/network/net_nodes.h5", nodeTypesFile: root + "/network/net_node_types.csv"),
            .init(nodesFile: root + "/network/input_nodes.h5", nodeTypesFile: root + "/network/input_node_types.csv"),
        ])
        #expect(config.edges == [
            .init(edgesFile: root + "/network/net_net_edges.h5", edgeTypesFile: root + "/network/net_net_edge_types.csv"),
            .init(edgesFile: root + "/network/input_net_edges.h5", edgeTypesFile: root + "/network/input_net_edge_types.csv"),
        ])
        #expect(config.pointNeuronModelsDir == root + "/components/point_neuron_models")
        #expect(config.synapticModelsDir == root + "/components/synaptic_models")
        #expect(config.inputs.count == 1)
        let input = try #require(config.inputs.first)
        #expect(input.name == "input_spikes" && input.inputType == "spikes" && input.module == "sonata")
        #expect(input.inputFile == root + "/inputs/input_spikes.h5" && input.nodeSet == "input" && !input.useParrotNeurons)
        #expect(input.raw["input_file"] == .string(root + "/inputs/input_spikes.h5"))
        #expect(config.outputDir == root + "/output" && config.spikesFile == "spikes.h5")
        #expect(config.reports == [] && config.nodeSetsFile == nil)

        // The circuit config alone: the same files, and no run.
        let circuit = try SonataConfig.load(path: root + "/circuit_config.json")
        #expect(circuit.nodes == config.nodes && circuit.edges == config.edges && circuit.synapticModelsDir == config.synapticModelsDir)
        #expect(circuit.tstop == nil && circuit.inputs.isEmpty)
    }

    @Test("the types tables: NULL is absent, every column is text, rows are found by type id")
    func typesTables() throws {
        let edges = try SonataTypesTable.read(path: SonataFixture.file("network/net_net_edge_types.csv"))
        #expect(edges.columns == ["edge_type_id", "target_query", "source_query", "model_template", "dynamics_params", "delay", "syn_weight"])
        #expect(edges.rows.count == 4)
        let inhToExc = try #require(edges.row(typeId: 102, column: "edge_type_id"))
        #expect(inhToExc["delay"] == nil && inhToExc["syn_weight"] == nil && inhToExc["dynamics_params"] == "InhToExc.json")
        let excToInh = try #require(edges.row(typeId: 101, column: "edge_type_id"))
        #expect(excToInh["delay"] == "1.0" && excToInh["syn_weight"] == nil && excToInh["model_template"] == "nest:static_synapse")
        #expect(edges.row(typeId: 100, column: "edge_type_id")?["syn_weight"] == "18.0")
        #expect(edges.row(typeId: 103, column: "edge_type_id")?["target_query"] == "ei=='i'")
        #expect(edges.row(typeId: 104, column: "edge_type_id") == nil)

        let inputEdges = try SonataTypesTable.read(path: SonataFixture.file("network/input_net_edge_types.csv"))
        #expect(inputEdges.row(typeId: 100, column: "edge_type_id")?["weight_function"] == "wmax")
        #expect(inputEdges.row(typeId: 101, column: "edge_type_id")?["weight_function"] == nil)

        let nodes = try SonataTypesTable.read(path: SonataFixture.file("network/net_node_types.csv"))
        #expect(nodes.row(typeId: 100)?["dynamics_params"] == "exc_iaf_psc_alpha.json")
        #expect(nodes.row(typeId: 101)?["model_template"] == "nest:iaf_psc_alpha")
        #expect(nodes.row(typeId: 101)?["model_type"] == "point_neuron")
        let virtual = try SonataTypesTable.read(path: SonataFixture.file("network/input_node_types.csv"))
        #expect(virtual.rows == [["node_type_id": "100", "model_type": "virtual", "ei": "e", "pop_name": "input"]])
    }

    @Test("nodes: net has 200 cells, 160 of type 100 then 40 of type 101; input has 50 virtual nodes")
    func nodes() throws {
        let net = try SonataNodePopulation.read(file: HDF5File(path: SonataFixture.file("network/net_nodes.h5")))
        #expect(net.map(\.name) == ["net"])
        #expect(net[0].nodeTypeIds == Array(repeating: 100, count: 160) + Array(repeating: 101, count: 40))
        #expect(net[0].nodeIds == Array(0..<200))
        let input = try SonataNodePopulation.read(file: HDF5File(path: SonataFixture.file("network/input_nodes.h5")))
        #expect(input.map(\.name) == ["input"])
        #expect(input[0].nodeTypeIds == Array(repeating: 100, count: 50) && input[0].nodeIds == Array(0..<50))
    }

    /// Per edge type of `population`: its rows, and the sum of nsyns over its rows in group 0.
    private func tally(_ population: SonataEdgePopulation) -> [Int64: (rows: Int, nsyns: Double)] {
        var tally: [Int64: (rows: Int, nsyns: Double)] = [:]
        let nsyns = population.groups[0]?["nsyns"] ?? []
        for row in population.edgeTypeIds.indices {
            var entry = tally[population.edgeTypeIds[row], default: (0, 0)]
            entry.rows += 1
            if population.edgeGroupIds[row] == 0 { entry.nsyns += nsyns[Int(population.edgeGroupIndices[row])] }
            tally[population.edgeTypeIds[row]] = entry
        }
        return tally
    }

    /// The value of `column` for every row of edge type `type`, through its group and index.
    private func values(_ column: String, ofType type: Int64, in population: SonataEdgePopulation) -> [Double] {
        population.edgeTypeIds.indices.compactMap { row in
            guard population.edgeTypeIds[row] == type else { return nil }
            return population.groups[population.edgeGroupIds[row]]?[column]?[Int(population.edgeGroupIndices[row])]
        }
    }

    @Test("net_to_net: 5702 rows in three groups; rows, nsyns, weights and delays per edge type")
    func recurrentEdges() throws {
        let populations = try SonataEdgePopulation.read(file: HDF5File(path: SonataFixture.file("network/net_net_edges.h5")))
        #expect(populations.map(\.name) == ["net_to_net"])
        let edges = populations[0]
        #expect(edges.sourcePopulation == "net" && edges.targetPopulation == "net")
        #expect(edges.sourceNodeIds.count == 5702 && edges.targetNodeIds.count == 5702 && edges.edgeTypeIds.count == 5702)
        #expect(Array(edges.sourceNodeIds.prefix(5)) == [55, 163, 163, 57, 132] && Array(edges.targetNodeIds.prefix(5)) == [0, 0, 0, 0, 0])
        #expect(edges.groups.keys.sorted() == [0, 1, 2])
        #expect(edges.groups[0]?.keys.sorted() == ["nsyns"] && edges.groups[1]?.keys.sorted() == ["syn_weight"])
        #expect(edges.groups[2]?.keys.sorted() == ["delay", "syn_weight"])
        #expect(edges.groupRowCounts == [0: 2338, 1: 981, 2: 2383])
        #expect(edges.groupSubgroups == [0: [], 1: [], 2: []] && edges.groupOtherDatasets == [0: [], 1: [], 2: []])
        let tally = tally(edges)
        #expect(tally.keys.sorted() == [100, 101, 102, 103])
        #expect(tally[100]?.rows == 1997 && tally[101]?.rows == 981 && tally[102]?.rows == 2383 && tally[103]?.rows == 341)
        #expect(tally[100]?.nsyns == 3984 && tally[103]?.nsyns == 506)
        let excToInh = values("syn_weight", ofType: 101, in: edges)
        #expect(excToInh.count == 981 && excToInh.allSatisfy { (20...40).contains($0) })
        let inhToExc = values("syn_weight", ofType: 102, in: edges)
        #expect(inhToExc.count == 2383 && inhToExc.allSatisfy { (-100 ... -60).contains($0) })
        let delays = values("delay", ofType: 102, in: edges)
        #expect(delays.count == 2383 && delays.min() == 0.5 && delays.max() == 3.0)
        #expect(delays.contains(0.73) && delays.contains(2.64))
    }

    @Test("input_to_net: 1993 rows from input to net, all in group 0, with Σnsyns 2410 and 589")
    func inputEdges() throws {
        let populations = try SonataEdgePopulation.read(file: HDF5File(path: SonataFixture.file("network/input_net_edges.h5")))
        #expect(populations.map(\.name) == ["input_to_net"])
        let edges = populations[0]
        #expect(edges.sourcePopulation == "input" && edges.targetPopulation == "net")
        #expect(edges.edgeTypeIds.count == 1993 && Set(edges.edgeGroupIds) == [0])
        let tally = tally(edges)
        #expect(tally[100]?.rows == 1609 && tally[101]?.rows == 384)
        #expect(tally[100]?.nsyns == 2410 && tally[101]?.nsyns == 589)
        #expect(edges.sourceNodeIds.allSatisfy { (0..<50).contains($0) } && edges.targetNodeIds.allSatisfy { (0..<200).contains($0) })
    }

    @Test("input spikes: 565 for population input, from 0.852 to 496.981 ms, in file order")
    func spikes() throws {
        let spikes = try SonataSpikeTrains.read(path: SonataFixture.file("inputs/input_spikes.h5"))
        #expect(spikes.population == "input")
        #expect(spikes.nodeIds.count == 565 && spikes.timestamps.count == 565)
        #expect(spikes.timestamps.min() == 0.8518296467004812 && spikes.timestamps.max() == 496.98060037982253)
        #expect(Array(spikes.nodeIds.prefix(5)) == [11, 46, 33, 12, 38] && spikes.nodeIds.last == 8)
        #expect(spikes.nodeIds.allSatisfy { (0..<50).contains($0) })
        // The grid-exact volley at 250 ms onto every fifth node.
        #expect(spikes.timestamps.filter { $0 == 250.0 }.count == 10)
    }
}
