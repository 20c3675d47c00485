// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A YAML document reduced to what a model file needs: scalars with their resolved type,
/// mappings in file order and lists. Being a value type, `--set` can rewrite one path of it
/// without touching the places an alias shared the same YAML node with.
indirect enum ConfigNode: Sendable, Equatable {
    case scalar(ConfigScalar)
    case mapping([ConfigEntry])
    case sequence([ConfigNode])

    /// The entries if this is a mapping.
    var entries: [ConfigEntry]? {
        if case .mapping(let e) = self { return e }
        return nil
    }

    /// The elements if this is a list.
    var elements: [ConfigNode]? {
        if case .sequence(let e) = self { return e }
        return nil
    }

    /// The scalar if this is one.
    var scalarValue: ConfigScalar? {
        if case .scalar(let s) = self { return s }
        return nil
    }

    /// What kind of YAML value this is, for messages about wrong types.
    var kindName: String {
        switch self {
        case .scalar(let s): s.kindName
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// One `key: value` pair of a mapping.
struct ConfigEntry: Sendable, Equatable {
    var key: String
    var value: ConfigNode
}

/// A YAML scalar: its text as written and the type YAML's resolver gave it.
struct ConfigScalar: Sendable, Equatable {
    /// The scalar's resolved type.
    enum Kind: Sendable, Equatable {
        case number(Double)
        case bool(Bool)
        case string
        case null
    }

    var text: String
    var kind: Kind

    var kindName: String {
        switch kind {
        case .number(let x): "the number \(x.configText)"
        case .bool(let b): b ? "true" : "false"
        case .string: "the string '\(text)'"
        case .null: "an empty value"
        }
    }
}
