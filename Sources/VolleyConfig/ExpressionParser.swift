// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A recursive-descent parser for the expression language (see docs/configuration.md), with
/// Python's precedence: `-2^2` is `-(2^2)` and `2^3^2` is `2^(3^2)`.
struct ExpressionParser {
    private typealias Failure = ExpressionLexer.Failure

    /// Words that cannot name a parameter or derived value.
    static let reservedWords: Set<String> = ["and", "or", "not", "true", "false", "inf"]

    /// Nesting beyond this is refused rather than risking the stack on a pathological input.
    static let maximumDepth = 200

    private let chars: [Character]
    private let tokens: [ExpressionLexer.Located]
    private var position = 0
    private var depth = 0

    /// Parses a whole expression; a failure carries the character offset it refers to.
    static func parse(_ source: String) throws(ExpressionLexer.Failure) -> Expression {
        var parser = ExpressionParser(chars: Array(source), tokens: try ExpressionLexer.tokens(source))
        let e = try parser.parseOr()
        guard parser.current.token == .end else {
            throw Failure(message: "unexpected \(parser.describe(parser.current))", offset: parser.current.start)
        }
        return e
    }

    private init(chars: [Character], tokens: [ExpressionLexer.Located]) {
        self.chars = chars
        self.tokens = tokens
    }

    private var current: ExpressionLexer.Located { tokens[position] }

    private func isSymbol(_ s: String) -> Bool { current.token == .symbol(s) }
    private func isWord(_ w: String) -> Bool { current.token == .identifier(w) }

    private func node(_ kind: Expression.Kind, from start: Int) -> Expression {
        let end = tokens[max(position - 1, 0)].end
        return Expression(kind: kind, text: String(chars[start..<max(end, start)]))
    }

    private func describe(_ t: ExpressionLexer.Located) -> String {
        switch t.token {
        case .end: "end of expression"
        default: "'\(String(chars[t.start..<t.end]))'"
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maximumDepth {
            throw Failure(message: "the expression is nested too deeply", offset: current.start)
        }
    }

    private mutating func parseOr() throws(Failure) -> Expression {
        try enter()
        defer { depth -= 1 }
        let start = current.start
        var e = try parseAnd()
        while isWord("or") {
            position += 1
            let rhs = try parseAnd()
            e = node(.binary(.or, e, rhs), from: start)
        }
        return e
    }

    private mutating func parseAnd() throws(Failure) -> Expression {
        let start = current.start
        var e = try parseNot()
        while isWord("and") {
            position += 1
            let rhs = try parseNot()
            e = node(.binary(.and, e, rhs), from: start)
        }
        return e
    }

    private mutating func parseNot() throws(Failure) -> Expression {
        let start = current.start
        guard isWord("not") else { return try parseComparison() }
        position += 1
        try enter()
        defer { depth -= 1 }
        let operand = try parseNot()
        return node(.not(operand), from: start)
    }

    private mutating func comparisonOperator() -> BinaryOperator? {
        guard case .symbol(let s) = current.token, let op = BinaryOperator(rawValue: s), op.isComparison else { return nil }
        return op
    }

    private mutating func parseComparison() throws(Failure) -> Expression {
        let start = current.start
        let lhs = try parseAdditive()
        guard let op = comparisonOperator() else { return lhs }
        position += 1
        let rhs = try parseAdditive()
        if comparisonOperator() != nil {
            throw Failure(message: "chained comparisons are not supported; combine them with 'and'", offset: current.start)
        }
        return node(.binary(op, lhs, rhs), from: start)
    }

    private mutating func parseAdditive() throws(Failure) -> Expression {
        let start = current.start
        var e = try parseTerm()
        while isSymbol("+") || isSymbol("-") {
            let op: BinaryOperator = isSymbol("+") ? .add : .subtract
            position += 1
            let rhs = try parseTerm()
            e = node(.binary(op, e, rhs), from: start)
        }
        return e
    }

    private mutating func parseTerm() throws(Failure) -> Expression {
        let start = current.start
        var e = try parseUnary()
        while isSymbol("*") || isSymbol("/") {
            let op: BinaryOperator = isSymbol("*") ? .multiply : .divide
            position += 1
            let rhs = try parseUnary()
            e = node(.binary(op, e, rhs), from: start)
        }
        return e
    }

    private mutating func parseUnary() throws(Failure) -> Expression {
        let start = current.start
        if isSymbol("-") || isSymbol("+") {
            let negate = isSymbol("-")
            position += 1
            try enter()
            defer { depth -= 1 }
            let operand = try parseUnary()
            return node(negate ? .negate(operand) : .plus(operand), from: start)
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(Failure) -> Expression {
        let start = current.start
        let base = try parsePrimary()
        guard isSymbol("^") || isSymbol("**") else { return base }
        position += 1
        // The exponent is a unary expression: right-associative, and `2^-1` works.
        let exponent = try parseUnary()
        return node(.binary(.power, base, exponent), from: start)
    }

    private mutating func parsePrimary() throws(Failure) -> Expression {
        let start = current.start
        switch current.token {
        case .number(let x):
            position += 1
            return node(.number(x), from: start)
        case .string(let s):
            position += 1
            return node(.string(s), from: start)
        case .identifier(let word):
            position += 1
            switch word {
            case "true": return node(.bool(true), from: start)
            case "false": return node(.bool(false), from: start)
            case "inf": return node(.number(.infinity), from: start)
            case "and", "or", "not":
                throw Failure(message: "unexpected '\(word)'", offset: start)
            default:
                break
            }
            guard isSymbol("(") else { return node(.name(word), from: start) }
            return try parseCall(word, start: start)
        case .symbol("("):
            position += 1
            let inner = try parseOr()
            guard isSymbol(")") else { throw Failure(message: "expected ')' but found \(describe(current))", offset: current.start) }
            position += 1
            return Expression(kind: inner.kind, text: String(chars[start..<tokens[position - 1].end]))
        default:
            throw Failure(message: "expected a value but found \(describe(current))", offset: current.start)
        }
    }

    private mutating func parseCall(_ name: String, start: Int) throws(Failure) -> Expression {
        guard let function = BuiltinFunction(rawValue: name) else {
            let hint = NameSuggester.hint(for: name, among: BuiltinFunction.allCases.map(\.rawValue))
            throw Failure(message: "unknown function '\(name)'\(hint)", offset: start)
        }
        position += 1  // "("
        var args: [Expression] = []
        if !isSymbol(")") {
            while true {
                args.append(try parseOr())
                guard isSymbol(",") else { break }
                position += 1
            }
        }
        guard isSymbol(")") else { throw Failure(message: "expected ',' or ')' but found \(describe(current))", offset: current.start) }
        position += 1
        guard function.arity.contains(args.count) else {
            throw Failure(message: "\(name)() takes \(function.arityText), got \(args.count)", offset: start)
        }
        return node(.call(name, args), from: start)
    }
}
