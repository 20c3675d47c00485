// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads typed fields (numbers, integers, booleans, names, distributions) from YAML nodes,
/// evaluating expression strings in `scope`. Every failure names the field's key path, and the
/// message names the field's key, so a mistyped value is easy to find.
struct FieldReader {
    let scope: Scope

    /// A value-holding node: a YAML number or boolean, or a string read as an expression.
    func value(_ node: ConfigNode, at path: String) throws(ConfigError) -> ConfigValue {
        try valueAndExpression(node, at: path).value
    }

    private func valueAndExpression(_ node: ConfigNode, at path: String) throws(ConfigError) -> (value: ConfigValue, expression: Expression?) {
        switch node {
        case .scalar(let s):
            switch s.kind {
            case .number(let x): return (.number(x), nil)
            case .bool(let b): return (.bool(b), nil)
            case .null: throw ConfigError(path: path, message: "\(path.lastKey) has no value")
            case .string:
                let e = try parse(s.text, at: path)
                return (try Evaluator(scope: scope, path: path, source: s.text).evaluate(e), e)
            }
        case .mapping, .sequence:
            throw ConfigError(path: path, message: "\(path.lastKey) must be a number or an expression, not \(node.kindName)")
        }
    }

    func parse(_ source: String, at path: String) throws(ConfigError) -> Expression {
        do {
            return try ExpressionParser.parse(source)
        } catch {
            throw ConfigError(path: path, message: "invalid expression '\(source)': \(error.message) at column \(error.offset + 1)")
        }
    }

    /// A number; infinite only where `allowInfinite` (device stop times, redraw bounds).
    func number(_ node: ConfigNode, at path: String, allowInfinite: Bool = false) throws(ConfigError) -> Double {
        let key = path.lastKey
        let (v, e) = try valueAndExpression(node, at: path)
        guard case .number(let x) = v else {
            if let e {
                let was = Evaluator(scope: scope, path: path, source: e.text).describe(e, v)
                throw ConfigError(path: path, message: "expected a number for \(key), but \(was)")
            }
            throw ConfigError(path: path, message: "expected a number for \(key), got \(v.typedLiteral)")
        }
        if x.isNaN { throw ConfigError(path: path, message: "\(key) is not a number (nan)") }
        if !allowInfinite && !x.isFinite {
            throw ConfigError(path: path, message: "\(key) must be finite, got \(x.configText)")
        }
        return x
    }

    /// A whole number ≥ `minimum` (neuron counts, degrees, indices).
    func integer(_ node: ConfigNode, at path: String, minimum: Int = 0) throws(ConfigError) -> Int {
        let x = try number(node, at: path)
        let kind = minimum == 0 ? "a non-negative integer" : minimum == 1 ? "a positive integer" : "an integer ≥ \(minimum)"
        guard x == x.rounded(), x >= Double(minimum), x < 1e15 else {
            throw ConfigError(path: path, message: "\(path.lastKey) must be \(kind), got \(x.configText)")
        }
        return Int(x)
    }

    /// A seed: a non-negative integer. A literal is read exactly (all 64 bits), an expression
    /// only up to 2^53, where doubles stop being exact.
    func seed(_ node: ConfigNode, at path: String) throws(ConfigError) -> UInt64 {
        if let s = node.scalarValue, case .number = s.kind, let exact = UInt64(String(s.text.filter { $0 != "_" })) {
            return exact
        }
        let x = try number(node, at: path)
        guard x >= 0, x == x.rounded(), x <= 9_007_199_254_740_992 else {
            throw ConfigError(path: path, message: "\(path.lastKey) must be a non-negative integer (up to 2^53 when computed), got \(x.configText)")
        }
        return UInt64(x)
    }

    func bool(_ node: ConfigNode, at path: String) throws(ConfigError) -> Bool {
        let v = try value(node, at: path)
        guard case .bool(let b) = v else {
            throw ConfigError(path: path, message: "\(path.lastKey) must be true or false, got \(v.typedLiteral)")
        }
        return b
    }

    /// A literal name (a model, rule or population): never an expression.
    func name(_ node: ConfigNode, at path: String) throws(ConfigError) -> String {
        guard case .scalar(let s) = node, s.kind != .null else {
            throw ConfigError(path: path, message: "\(path.lastKey) must be a name, not \(node.kindName)")
        }
        return s.text
    }

    /// One name or a list of names, as NEST's `E + I`.
    func names(_ node: ConfigNode, at path: String) throws(ConfigError) -> [String] {
        guard let elements = node.elements else { return [try name(node, at: path)] }
        var out: [String] = []
        for (i, element) in elements.enumerated() {
            out.append(try name(element, at: path.index(i)))
        }
        if out.isEmpty { throw ConfigError(path: path, message: "\(path.lastKey) must name at least one population") }
        return out
    }

    /// A constant (number or expression) or a `{distribution: ...}` mapping.
    func distribution(_ node: ConfigNode, at path: String) throws(ConfigError) -> ValueDistribution {
        guard node.entries != nil else { return .constant(try number(node, at: path)) }
        let map = try MappingReader(node, at: path)
        let kind = try name(
            try map.required("distribution", hint: " (normal or uniform), or give a plain number instead of a mapping"),
            at: path.key("distribution"))
        func bound(_ key: String, _ fallback: Double, infinite: Bool) throws(ConfigError) -> Double {
            guard let n = map[key] else { return fallback }
            return try number(n, at: path.key(key), allowInfinite: infinite)
        }
        switch kind {
        case "normal":
            try map.allowOnly(["distribution", "mean", "std", "min", "max"], context: "for distribution normal")
            let mean = try bound("mean", 0, infinite: false), std = try bound("std", 1, infinite: false)
            let lo = try bound("min", -.infinity, infinite: true), hi = try bound("max", .infinity, infinite: true)
            guard std >= 0 else { throw ConfigError(path: path.key("std"), message: "std must not be negative, got \(std.configText)") }
            guard lo < hi else {
                throw ConfigError(path: path.key("min"), message: "min (\(lo.configText)) must be below max (\(hi.configText))")
            }
            if std == 0 && !(lo <= mean && mean <= hi) {
                throw ConfigError(path: path.key("mean"), message: "with std 0 every draw is the mean \(mean.configText), which lies outside [min, max]")
            }
            return .normal(mean: mean, std: std, min: lo, max: hi)
        case "uniform":
            try map.allowOnly(["distribution", "min", "max"], context: "for distribution uniform")
            let lo = try bound("min", 0, infinite: false), hi = try bound("max", 1, infinite: false)
            guard lo < hi else {
                throw ConfigError(path: path.key("min"), message: "min (\(lo.configText)) must be below max (\(hi.configText))")
            }
            return .uniform(min: lo, max: hi)
        default:
            let known = ["normal", "uniform"]
            throw ConfigError(
                path: path.key("distribution"),
                message: "unknown distribution '\(kind)'\(NameSuggester.hint(for: kind, among: known)) (known: normal, uniform)")
        }
    }
}
