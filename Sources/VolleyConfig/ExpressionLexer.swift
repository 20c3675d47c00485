// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Splits an expression into tokens, each with its position in the source for messages.
struct ExpressionLexer {
    /// One token.
    enum Token: Sendable, Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        /// An operator or punctuation: `+ - * / ^ ** == != < <= > >= ( ) ,`.
        case symbol(String)
        case end
    }

    /// A token with the range of source characters it came from.
    struct Located: Sendable, Equatable {
        var token: Token
        var start: Int
        var end: Int
    }

    /// A lexing or parsing failure at a character offset.
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    static func tokens(_ source: String) throws(Failure) -> [Located] {
        let chars = Array(source)
        var out: [Located] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            let start = i
            if c.isASCII && c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
                i = scanNumber(chars, from: i)
                let text = String(chars[start..<i])
                guard let value = Double(text) else { throw Failure(message: "malformed number '\(text)'", offset: start) }
                out.append(Located(token: .number(value), start: start, end: i))
            } else if c == "_" || c.isLetter {
                while i < chars.count, chars[i] == "_" || chars[i].isLetter || chars[i].isNumber { i += 1 }
                out.append(Located(token: .identifier(String(chars[start..<i])), start: start, end: i))
            } else if c == "'" || c == "\"" {
                var value = ""
                i += 1
                while true {
                    guard i < chars.count else { throw Failure(message: "unterminated string", offset: start) }
                    if chars[i] == c { break }
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    value.append(chars[i])
                    i += 1
                }
                i += 1
                out.append(Located(token: .string(value), start: start, end: i))
            } else {
                let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
                if ["**", "==", "!=", "<=", ">="].contains(two) {
                    i += 2
                    out.append(Located(token: .symbol(two), start: start, end: i))
                } else if "+-*/^<>(),".contains(c) {
                    i += 1
                    out.append(Located(token: .symbol(String(c)), start: start, end: i))
                } else if c == "=" {
                    throw Failure(message: "'=' is not an operator (use '==' to compare)", offset: start)
                } else {
                    throw Failure(message: "unexpected character '\(c)'", offset: start)
                }
            }
        }
        out.append(Located(token: .end, start: chars.count, end: chars.count))
        return out
    }

    /// Digits, an optional fraction and an optional exponent (`1`, `2.5`, `.5`, `1e-3`).
    private static func scanNumber(_ chars: [Character], from start: Int) -> Int {
        var i = start
        func digits() { while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 } }
        digits()
        if i < chars.count, chars[i] == "." {
            i += 1
            digits()
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, chars[j].isASCII, chars[j].isNumber {
                i = j
                digits()
            }
        }
        return i
    }
}
