// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Yams

/// Parses YAML text into a `ConfigNode` tree, turning every YAML problem into a `ConfigError`
/// with a line number (never a crash), resolving aliases and `<<` merge keys on the way.
struct YAMLReader {
    /// A bound on the values an alias-expanded document may hold, so that nested aliases
    /// ("billion laughs") fail with a message instead of exhausting memory.
    static let maximumNodes = 2_000_000

    private var nodeCount = 0

    /// The document's root, or `nil` for an empty document.
    static func parse(_ text: String) throws(ConfigError) -> ConfigNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(path: "", message: describe(error))
        } catch {
            throw ConfigError(path: "", message: "invalid YAML: \(error)")
        }
        guard let root else { return nil }
        var reader = YAMLReader()
        return try reader.convert(root)
    }

    private mutating func convert(_ node: Node) throws(ConfigError) -> ConfigNode {
        nodeCount += 1
        if nodeCount > Self.maximumNodes {
            throw ConfigError(
                path: "", message: "the document expands to more than \(Self.maximumNodes) values (aliases nested too deeply?)")
        }
        switch node {
        case .scalar(let s):
            return .scalar(Self.scalar(s, tag: Self.tagName(node)))
        case .sequence(let seq):
            var out: [ConfigNode] = []
            for element in seq { out.append(try convert(element)) }
            return .sequence(out)
        case .mapping(let map):
            return .mapping(try entries(of: map))
        case .alias(let alias):
            throw ConfigError(path: "", message: "invalid YAML\(Self.at(alias.mark)): unresolved alias '\(alias.anchor.rawValue)'")
        }
    }

    /// A mapping's entries in file order; the entries of `<<: *anchor` (or a list of anchors)
    /// fill in the keys the mapping does not set itself, as YAML's merge key specifies.
    private mutating func entries(of map: Node.Mapping) throws(ConfigError) -> [ConfigEntry] {
        var explicitKeys = Set<String>()
        for (key, _) in map where Self.tagName(key) != .merge {
            if let s = key.scalar { explicitKeys.insert(s.string) }
        }
        var out: [ConfigEntry] = []
        var seen = Set<String>()
        for (key, value) in map {
            if Self.tagName(key) == .merge {
                let sources = value.sequence.map(Array.init) ?? [value]
                for source in sources {
                    guard case .mapping(let merged) = source else {
                        throw ConfigError(path: "", message: "invalid YAML\(Self.at(source.mark)): '<<' must merge a mapping or a list of mappings")
                    }
                    for entry in try entries(of: merged) where !explicitKeys.contains(entry.key) && !seen.contains(entry.key) {
                        seen.insert(entry.key)
                        out.append(entry)
                    }
                }
                continue
            }
            guard let keyScalar = key.scalar else {
                throw ConfigError(path: "", message: "invalid YAML\(Self.at(key.mark)): a mapping key must be a name, not \(key.sequence != nil ? "a list" : "a mapping")")
            }
            seen.insert(keyScalar.string)
            out.append(ConfigEntry(key: keyScalar.string, value: try convert(value)))
        }
        return out
    }

    private static func scalar(_ s: Node.Scalar, tag: Tag.Name) -> ConfigScalar {
        let text = s.string
        switch tag {
        case .bool:
            if let b = Bool.construct(from: s) { return ConfigScalar(text: text, kind: .bool(b)) }
        case .int:
            if let i = Int.construct(from: s) { return ConfigScalar(text: text, kind: .number(Double(i))) }
            if let x = Double(String(text.filter { $0 != "_" })) {
                return ConfigScalar(text: text, kind: .number(x))
            }
        case .float:
            if let x = Double.construct(from: s) { return ConfigScalar(text: text, kind: .number(x)) }
        case .null:
            return ConfigScalar(text: text, kind: .null)
        default:
            break
        }
        return ConfigScalar(text: text, kind: .string)
    }

    /// The resolved tag (`Tag.name` itself is not public).
    private static func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.description) }

    private static func at(_ mark: Mark?) -> String {
        guard let mark else { return "" }
        return " at line \(mark.line), column \(mark.column)"
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML\(at(mark)): \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return message
        case .reader(let problem, _, _, _):
            return "cannot read the YAML text: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return "invalid YAML\(at(context.mark)): duplicate key \(keys) in a mapping"
        default:
            return "invalid YAML: \(error)"
        }
    }
}
