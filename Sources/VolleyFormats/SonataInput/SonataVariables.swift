// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The `$NAME` and `${NAME}` variables of one config file, as BMTK defines them: the file's
/// `manifest`, whose entries may use each other, and the built-ins `configdir` (the file's own
/// directory, so each child config has its own), `configfname` and `workingdir`. BMTK leaves an
/// unknown variable in the text, to fail later as a missing file; here it is an error naming it.
struct SonataVariables {
    /// The config file, for messages.
    let path: String
    /// Every variable, resolved: no value holds a `$` reference any more.
    private(set) var values: [String: String]

    /// Resolves `manifest` (an object of strings, keys with or without their `$`) in the
    /// context of the config file at the absolute `path`.
    init(manifest: JSONValue?, path: String, workingDirectory: String) throws(FileFormatError) {
        self.path = path
        values = ["configdir": SonataPath.directory(of: path), "configfname": path, "workingdir": workingDirectory]
        guard let manifest else { return }
        guard case .object(let entries) = manifest else {
            throw FileFormatError(path: path, reason: "manifest is not an object")
        }
        var raw: [String: String] = [:]
        for (key, value) in entries {
            let name = key.hasPrefix("$") ? String(key.dropFirst()) : key
            guard case .string(let text) = value else {
                throw FileFormatError(path: path, reason: "manifest entry \(key) is not a string")
            }
            raw[name] = text
        }
        // A manifest entry shadows a built-in of the same name, as in BMTK.
        for name in raw.keys { values[name] = nil }
        for (key, _) in entries {
            let name = key.hasPrefix("$") ? String(key.dropFirst()) : key
            _ = try resolve(name, raw: raw, chain: [])
        }
    }

    /// The value of manifest entry `name`, resolving what it uses first; `chain` is the entries
    /// being resolved, outermost first, to name a cycle when one closes.
    private mutating func resolve(_ name: String, raw: [String: String], chain: [String]) throws(FileFormatError) -> String {
        if let known = values[name] { return known }
        guard let text = raw[name] else {
            let user = chain.last.map { "manifest entry $\($0)" } ?? "the manifest"
            throw FileFormatError(path: path, reason: "unknown variable $\(name) in \(user)")
        }
        if let start = chain.firstIndex(of: name) {
            let cycle = (chain[start...] + [name]).map { "$" + $0 }.joined(separator: " → ")
            throw FileFormatError(path: path, reason: "manifest variables form a cycle: \(cycle)")
        }
        var resolved = ""
        for piece in try Self.pieces(of: text, path: path, place: "manifest entry $\(name)") {
            switch piece {
            case .text(let t): resolved += t
            case .variable(let v): resolved += try resolve(v, raw: raw, chain: chain + [name])
            }
        }
        values[name] = resolved
        return resolved
    }

    /// `text` with every variable replaced; `place` says where the text is, for messages.
    func substitute(_ text: String, place: String) throws(FileFormatError) -> String {
        var out = ""
        for piece in try Self.pieces(of: text, path: path, place: place) {
            switch piece {
            case .text(let t): out += t
            case .variable(let v):
                guard let value = values[v] else {
                    throw FileFormatError(path: path, reason: "unknown variable $\(v) in \(place)")
                }
                out += value
            }
        }
        return out
    }

    /// `value` with every string in it substituted, except in the manifest itself; `place` is
    /// the value's key path ("networks.nodes[0].nodes_file").
    func substitute(_ value: JSONValue, place: String) throws(FileFormatError) -> JSONValue {
        switch value {
        case .string(let text): return .string(try substitute(text, place: place))
        case .array(let items):
            var out: [JSONValue] = []
            for (i, item) in items.enumerated() { out.append(try substitute(item, place: "\(place)[\(i)]")) }
            return .array(out)
        case .object(let members):
            var out: [(String, JSONValue)] = []
            for (key, member) in members {
                let inner = place.isEmpty ? key : place + "." + key
                out.append((key, place.isEmpty && key == "manifest" ? member : try substitute(member, place: inner)))
            }
            return .object(out)
        default: return value
        }
    }

    /// A piece of a string: literal text or the name of a variable.
    enum Piece: Equatable {
        case text(String)
        case variable(String)
    }

    /// `text` split at its variables. A name is letters, digits and `_` (Python's `\w`, in ASCII);
    /// a `$` not followed by one, or by `{`, is literal, as in BMTK.
    static func pieces(of text: String, path: String, place: String) throws(FileFormatError) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        let chars = Array(text.unicodeScalars)
        func isWord(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) || ("0"..."9").contains(c) }
        var i = 0
        while i < chars.count {
            guard chars[i] == "$", i + 1 < chars.count else {
                literal.unicodeScalars.append(chars[i])
                i += 1
                continue
            }
            var name = ""
            var end = i + 1
            if chars[end] == "{" {
                end += 1
                while end < chars.count, isWord(chars[end]) { name.unicodeScalars.append(chars[end]); end += 1 }
                guard end < chars.count, chars[end] == "}", !name.isEmpty else {
                    throw FileFormatError(path: path, reason: "unterminated or empty ${...} in \(place): \"\(text)\"")
                }
                end += 1
            } else {
                while end < chars.count, isWord(chars[end]) { name.unicodeScalars.append(chars[end]); end += 1 }
            }
            if name.isEmpty {
                literal.unicodeScalars.append(chars[i])
                i += 1
                continue
            }
            if !literal.isEmpty { pieces.append(.text(literal)); literal = "" }
            pieces.append(.variable(name))
            i = end
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }
}
