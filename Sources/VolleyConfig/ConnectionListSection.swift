// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Reads the `conn_spec` of `rule: explicit`: its `columns` and its `rows`, inline or from a
/// `.npy` file, and checks every row as the engine will (ids in range, finite weights, delays
/// that round to at least one step), so that a bad row stops the load, named by file and row.
struct ConnectionListSection {
    let fields: FieldReader
    let grid: TimeGrid
    let baseDirectory: String

    func read(
        _ spec: MappingReader, sources: Int, targets: Int, synapse: SynapseModel, at path: String
    ) throws(ConfigError) -> ConnectionListSource {
        let columns = try self.columns(spec["columns"], at: path.key("columns"))
        let rowsPath = path.key("rows")
        guard let rows = spec["rows"] else {
            throw ConfigError(path: rowsPath, message: "rule explicit needs rows: a list of [\(columns.joined(separator: ", "))] rows, or {file: NAME.npy}")
        }
        if rows.entries != nil {
            let map = try MappingReader(rows, at: rowsPath)
            try map.allowOnly(["file"])
            let filePath = rowsPath.key("file")
            let name = try fields.name(try map.required("file"), at: filePath)
            let full = name.hasPrefix("/") ? name : URL(fileURLWithPath: baseDirectory, isDirectory: true).appendingPathComponent(name).path
            let loaded: ConnectionListReader.Loaded
            do { loaded = try ConnectionListReader.npy(path: full, columns: columns) } catch {
                throw ConfigError(path: filePath, message: "\(name): \(error.reason)")
            }
            try check(loaded.list, sources: sources, targets: targets, synapse: synapse, at: filePath, file: name)
            let delays = loaded.list.delay ?? []
            return .file(ConnectionListFile(
                path: full, bytes: loaded.bytes, sha256: loaded.sha256, columns: columns, rows: loaded.list.count,
                minDelay: delays.min(), maxDelay: delays.max()))
        }
        guard let elements = rows.elements else {
            throw ConfigError(path: rowsPath, message: "rows must be a list of rows or {file: NAME.npy}, not \(rows.kindName)")
        }
        var list = ConnectionList(
            source: [], target: [], weight: columns.contains("weight") ? [] : nil, delay: columns.contains("delay") ? [] : nil)
        for (r, row) in elements.enumerated() {
            let rowPath = rowsPath.index(r)
            guard let cells = row.elements, cells.count == columns.count else {
                throw ConfigError(path: rowPath, message: "a row must be a list of \(columns.count) numbers [\(columns.joined(separator: ", "))]")
            }
            for (c, name) in columns.enumerated() {
                let cellPath = rowPath.index(c)
                switch name {
                case "source": list.source.append(try id(cells[c], at: cellPath))
                case "target": list.target.append(try id(cells[c], at: cellPath))
                case "weight": list.weight!.append(try fields.number(cells[c], at: cellPath))
                default: list.delay!.append(try fields.number(cells[c], at: cellPath))
                }
            }
        }
        try check(list, sources: sources, targets: targets, synapse: synapse, at: rowsPath, file: nil)
        return .inline(list)
    }

    /// A source or target index: a whole number below 2³² (global ids are 32-bit).
    private func id(_ node: ConfigNode, at path: String) throws(ConfigError) -> UInt32 {
        let i = try fields.integer(node, at: path)
        guard i < Int(UInt32.max) else { throw ConfigError(path: path, message: "\(path.lastKey) \(i) is beyond the largest neuron id (2³² − 2)") }
        return UInt32(i)
    }

    private func columns(_ node: ConfigNode?, at path: String) throws(ConfigError) -> [String] {
        guard let node else { return ConnectionListReader.fields }
        let names = try fields.names(node, at: path)
        for name in names where !ConnectionListReader.fields.contains(name) {
            throw ConfigError(path: path, message: "unknown column '\(name)' (known: \(ConnectionListReader.fields.joined(separator: ", ")))")
        }
        guard Set(names).count == names.count else { throw ConfigError(path: path, message: "a column is named twice") }
        guard names.contains("source"), names.contains("target") else {
            throw ConfigError(path: path, message: "columns must include source and target")
        }
        return names
    }

    /// The engine's own row checks, run now so that the load fails rather than the build.
    private func check(
        _ list: ConnectionList, sources: Int, targets: Int, synapse: SynapseModel, at path: String, file: String?
    ) throws(ConfigError) {
        do {
            _ = try ConnectionTable(list, sources: sources, targets: targets, grid: grid)
        } catch {
            throw ConfigError(path: path, message: (file.map { "\($0): " } ?? "") + error.description)
        }
        // The rows' own weights against the synapse (NEST: weight and Wmax of one sign), by row.
        for (r, w) in (list.weight ?? []).enumerated() {
            do throws(SynapseParameterError) { try synapse.checkWeight(w) } catch {
                guard case .invalidValue(_, let reason) = error else { continue }
                throw ConfigError(path: file == nil ? path.index(r) : path, message: (file.map { "\($0): row \(r): " } ?? "") + reason)
            }
        }
    }
}
