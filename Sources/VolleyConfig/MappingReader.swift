// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A mapping of the config at a known path, with the checks every section needs: that it is a
/// mapping at all, that it holds only keys that belong there, that required keys are present.
struct MappingReader {
    let entries: [ConfigEntry]
    let path: String

    /// Reads `node` as a mapping; an empty value (`devices:` with nothing below) is an empty one.
    init(_ node: ConfigNode?, at path: String) throws(ConfigError) {
        self.path = path
        switch node {
        case nil:
            entries = []
        case .mapping(let e)?:
            entries = e
        case .scalar(let s)? where s.kind == .null:
            entries = []
        case let other?:
            let name = path.isEmpty ? "the document" : path.lastKey
            throw ConfigError(path: path, message: "\(name) must be a mapping of keys to values, not \(other.kindName)")
        }
    }

    var keys: [String] { entries.map(\.key) }
    var isEmpty: Bool { entries.isEmpty }

    subscript(key: String) -> ConfigNode? {
        entries.first { $0.key == key }?.value
    }

    /// Fails on the first key not in `allowed`; `context` completes "unknown key 'x' ...",
    /// e.g. "in populations.E" or "for iaf_psc_delta".
    func allowOnly(_ allowed: [String], context: String? = nil) throws(ConfigError) {
        for key in keys where !allowed.contains(key) {
            let where_ = context ?? (path.isEmpty ? "at the top level" : "in \(path)")
            throw ConfigError(path: path.key(key), message: NameSuggester.unknownKey(key, where: where_, known: allowed))
        }
    }

    /// The value of a key that must be present (and not empty).
    func required(_ key: String, hint: String = "") throws(ConfigError) -> ConfigNode {
        guard let node = self[key], node.scalarValue?.kind != .null else {
            let owner = path.isEmpty ? "the model file" : path
            throw ConfigError(path: path.key(key), message: "\(owner) needs '\(key)'\(hint)")
        }
        return node
    }
}
