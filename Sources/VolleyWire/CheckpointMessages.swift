// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Where and how often a distributed run checkpoints (docs/checkpoints.md).
public struct CheckpointPlan: Codable, Equatable, Sendable {
    /// The checkpoint root every process writes into (shared storage in a cluster).
    public var directory: String
    public var everyMs: Double

    public init(directory: String, everyMs: Double) {
        self.directory = directory
        self.everyMs = everyMs
    }
}

/// The checkpoint a distributed run resumes from: each worker reads its neurons' state there.
public struct ResumeFrom: Codable, Equatable, Sendable {
    public var directory: String
    /// The checkpoint's name (its time in ms) and its cut.
    public var name: String
    public var epoch: Int64
    public var step: Int64

    public init(directory: String, name: String, epoch: Int64, step: Int64) {
        self.directory = directory
        self.name = name
        self.epoch = epoch
        self.step = step
    }
}

/// One file a worker wrote for a checkpoint, as the manifest lists it.
public struct CheckpointFile: Codable, Equatable, Sendable {
    public var path: String
    public var bytes: Int
    public var sha256: String

    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// A worker's part of a checkpoint: its shards' states, written; the coordinator writes the
/// manifest once every worker's part and its own are in.
public struct CheckpointPart: Codable, Equatable, Sendable {
    public var worker: UInt32
    public var name: String
    public var step: Int64
    public var files: [CheckpointFile]
    /// Seconds the worker took to capture and write them.
    public var seconds: Double

    public init(worker: UInt32, name: String, step: Int64, files: [CheckpointFile], seconds: Double) {
        self.worker = worker
        self.name = name
        self.step = step
        self.files = files
        self.seconds = seconds
    }
}
