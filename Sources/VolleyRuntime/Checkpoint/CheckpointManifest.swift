// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// `manifest.json`: written last, so a checkpoint without one is incomplete and never used. It
/// names the run (model hash, seed, Volley version), the cut, and every file the checkpoint
/// needs with its size and SHA-256, the record segments of earlier checkpoints included.
public struct CheckpointManifest: Codable, Sendable, Equatable {
    /// A file of the checkpoint: a path relative to the checkpoint directory (`400/shard-0.state`).
    public struct FileEntry: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
        /// For record segments: the step of the cut the segment ends at.
        public var step: Int64?

        public init(path: String, bytes: Int, sha256: String, step: Int64? = nil) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
            self.step = step
        }
    }

    public static let formatName = "volley-checkpoint"
    public static let currentVersion = 1

    public var format = CheckpointManifest.formatName
    public var formatVersion = CheckpointManifest.currentVersion
    public var volleyVersion: String
    public var model: String
    public var modelSha256: String
    public var seed: UInt64
    public var tSimMs: Double
    public var resolutionMs: Double
    /// The checkpoint's name: the model time it was asked for (ms), e.g. "400".
    public var name: String
    /// The cut: the first epoch boundary at or after that time.
    public var step: Int64
    public var epoch: Int64
    public var timeMs: Double
    public var shards: Int
    public var workers: Int
    public var threads: Int
    /// The spike files the run writes (`csv`, `sonata`).
    public var formats: [String]
    /// Where the interrupted run wrote its outputs.
    public var out: String?
    /// Spikes recorded up to the cut.
    public var spikes: Int
    /// The interval (ms) the run checkpointed at (for the reader; a resumed run checkpoints only
    /// when asked, at the interval it is given).
    public var everyMs: Double
    /// The model (`model.json`) and every shard's state, in this checkpoint's directory.
    public var files: [FileEntry]
    /// The run's record from the start, segment by segment, this checkpoint's last.
    public var records: [FileEntry]
    /// Bytes in `files` and this checkpoint's segment, and the seconds the slowest part took to write.
    public var bytes: Int
    public var writeSeconds: Double

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }
}
