// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Finds the names a misspelt name was probably meant to be, so that a typo in one place of a
/// config produces a message naming both spellings.
enum NameSuggester {
    /// Candidates within edit distance 2 (insertions, deletions, substitutions, swaps of
    /// neighbours), closest first, at most `limit` of them. An edit must leave something in
    /// common, so that `x` does not suggest `a`.
    static func suggestions(for name: String, among candidates: [String], limit: Int = 4) -> [String] {
        let scored = candidates.compactMap { c -> (String, Int)? in
            guard c != name else { return nil }
            let d = distance(name, c)
            let longer = max(name.unicodeScalars.count, c.unicodeScalars.count)
            return d <= 2 && d < longer ? (c, d) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// ` (did you mean 'a' or 'b'?)`, or the empty string when nothing is close.
    static func hint(for name: String, among candidates: [String]) -> String {
        let s = suggestions(for: name, among: candidates)
        guard !s.isEmpty else { return "" }
        return " (did you mean \(orList(s.map { "'\($0)'" }))?)"
    }

    /// "a", "a or b", "a, b or c".
    static func orList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }

    /// A comma-separated list of known names, shortened when there are very many.
    static func knownList(_ names: [String], max: Int = 16) -> String {
        if names.isEmpty { return "none" }
        if names.count <= max { return names.joined(separator: ", ") }
        return names.prefix(max).joined(separator: ", ") + ", …"
    }

    /// The message for a key that does not belong where it stands: a suggestion when one is
    /// close, else the list of keys that do belong.
    static func unknownKey(_ key: String, where context: String, known: [String]) -> String {
        let hint = hint(for: key, among: known)
        let tail = hint.isEmpty ? " (known: \(knownList(known)))" : hint
        return "unknown key '\(key)' \(context)\(tail)"
    }

    /// Optimal string alignment distance over Unicode scalars.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
