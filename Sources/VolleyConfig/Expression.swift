// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A parsed expression. Every node keeps the text it was parsed from, so that messages quote
/// the user's own spelling of the part that failed.
struct Expression: Sendable, Equatable {
    /// What the expression does.
    indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case name(String)
        case negate(Expression)
        case plus(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case call(String, [Expression])
    }

    var kind: Kind
    /// The source text of this node, trimmed.
    var text: String
}

/// The binary operators, from loosest to tightest binding: `or`, `and`, comparisons, `+ -`,
/// `* /`, and the power operator (`^` or `**`), which binds tighter than unary minus.
enum BinaryOperator: String, Sendable, Equatable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case power = "^"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}
