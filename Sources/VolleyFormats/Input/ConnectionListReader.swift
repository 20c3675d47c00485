// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore

/// Reads a connection list from a `.npy` table, one row per connection and one column per
/// field, and takes the file's digest in the same pass, so that a process building shards
/// can tell it reads the rows the model was loaded with.
public enum ConnectionListReader {
    /// The fields a column can hold.
    public static let fields = ["source", "target", "weight", "delay"]

    /// A list and the digest of the file it came from.
    public struct Loaded: Sendable {
        public let list: ConnectionList
        public let bytes: Int
        public let sha256: String

        public init(list: ConnectionList, bytes: Int, sha256: String) {
            self.list = list
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// Reads `path`, an (N, columns.count) array whose columns are `columns` (each a name of
    /// `fields`; source and target required). Ids must be whole numbers ≥ 0; the values are
    /// otherwise unchecked here (the core checks them against the model, by row).
    public static func npy(path: String, columns: [String]) throws(FileFormatError) -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileFormatError(path: path, reason: "cannot read the file (it does not exist or is not readable)")
        }
        let bytes = [UInt8](data)
        var sha = SHA256()
        bytes.withUnsafeBytes { sha.update(buffer: $0) }
        let digest = sha.finalizeHex()
        let array: NpyReader.Array
        do { array = try NpyReader.array(from: bytes) } catch { throw FileFormatError(path: path, reason: error.reason) }
        let k = columns.count
        let rows: Int
        switch array.shape.count {
        case 2 where array.shape[1] == k: rows = array.shape[0]
        case 1 where k == 1: rows = array.shape[0]
        default:
            let shape = "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
            throw FileFormatError(path: path, reason: "the array has shape \(shape); \(k) columns (\(columns.joined(separator: ", "))) need shape (N, \(k))")
        }
        let v = array.values
        func column(_ name: String) -> [Double]? {
            guard let c = columns.firstIndex(of: name) else { return nil }
            return (0..<rows).map { v[$0 * k + c] }
        }
        func ids(_ name: String) throws(FileFormatError) -> [UInt32] {
            guard let c = columns.firstIndex(of: name) else { throw FileFormatError(path: path, reason: "no \(name) column") }
            var out = [UInt32](repeating: 0, count: rows)
            for r in 0..<rows {
                let x = v[r * k + c]
                guard !x.isNaN else { throw FileFormatError(path: path, reason: "row \(r): \(name) is NaN") }
                guard x >= 0 else { throw FileFormatError(path: path, reason: "row \(r): \(name) \(x) is negative") }
                guard x == x.rounded(.down), x < 4_294_967_296 else {
                    throw FileFormatError(path: path, reason: "row \(r): \(name) \(x) is not a whole number below 2³²")
                }
                out[r] = UInt32(x)
            }
            return out
        }
        let list = ConnectionList(source: try ids("source"), target: try ids("target"), weight: column("weight"), delay: column("delay"))
        return Loaded(list: list, bytes: bytes.count, sha256: digest)
    }
}
