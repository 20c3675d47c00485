// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A SONATA spike file (an input to virtual nodes).
public struct SonataSpikeTrains: Sendable {
    /// The first group under /spikes in name order; BMTK reads that one and ignores its name.
    public let population: String
    /// In file order, which is not necessarily sorted.
    public let nodeIds: [Int64]
    /// In ms, whatever the `units` attribute says (as BMTK); in file order.
    public let timestamps: [Double]

    /// Reads `/spikes/<population>/{node_ids,timestamps}`; the legacy /spikes/gids layout is an error.
    public static func read(path: String) throws(FileFormatError) -> SonataSpikeTrains {
        let file = try HDF5File(path: path)
        guard file.isGroup("/spikes") else {
            throw FileFormatError(path: path, reason: "no /spikes group: not a SONATA spike file")
        }
        if file.exists("/spikes/gids") {
            throw FileFormatError(
                path: path,
                reason: "the legacy layout /spikes/gids and /spikes/timestamps is not read: write /spikes/<population>/node_ids and timestamps")
        }
        var population: String?
        for member in try file.members(of: "/spikes") where file.isGroup("/spikes/" + member) {
            population = member
            break
        }
        guard let population else { throw FileFormatError(path: path, reason: "/spikes holds no population group") }
        let base = "/spikes/" + population
        let nodeIds = try file.integers(base + "/node_ids")
        let timestamps = try file.doubles(base + "/timestamps")
        guard nodeIds.count == timestamps.count else {
            throw FileFormatError(path: path, reason: "\(base)/node_ids has \(nodeIds.count) rows but \(base)/timestamps has \(timestamps.count)")
        }
        return SonataSpikeTrains(population: population, nodeIds: nodeIds, timestamps: timestamps)
    }
}
