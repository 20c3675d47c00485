// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One node population of a SONATA nodes file.
///
/// Only what a point-neuron simulator reads from the h5 file: BMTK PointNet takes model and
/// parameters from the node types table, never from the node groups.
public struct SonataNodePopulation: Sendable {
    public let name: String
    /// One per node, in file order; local to the node types table paired with the file.
    public let nodeTypeIds: [Int64]
    /// The node_id column if present, else 0..<n.
    public let nodeIds: [Int64]

    /// The populations under /nodes, in name order.
    public static func read(file: HDF5File) throws(FileFormatError) -> [SonataNodePopulation] {
        guard file.isGroup("/nodes") else {
            throw FileFormatError(path: file.path, reason: "no /nodes group: not a SONATA nodes file")
        }
        var populations: [SonataNodePopulation] = []
        for name in try file.members(of: "/nodes") {
            let base = "/nodes/\(name)"
            guard file.isGroup(base) else {
                throw FileFormatError(path: file.path, reason: "\(base) is not a group (a node population)")
            }
            let types = try file.integers(base + "/node_type_id")
            var ids = Array(0..<Int64(types.count))
            if file.exists(base + "/node_id") {
                ids = try file.integers(base + "/node_id")
                guard ids.count == types.count else {
                    throw FileFormatError(
                        path: file.path, reason: "\(base)/node_id has \(ids.count) rows but \(base)/node_type_id has \(types.count)")
                }
                // Outputs report node ids as unsigned integers, as SONATA defines them.
                if let row = ids.firstIndex(where: { $0 < 0 || $0 >= Int64(UInt32.max) }) {
                    throw FileFormatError(path: file.path, reason: "\(base)/node_id row \(row) is \(ids[row]), outside 0…2³² − 2")
                }
            }
            populations.append(SonataNodePopulation(name: name, nodeTypeIds: types, nodeIds: ids))
        }
        return populations
    }
}
