// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The header of a `.npy` file: a Python dict literal such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`. Only the literals NumPy
/// writes there are read — strings, True/False and tuples of sizes — so nothing is evaluated.
public enum NpyHeader {
    /// A value of the header's dict.
    public enum Value: Equatable, Sendable {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    public static func parse(_ text: String) throws(NpyReader.Failure) -> [String: Value] {
        var scanner = Scanner(characters: Array(text))
        return try scanner.dict()
    }

    /// A cursor over the header's characters.
    private struct Scanner {
        let characters: [Character]
        var position = 0

        private func fail(_ what: String) -> NpyReader.Failure {
            NpyReader.Failure(reason: "its header is not a dict NumPy writes: \(what) at character \(position + 1)")
        }

        private mutating func skipSpace() {
            while position < characters.count, characters[position].isWhitespace { position += 1 }
        }

        /// Skips space and consumes `c` if it comes next.
        private mutating func take(_ c: Character) -> Bool {
            skipSpace()
            guard position < characters.count, characters[position] == c else { return false }
            position += 1
            return true
        }

        private mutating func expect(_ c: Character) throws(NpyReader.Failure) {
            guard take(c) else { throw fail("expected '\(c)'") }
        }

        mutating func dict() throws(NpyReader.Failure) -> [String: Value] {
            try expect("{")
            var out: [String: Value] = [:]
            while !take("}") {
                let key = try string()
                try expect(":")
                guard out[key] == nil else { throw fail("key '\(key)' appears twice") }
                out[key] = try value()
                if !take(",") {
                    try expect("}")
                    break
                }
            }
            skipSpace()
            guard position == characters.count else { throw fail("unexpected text after the dict") }
            return out
        }

        private mutating func string() throws(NpyReader.Failure) -> String {
            skipSpace()
            guard position < characters.count, characters[position] == "'" || characters[position] == "\"" else {
                throw fail("expected a quoted string")
            }
            let quote = characters[position]
            position += 1
            let start = position
            while position < characters.count, characters[position] != quote {
                if characters[position] == "\\" { throw fail("escapes in strings are not read") }
                position += 1
            }
            guard position < characters.count else { throw fail("unterminated string") }
            defer { position += 1 }
            return String(characters[start..<position])
        }

        private mutating func value() throws(NpyReader.Failure) -> Value {
            skipSpace()
            guard position < characters.count else { throw fail("expected a value") }
            switch characters[position] {
            case "'", "\"": return .string(try string())
            case "(": return .tuple(try tuple())
            case "[": throw NpyReader.Failure(reason: "dtype is a structured dtype (a list of fields), which is not supported")
            default:
                let word = self.word()
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                default: throw fail("unexpected '\(word)'")
                }
            }
        }

        private mutating func word() -> String {
            let start = position
            while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" {
                position += 1
            }
            return String(characters[start..<position])
        }

        /// `()`, `(3,)` or `(3, 4)`; Python 2's `3L` is read too.
        private mutating func tuple() throws(NpyReader.Failure) -> [Int] {
            try expect("(")
            var out: [Int] = []
            while !take(")") {
                skipSpace()
                var digits = word()
                if digits.hasSuffix("L") { digits.removeLast() }
                guard let n = Int(digits), n >= 0 else { throw fail("expected a size") }
                out.append(n)
                if !take(",") {
                    try expect(")")
                    break
                }
            }
            return out
        }
    }
}
