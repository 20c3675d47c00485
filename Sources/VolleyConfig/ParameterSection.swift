// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Reads `parameters` (literal values with optional constraints) and `derived` (expressions)
/// into a scope, returning their final values in file order.
struct ParameterSection {
    let scope: Scope

    /// Whether `name` can be used in expressions: an identifier that is not a reserved word.
    static func checkName(_ name: String, at path: String) throws(ConfigError) {
        guard let first = name.first, first == "_" || first.isLetter,
              name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else {
            throw ConfigError(path: path, message: "'\(name)' is not a valid name: use letters, digits and '_', starting with a letter")
        }
        if ExpressionParser.reservedWords.contains(name) {
            throw ConfigError(path: path, message: "'\(name)' is a reserved word and cannot name a value")
        }
    }

    /// Defines every parameter in the scope, checking `min`, `max` and `choices`.
    func readParameters(_ node: ConfigNode?) throws(ConfigError) -> [(name: String, value: ConfigValue)] {
        let map = try MappingReader(node, at: "parameters")
        var out: [(name: String, value: ConfigValue)] = []
        for entry in map.entries {
            let path = "parameters".key(entry.key)
            try Self.checkName(entry.key, at: path)
            let value = try parameterValue(entry.value, at: path)
            scope.define(entry.key, value: value)
            out.append((entry.key, value))
        }
        return out
    }

    /// Defines every derived value, then evaluates them all (in dependency order, through the
    /// scope) so that an error in one that nothing reads is still reported.
    func readDerived(_ node: ConfigNode?) throws(ConfigError) -> [(name: String, value: ConfigValue)] {
        let map = try MappingReader(node, at: "derived")
        for entry in map.entries {
            let path = "derived".key(entry.key)
            try Self.checkName(entry.key, at: path)
            if scope.isDefined(entry.key) {
                throw ConfigError(path: path, message: "'\(entry.key)' is already a parameter; a derived value needs its own name")
            }
            scope.defineDerived(entry.key, node: entry.value, path: path)
        }
        var out: [(name: String, value: ConfigValue)] = []
        for entry in map.entries {
            guard let value = try scope.value(of: entry.key) else { continue }
            out.append((entry.key, value))
        }
        return out
    }

    /// A parameter's value: a YAML scalar taken literally (strings are not expressions), or a
    /// mapping `{value, min, max, choices, doc}`.
    private func parameterValue(_ node: ConfigNode, at path: String) throws(ConfigError) -> ConfigValue {
        switch node {
        case .scalar(let s):
            return try literal(s, at: path)
        case .sequence:
            throw ConfigError(path: path, message: "a parameter must be a number, a string, a boolean or a mapping with 'value', not a list")
        case .mapping:
            let map = try MappingReader(node, at: path)
            try map.allowOnly(["value", "min", "max", "choices", "doc"], context: "in parameter \(path.lastKey)")
            let valueNode = try map.required("value")
            guard let scalar = valueNode.scalarValue else {
                throw ConfigError(path: path.key("value"), message: "value must be a number, a string or a boolean, not \(valueNode.kindName)")
            }
            var value = try literal(scalar, at: path)
            if let choicesNode = map["choices"] {
                guard let elements = choicesNode.elements, !elements.isEmpty else {
                    throw ConfigError(path: path.key("choices"), message: "choices must be a non-empty list")
                }
                var choices: [ConfigValue] = []
                var texts: [String] = []
                for (i, element) in elements.enumerated() {
                    guard let s = element.scalarValue else {
                        throw ConfigError(path: path.key("choices").index(i), message: "a choice must be a number, a string or a boolean")
                    }
                    choices.append(try literal(s, at: path.key("choices").index(i)))
                    texts.append(s.text)
                }
                // YAML 1.1 reads a bare on/off/yes/no as a boolean; where the choices are those
                // words as strings (`--set parameters.rhythm=off`), the word is what was meant.
                if !choices.contains(value), case .bool = value, choices.contains(.string(scalar.text)) {
                    value = .string(scalar.text)
                }
                if !choices.contains(value) {
                    throw ConfigError(path: path, message: "\(value.literal) is not one of \(texts.joined(separator: ", "))")
                }
            }
            for (key, isMinimum) in [("min", true), ("max", false)] {
                guard let boundNode = map[key] else { continue }
                guard case .number(let bound)? = boundNode.scalarValue?.kind else {
                    throw ConfigError(path: path.key(key), message: "\(key) must be a number, not \(boundNode.kindName)")
                }
                guard case .number(let x) = value else {
                    throw ConfigError(path: path, message: "\(key) applies to numbers, but the value is \(value.typedLiteral)")
                }
                if isMinimum && x < bound {
                    throw ConfigError(path: path, message: "\(x.configText) is below the minimum \(bound.configText)")
                }
                if !isMinimum && x > bound {
                    throw ConfigError(path: path, message: "\(x.configText) is above the maximum \(bound.configText)")
                }
            }
            if let doc = map["doc"], doc.scalarValue == nil {
                throw ConfigError(path: path.key("doc"), message: "doc must be text, not \(doc.kindName)")
            }
            return value
        }
    }

    private func literal(_ s: ConfigScalar, at path: String) throws(ConfigError) -> ConfigValue {
        switch s.kind {
        case .number(let x):
            guard !x.isNaN else { throw ConfigError(path: path, message: "\(path.lastKey) is not a number (nan)") }
            return .number(x)
        case .bool(let b): return .bool(b)
        case .string: return .string(s.text)
        case .null: throw ConfigError(path: path, message: "\(path.lastKey) has no value")
        }
    }
}
