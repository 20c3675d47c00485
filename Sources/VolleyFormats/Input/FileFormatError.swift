// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// An error reading a model's input file: the file and what is wrong with it.
public struct FileFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file at fault, as the reader was given it.
    public let path: String
    /// What is wrong, in words that name the dataset, column or row.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
