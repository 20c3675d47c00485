// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The names expressions can read: parameters (values) and derived values (expressions,
/// evaluated on first use so that file order does not matter, with cycles reported by name).
final class Scope {
    private var values: [String: ConfigValue] = [:]
    private var derived: [String: (node: ConfigNode, path: String)] = [:]
    private var evaluating: [String] = []
    /// Every defined name, parameters first, each in file order; candidates for suggestions.
    private(set) var names: [String] = []

    /// Defines a parameter.
    func define(_ name: String, value: ConfigValue) {
        values[name] = value
        names.append(name)
    }

    /// Defines a derived value from its YAML node, evaluated when first read.
    func defineDerived(_ name: String, node: ConfigNode, path: String) {
        derived[name] = (node, path)
        names.append(name)
    }

    func isDefined(_ name: String) -> Bool { values[name] != nil || derived[name] != nil }

    /// The value of `name`, evaluating it (and what it depends on) if it is derived; `nil`
    /// when no parameter or derived value has that name.
    func value(of name: String) throws(ConfigError) -> ConfigValue? {
        if let v = values[name] { return v }
        guard let (node, path) = derived[name] else { return nil }
        if let i = evaluating.firstIndex(of: name) {
            let cycle = evaluating[i...] + [name]
            throw ConfigError(
                path: "derived".key(cycle[cycle.startIndex]),
                message: "cyclic derived values: \(cycle.joined(separator: " -> "))")
        }
        evaluating.append(name)
        defer { evaluating.removeLast() }
        let v = try FieldReader(scope: self).value(node, at: path)
        values[name] = v
        return v
    }
}
