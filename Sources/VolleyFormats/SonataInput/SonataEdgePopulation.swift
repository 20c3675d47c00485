// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One edge population of a SONATA edges file.
///
/// Row r's own properties are `groups[edgeGroupIds[r]][column][edgeGroupIndices[r]]`; the
/// rest come from the edge types table, by `edgeTypeIds[r]`.
public struct SonataEdgePopulation: Sendable {
    public let name: String
    /// The edges file, for messages.
    public let path: String
    /// The attribute node_population of source_node_id.
    public let sourcePopulation: String
    /// The attribute node_population of target_node_id.
    public let targetPopulation: String
    public let sourceNodeIds: [Int64]
    public let targetNodeIds: [Int64]
    /// Local to the edge types table paired with the file.
    public let edgeTypeIds: [Int64]
    public let edgeGroupIds: [Int64]
    public let edgeGroupIndices: [Int64]
    /// Per group id: its columns (dataset name → values as Double), e.g. groups[2]["delay"].
    /// Only numeric 1-D datasets; subgroups like dynamics_params are listed by name in groupSubgroups.
    public let groups: [Int64: [String: [Double]]]
    /// Per group id: the names of its subgroups, in name order.
    public let groupSubgroups: [Int64: [String]]
    /// Per group id: the names of its datasets that are not numeric columns (strings, say), in
    /// name order, so a reader can refuse a per-edge property it does not take.
    public let groupOtherDatasets: [Int64: [String]]
    /// Per group id: its number of rows, the length of its datasets; absent for a group with none.
    public let groupRowCounts: [Int64: Int]

    /// The populations under /edges, in name order, each validated.
    public static func read(file: HDF5File) throws(FileFormatError) -> [SonataEdgePopulation] {
        guard file.isGroup("/edges") else {
            throw FileFormatError(path: file.path, reason: "no /edges group: not a SONATA edges file")
        }
        var populations: [SonataEdgePopulation] = []
        for name in try file.members(of: "/edges") {
            let population = try read(name, from: file)
            try population.validate()
            populations.append(population)
        }
        return populations
    }

    private static func read(_ name: String, from file: HDF5File) throws(FileFormatError) -> SonataEdgePopulation {
        let base = "/edges/\(name)"
        func fail(_ reason: String) -> FileFormatError { FileFormatError(path: file.path, reason: reason) }
        guard file.isGroup(base) else { throw fail("\(base) is not a group (an edge population)") }
        let sources = try file.integers(base + "/source_node_id")
        let targets = try file.integers(base + "/target_node_id")
        let types = try file.integers(base + "/edge_type_id")
        let groupIds = try file.integers(base + "/edge_group_id")
        let groupIndices = try file.integers(base + "/edge_group_index")
        let lengths = [("target_node_id", targets.count), ("edge_type_id", types.count),
                       ("edge_group_id", groupIds.count), ("edge_group_index", groupIndices.count)]
        for (column, length) in lengths where length != sources.count {
            throw fail("\(base)/source_node_id has \(sources.count) rows but \(base)/\(column) has \(length)")
        }
        func population(of column: String) throws(FileFormatError) -> String {
            guard let value = try file.stringAttribute("node_population", of: base + "/" + column) else {
                throw fail("\(base)/\(column) has no node_population attribute")
            }
            return value
        }
        var groups: [Int64: [String: [Double]]] = [:]
        var subgroups: [Int64: [String]] = [:]
        var others: [Int64: [String]] = [:]
        var rowCounts: [Int64: Int] = [:]
        // Groups are the members named by a number; "indices" and the like are not groups.
        for member in try file.members(of: base) where file.isGroup(base + "/" + member) {
            guard member.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(member) else { continue }
            let group = base + "/" + member
            var columns: [String: [Double]] = [:]
            var inner: [String] = [], other: [String] = []
            var lengthOwner: (String, Int)?
            for column in try file.members(of: group) {
                let dataset = group + "/" + column
                if file.isGroup(dataset) { inner.append(column); continue }
                let length = try file.count(dataset)
                if let (first, rows) = lengthOwner, rows != length {
                    throw fail("in group \(group), column \(first) has \(rows) rows but \(column) has \(length)")
                }
                lengthOwner = lengthOwner ?? (column, length)
                if file.isNumericColumn(dataset) { columns[column] = try file.doubles(dataset) } else { other.append(column) }
            }
            groups[id] = columns
            subgroups[id] = inner
            others[id] = other
            if let (_, rows) = lengthOwner { rowCounts[id] = rows }
        }
        return SonataEdgePopulation(
            name: name, path: file.path, sourcePopulation: try population(of: "source_node_id"),
            targetPopulation: try population(of: "target_node_id"), sourceNodeIds: sources, targetNodeIds: targets,
            edgeTypeIds: types, edgeGroupIds: groupIds, edgeGroupIndices: groupIndices, groups: groups,
            groupSubgroups: subgroups, groupOtherDatasets: others, groupRowCounts: rowCounts)
    }

    /// Checks that every row's (edge_group_id, edge_group_index) points inside its group's
    /// columns; the first bad row is the error. `read` has called it already.
    public func validate() throws(FileFormatError) {
        let base = "/edges/\(name)"
        for row in edgeGroupIds.indices {
            let id = edgeGroupIds[row], index = edgeGroupIndices[row]
            guard groups[id] != nil else {
                throw FileFormatError(path: path, reason: "\(base) row \(row): edge_group_id \(id) names no group \(base)/\(id)")
            }
            // A group without datasets has nothing to index: every row of it takes the types table's values.
            guard let rows = groupRowCounts[id] else { continue }
            guard index >= 0 && index < rows else {
                throw FileFormatError(
                    path: path, reason: "\(base) row \(row): edge_group_index \(index) is outside group \(id), which has \(rows) rows")
            }
        }
    }
}
