// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Why a model file (or a `--set` override) cannot be turned into a network: where and what.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted key path of the offending value, e.g. `populations.E.params.tau_m` or
    /// `connections[1].syn_spec.delay`; empty for problems with the file as a whole.
    public let path: String
    /// What is wrong, in terms a NEST user recognises.
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or just the message when there is no path.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
