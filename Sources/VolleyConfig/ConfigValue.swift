// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The value of a parameter, a derived value or an expression: a number, a string or a boolean.
public enum ConfigValue: Sendable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)

    /// The value as it would be written in an expression, for messages.
    var literal: String {
        switch self {
        case .number(let x): x.configText
        case .string(let s): "'\(s)'"
        case .bool(let b): b ? "true" : "false"
        }
    }

    /// The value with its type, for messages about a wrong type ("the string 'fast'").
    var typedLiteral: String {
        switch self {
        case .number(let x): "the number \(x.configText)"
        case .string(let s): "the string '\(s)'"
        case .bool(let b): b ? "true" : "false"
        }
    }

    /// "a number", "a string" or "a boolean".
    var kindWord: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        }
    }
}
