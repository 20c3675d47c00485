// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Connections given one by one (NEST's `one_to_one` connect of arrays, PyNN's `FromList`,
/// SONATA's edges): row r connects source `source[r]` to target `target[r]`, both 0-based
/// indices into the projection's concatenated sources and targets.
///
/// Absent weight or delay columns take the projection's `weight` and `delay`. Delays are in ms
/// and are rounded to the grid as NEST rounds them (`floor(d/h + 0.5)`).
public struct ConnectionList: Sendable, Equatable, Codable {
    public var source: [UInt32]
    public var target: [UInt32]
    public var weight: [Double]?
    public var delay: [Double]?

    public init(source: [UInt32], target: [UInt32], weight: [Double]? = nil, delay: [Double]? = nil) {
        self.source = source
        self.target = target
        self.weight = weight
        self.delay = delay
    }

    /// The number of connections.
    public var count: Int { source.count }
}

/// Where an explicit projection's rows are: in the spec itself, or in a file every process
/// that builds shards reads (and checks against the digest taken when the model was loaded).
public enum ConnectionListSource: Sendable, Equatable, Codable {
    case inline(ConnectionList)
    case file(ConnectionListFile)
}

/// A connection list kept in a file: what the spec says about it, so that the coordinator can
/// plan epochs without reading it and every worker can check that it reads the same rows.
public struct ConnectionListFile: Sendable, Equatable, Codable {
    /// Absolute path of the file.
    public var path: String
    /// Its size in bytes and SHA-256 (lower-case hex) when the model was loaded.
    public var bytes: Int
    public var sha256: String
    /// What each column of the file holds, in order: "source", "target", "weight", "delay".
    public var columns: [String]
    /// The number of rows.
    public var rows: Int
    /// The smallest and largest delay of the delay column (ms), if it has one and any rows.
    public var minDelay: Double?
    public var maxDelay: Double?

    public init(path: String, bytes: Int, sha256: String, columns: [String], rows: Int, minDelay: Double?, maxDelay: Double?) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
        self.columns = columns
        self.rows = rows
        self.minDelay = minDelay
        self.maxDelay = maxDelay
    }
}
