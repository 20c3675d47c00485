// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// The functions expressions may call. Rounding follows numpy and Python, which is what NEST
/// users' scripts computed their numbers with: `round` halves to even, `int` truncates.
enum BuiltinFunction: String, CaseIterable, Sendable {
    case sqrt, exp, log, log10, abs, floor, ceil, round, int, min, max, pow
    case `if`

    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: 1...1_000_000
        case .pow: 2...2
        case .if: 3...3
        default: 1...1
        }
    }

    var arityText: String {
        switch self {
        case .min, .max: "one or more arguments"
        case .pow: "2 arguments"
        case .if: "3 arguments (condition, value if true, value if false)"
        default: "1 argument"
        }
    }

    /// The value of a numeric function (every one but `if`) at finite or infinite arguments;
    /// NaN marks a domain error for the caller to report.
    func apply(_ x: [Double]) -> Double {
        switch self {
        case .sqrt: x[0] < 0 ? .nan : x[0].squareRoot()
        case .exp: libmExp(x[0])
        case .log: x[0] < 0 ? .nan : libmLog(x[0])
        case .log10: x[0] < 0 ? .nan : libmLog10(x[0])
        case .abs: Swift.abs(x[0])
        case .floor: x[0].rounded(.down)
        case .ceil: x[0].rounded(.up)
        case .round: x[0].rounded(.toNearestOrEven)
        case .int: x[0].isFinite ? x[0].rounded(.towardZero) : .nan
        case .min: x.min() ?? .nan
        case .max: x.max() ?? .nan
        case .pow: libmPow(x[0], x[1])
        case .if: .nan
        }
    }
}

// File-level wrappers, because inside the enum the names `exp`, `log`, ... are its cases.
private func libmExp(_ x: Double) -> Double { exp(x) }
private func libmLog(_ x: Double) -> Double { log(x) }
private func libmLog10(_ x: Double) -> Double { log10(x) }
private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
