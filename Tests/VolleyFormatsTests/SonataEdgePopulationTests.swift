// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CHDF5
import Testing
import VolleyFormats
import VolleyTestKit

/// The edge, node and spike readers on small files that break SONATA's rules one at a time.
@Suite("SONATA edge, node and spike file errors")
struct SonataEdgePopulationTests {
    let dir: String

    init() throws { dir = try VolleyProcess.temporaryDirectory() }

    /// A population "p" of 3 edges in two groups, valid unless the arguments break it.
    private func edges(_ name: String, groupIndex: [Int64] = [0, 1, 0], types: [Int64] = [5, 5, 6],
                       sourcePopulation: String? = "a") throws -> String {
        let path = dir + "/\(name).h5"
        let writer = try HDF5TestWriter(path: path)
        try writer.dataset("/edges/p/source_node_id", uint64: [0, 1, 2])
        try writer.dataset("/edges/p/target_node_id", uint64: [2, 2, 0])
        try writer.dataset("/edges/p/edge_type_id", int64: types, storedAs: volley_H5T_STD_I32LE())
        try writer.dataset("/edges/p/edge_group_id", int64: [0, 0, 1], storedAs: volley_H5T_STD_U16LE())
        try writer.dataset("/edges/p/edge_group_index", int64: groupIndex, storedAs: volley_H5T_STD_I32LE())
        try writer.dataset("/edges/p/0/syn_weight", doubles: [-1.5, 2])
        try writer.dataset("/edges/p/0/nsyns", int64: [3, 1], storedAs: volley_H5T_STD_U16LE())
        try writer.stringDataset("/edges/p/0/model_template", ["nest:static_synapse", "stdp"])
        try writer.group("/edges/p/0/dynamics_params")
        try writer.group("/edges/p/1")
        try writer.group("/edges/p/indices/source_to_target")
        if let sourcePopulation { try writer.attribute("node_population", sourcePopulation, on: "/edges/p/source_node_id") }
        try writer.attribute("node_population", "b", on: "/edges/p/target_node_id", variable: false)
        return path
    }

    @Test("groups hold numeric columns; subgroups and other datasets are listed by name; a group without datasets is fine")
    func groups() throws {
        let path = try edges("good")
        let p = try #require(try SonataEdgePopulation.read(file: HDF5File(path: path)).first)
        #expect(p.name == "p" && p.path == path && p.sourcePopulation == "a" && p.targetPopulation == "b")
        #expect(p.edgeTypeIds == [5, 5, 6] && p.edgeGroupIds == [0, 0, 1] && p.edgeGroupIndices == [0, 1, 0])
        #expect(p.groups == [0: ["syn_weight": [-1.5, 2], "nsyns": [3, 1]], 1: [:]])
        #expect(p.groupSubgroups == [0: ["dynamics_params"], 1: []] && p.groupOtherDatasets == [0: ["model_template"], 1: []])
        #expect(p.groupRowCounts == [0: 2])
    }

    @Test("a row whose group index is outside its group is an error naming the 0-based row")
    func badIndex() throws {
        let path = try edges("bad_index", groupIndex: [0, 2, 0])
        #expect(throws: FileFormatError(path: path, reason: "/edges/p row 1: edge_group_index 2 is outside group 0, which has 2 rows")) {
            try SonataEdgePopulation.read(file: HDF5File(path: path))
        }
        let negative = try edges("negative_index", groupIndex: [-1, 1, 0])
        #expect(throws: FileFormatError(path: negative, reason: "/edges/p row 0: edge_group_index -1 is outside group 0, which has 2 rows")) {
            try SonataEdgePopulation.read(file: HDF5File(path: negative))
        }
    }

    @Test("columns of different lengths, and a missing node_population, are errors")
    func badColumns() throws {
        let path = try edges("short_types", types: [5, 5])
        #expect(throws: FileFormatError(path: path, reason: "/edges/p/source_node_id has 3 rows but /edges/p/edge_type_id has 2")) {
            try SonataEdgePopulation.read(file: HDF5File(path: path))
        }
        let anonymous = try edges("anonymous", sourcePopulation: nil)
        #expect(throws: FileFormatError(path: anonymous, reason: "/edges/p/source_node_id has no node_population attribute")) {
            try SonataEdgePopulation.read(file: HDF5File(path: anonymous))
        }
        let nodes = try HDF5File(path: anonymous)
        #expect(throws: FileFormatError(path: anonymous, reason: "no /nodes group: not a SONATA nodes file")) {
            try SonataNodePopulation.read(file: nodes)
        }
    }

    @Test("nodes without a node_id column count from 0; a node_id of the wrong length is an error")
    func nodes() throws {
        let path = dir + "/nodes.h5"
        let writer = try HDF5TestWriter(path: path)
        try writer.dataset("/nodes/b/node_type_id", int64: [1, 1, 2])
        try writer.dataset("/nodes/a/node_type_id", int64: [7])
        try writer.dataset("/nodes/a/node_id", int64: [0, 1])
        #expect(throws: FileFormatError(path: path, reason: "/nodes/a/node_id has 2 rows but /nodes/a/node_type_id has 1")) {
            try SonataNodePopulation.read(file: HDF5File(path: path))
        }
        let fine = dir + "/nodes_fine.h5"
        let other = try HDF5TestWriter(path: fine)
        try other.dataset("/nodes/b/node_type_id", int64: [1, 1, 2])
        try other.dataset("/nodes/a/node_type_id", int64: [7], storedAs: volley_H5T_STD_I8LE())
        let populations = try SonataNodePopulation.read(file: HDF5File(path: fine))
        #expect(populations.map(\.name) == ["a", "b"] && populations[1].nodeIds == [0, 1, 2] && populations[1].nodeTypeIds == [1, 1, 2])
    }

    @Test("spikes: the first population in name order is read; the legacy /spikes/gids layout is an error")
    func spikes() throws {
        let path = dir + "/spikes.h5"
        let writer = try HDF5TestWriter(path: path)
        try writer.dataset("/spikes/zeta/node_ids", int64: [9])
        try writer.dataset("/spikes/zeta/timestamps", doubles: [9])
        try writer.dataset("/spikes/beta/node_ids", uint64: [2, 0])
        try writer.dataset("/spikes/beta/timestamps", doubles: [5.5, 1.25])
        let spikes = try SonataSpikeTrains.read(path: path)
        #expect(spikes.population == "beta" && spikes.nodeIds == [2, 0] && spikes.timestamps == [5.5, 1.25])

        let legacy = dir + "/legacy.h5"
        let old = try HDF5TestWriter(path: legacy)
        try old.dataset("/spikes/gids", int64: [1, 2])
        try old.dataset("/spikes/timestamps", doubles: [0.5, 0.7])
        #expect(throws: FileFormatError(
            path: legacy,
            reason: "the legacy layout /spikes/gids and /spikes/timestamps is not read: write /spikes/<population>/node_ids and timestamps")) {
            try SonataSpikeTrains.read(path: legacy)
        }
        let uneven = dir + "/uneven.h5"
        let third = try HDF5TestWriter(path: uneven)
        try third.dataset("/spikes/p/node_ids", int64: [1, 2])
        try third.dataset("/spikes/p/timestamps", doubles: [0.5])
        #expect(throws: FileFormatError(path: uneven, reason: "/spikes/p/node_ids has 2 rows but /spikes/p/timestamps has 1")) {
            try SonataSpikeTrains.read(path: uneven)
        }
    }
}
