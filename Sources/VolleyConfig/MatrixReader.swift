// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Reads matrices — head weights, embeddings, readouts, projections — given inline as a list of
/// rows (numbers or expressions), as `{file: path.npy}` relative to the model file's folder, or,
/// for head weights, as `{seeded: std}`; and checks their shapes against what they multiply.
struct MatrixReader {
    let fields: FieldReader
    /// The folder relative paths are read from: the model file's.
    let baseDirectory: String

    /// A given matrix: a list of rows, one row (a list of numbers), or `{file: path.npy}`.
    func matrix(_ node: ConfigNode, at path: String) throws(ConfigError) -> Matrix {
        if node.entries != nil {
            let map = try MappingReader(node, at: path)
            try map.allowOnly(["file"])
            return try file(try map.required("file", hint: " (the path of a .npy file), or give the matrix as a list of rows"), at: path.key("file"))
        }
        guard let elements = node.elements else {
            throw ConfigError(path: path, message: "\(path.lastKey) must be a list of rows or {file: path.npy}, not \(node.kindName)")
        }
        guard !elements.isEmpty else { throw ConfigError(path: path, message: "\(path.lastKey) must have at least one row") }
        // A flat list of numbers is one row, as a 1-D .npy file is.
        if elements.allSatisfy({ $0.elements == nil }) {
            var values: [Double] = []
            for (c, entry) in elements.enumerated() { values.append(try fields.number(entry, at: path.index(c))) }
            return Matrix(rows: 1, columns: values.count, values: values)
        }
        var values: [Double] = []
        var columns = 0
        for (r, row) in elements.enumerated() {
            let rowPath = path.index(r)
            guard let entries = row.elements else {
                throw ConfigError(path: rowPath, message: "a row must be a list of numbers, not \(row.kindName)")
            }
            if r == 0 {
                guard !entries.isEmpty else { throw ConfigError(path: rowPath, message: "a row must have at least one value") }
                columns = entries.count
            } else if entries.count != columns {
                throw ConfigError(path: rowPath, message: "row \(r) has \(entries.count) values but row 0 has \(columns); every row needs the same length")
            }
            for (c, entry) in entries.enumerated() {
                values.append(try fields.number(entry, at: rowPath.index(c)))
            }
        }
        return Matrix(rows: elements.count, columns: columns, values: values)
    }

    /// A head's weight matrix: given (inline or from a file) or `{seeded: std}`.
    func source(_ node: ConfigNode, at path: String) throws(ConfigError) -> MatrixSource {
        if let entries = node.entries {
            let map = try MappingReader(node, at: path)
            if entries.contains(where: { $0.key == "seeded" }) {
                try map.allowOnly(["seeded"])
                let std = try fields.number(try map.required("seeded", hint: " (the standard deviation)"), at: path.key("seeded"))
                guard std >= 0 else { throw ConfigError(path: path.key("seeded"), message: "seeded std \(std.configText) must not be negative") }
                return .seeded(std: std)
            }
            // Both keys, so that a misspelling of either is suggested.
            try map.allowOnly(["file", "seeded"])
        }
        return .given(try matrix(node, at: path))
    }

    /// Fails unless `m` is `rows × columns`; `meaning` names the dimensions ("key × input").
    static func checkShape(_ m: Matrix, rows: Int, columns: Int, meaning: String, at path: String) throws(ConfigError) {
        guard m.rows == rows, m.columns == columns else {
            throw ConfigError(
                path: path,
                message: "\(path.lastKey) must be \(rows) × \(columns) (\(meaning)), got \(m.rows) × \(m.columns)")
        }
    }

    private func file(_ node: ConfigNode, at path: String) throws(ConfigError) -> Matrix {
        let name = try fields.name(node, at: path)
        let full = name.hasPrefix("/") ? name : URL(fileURLWithPath: baseDirectory, isDirectory: true).appendingPathComponent(name).path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
            throw ConfigError(path: path, message: "cannot read '\(name)' (\(full)): no such file")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: full) else {
            throw ConfigError(path: path, message: "cannot read '\(name)' (\(full)): \(isDirectory.boolValue ? "it is a directory" : "permission denied or unreadable")")
        }
        do {
            return try NpyReader.matrix(from: [UInt8](data))
        } catch {
            throw ConfigError(path: path, message: "cannot read '\(name)': \(error.reason)")
        }
    }
}
