// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Evaluates one parsed expression of the field at `path`. Types are strict (no truthiness, no
/// number-string mixing) so that a misspelt or mistyped parameter fails loudly, and every
/// message quotes the part of the source that failed.
struct Evaluator {
    let scope: Scope
    /// The key path of the field being evaluated.
    let path: String
    /// The whole expression, for context in messages.
    let source: String

    func evaluate(_ e: Expression) throws(ConfigError) -> ConfigValue {
        switch e.kind {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .name(let n): return try lookUp(n, in: e)
        case .negate(let a): return .number(-(try number(a, for: "'-'")))
        case .plus(let a): return .number(try number(a, for: "'+'"))
        case .not(let a): return .bool(!(try bool(a, for: "'not'")))
        case .binary(let op, let a, let b): return try binary(op, a, b, in: e)
        case .call(let name, let args): return try call(name, args, in: e)
        }
    }

    private func fail(_ message: String, in e: Expression? = nil) -> ConfigError {
        let context = e.map { $0.text == source ? "" : " (in '\(source)')" } ?? ""
        return ConfigError(path: path, message: message + context)
    }

    /// "'tau_m' is the string 'fast'", naming the parameter when the operand is one.
    func describe(_ e: Expression, _ v: ConfigValue) -> String {
        switch e.kind {
        case .number, .string, .bool: "\(v.literal) is \(v.kindWord)"
        default: "'\(e.text)' is \(v.typedLiteral)"
        }
    }

    /// "'background' (the string 'dc')", for messages that name two operands.
    private func operand(_ e: Expression, _ v: ConfigValue) -> String {
        switch e.kind {
        case .number, .string, .bool: v.typedLiteral
        default: "'\(e.text)' (\(v.typedLiteral))"
        }
    }

    private func lookUp(_ name: String, in e: Expression) throws(ConfigError) -> ConfigValue {
        if let v = try scope.value(of: name) { return v }
        let hint = NameSuggester.hint(for: name, among: scope.names)
        if hint.isEmpty && e.text == source {
            throw fail("\(path.lastKey) must be a number or an expression; '\(name)' is neither (no parameter or derived value is named '\(name)')")
        }
        let known = hint.isEmpty ? " (known names: \(NameSuggester.knownList(scope.names)))" : hint
        throw ConfigError(path: path, message: "unknown name '\(name)' in '\(source)'\(known)")
    }

    func number(_ e: Expression, for what: String) throws(ConfigError) -> Double {
        let v = try evaluate(e)
        guard case .number(let x) = v else {
            throw fail("\(what) needs a number, but \(describe(e, v))", in: e)
        }
        return x
    }

    private func bool(_ e: Expression, for what: String) throws(ConfigError) -> Bool {
        let v = try evaluate(e)
        guard case .bool(let b) = v else {
            throw fail("\(what) needs true or false, but \(describe(e, v))", in: e)
        }
        return b
    }

    private func real(_ x: Double, of e: Expression) throws(ConfigError) -> Double {
        if x.isNaN { throw fail("'\(e.text)' has no real value", in: e) }
        return x
    }

    private func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression, in e: Expression) throws(ConfigError) -> ConfigValue {
        let symbol = "'\(op.rawValue)'"
        switch op {
        case .or:
            return .bool(try bool(a, for: symbol) ? true : try bool(b, for: symbol))
        case .and:
            return .bool(try bool(a, for: symbol) ? try bool(b, for: symbol) : false)
        case .equal, .notEqual:
            let x = try evaluate(a), y = try evaluate(b)
            let same: Bool
            switch (x, y) {
            case (.number(let p), .number(let q)): same = p == q
            case (.string(let p), .string(let q)): same = p == q
            case (.bool(let p), .bool(let q)): same = p == q
            default:
                throw fail("cannot compare \(operand(a, x)) with \(operand(b, y))", in: e)
            }
            return .bool(op == .equal ? same : !same)
        case .less, .lessEqual, .greater, .greaterEqual:
            let x = try number(a, for: symbol), y = try number(b, for: symbol)
            switch op {
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            default: return .bool(x >= y)
            }
        case .add, .subtract, .multiply, .divide, .power:
            let x = try number(a, for: symbol), y = try number(b, for: symbol)
            let r: Double
            switch op {
            case .add: r = x + y
            case .subtract: r = x - y
            case .multiply: r = x * y
            case .divide:
                if y == 0 { throw fail("division by zero in '\(e.text)'", in: e) }
                r = x / y
            default: r = BuiltinFunction.pow.apply([x, y])
            }
            return .number(try real(r, of: e))
        }
    }

    private func call(_ name: String, _ args: [Expression], in e: Expression) throws(ConfigError) -> ConfigValue {
        guard let function = BuiltinFunction(rawValue: name) else {
            throw fail("unknown function '\(name)'", in: e)
        }
        if function == .if {
            // Lazy: the branch not taken may divide by zero or read a string.
            return try evaluate(try bool(args[0], for: "if()") ? args[1] : args[2])
        }
        var xs: [Double] = []
        for a in args { xs.append(try number(a, for: "\(name)()")) }
        if function == .int, let x = xs.first, !x.isFinite {
            throw fail("int() needs a finite number, but '\(args[0].text)' is \(x.configText)", in: e)
        }
        return .number(try real(function.apply(xs), of: e))
    }
}
