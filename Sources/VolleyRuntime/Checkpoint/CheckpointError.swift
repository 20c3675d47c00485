// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A checkpoint that cannot be used (damaged, incomplete, another run's) or cannot be taken:
/// the command stops with status 2 before it runs or writes anything, naming the file.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A checkpoint that could not be written (a full disk, a folder that is not writable): the run
/// fails (status 1), naming the file.
public struct CheckpointWriteFailure: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
