// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Parses JSON as Python's `json` module writes it, including its `Infinity`, `-Infinity` and
/// `NaN` (NEST's parameter dumps contain them: `V_min: -Infinity`).
public struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0

    /// Why a text is not JSON.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let offset: Int
        public let reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var p = JSONParser(bytes: Array(text.utf8))
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw ParseError(offset: p.i, reason: "trailing characters") }
        return v
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    private mutating func literal(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { return false }
        i += w.count
        return true
    }

    private mutating func value() throws(ParseError) -> JSONValue {
        skipSpace()
        guard i < bytes.count else { throw ParseError(offset: i, reason: "unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        default:
            if literal("true") { return .bool(true) }
            if literal("false") { return .bool(false) }
            if literal("null") { return .null }
            if literal("NaN") { return .number(.nan) }
            if literal("Infinity") { return .number(.infinity) }
            if literal("-Infinity") { return .number(-.infinity) }
            return try number()
        }
    }

    private mutating func object() throws(ParseError) -> JSONValue {
        i += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw ParseError(offset: i, reason: "expected a key") }
            let k = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw ParseError(offset: i, reason: "expected ':'") }
            i += 1
            members.append((k, try value()))
            skipSpace()
            guard i < bytes.count else { throw ParseError(offset: i, reason: "unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw ParseError(offset: i, reason: "expected ',' or '}'")
        }
    }

    private mutating func array() throws(ParseError) -> JSONValue {
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw ParseError(offset: i, reason: "unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw ParseError(offset: i, reason: "expected ',' or ']'")
        }
    }

    private mutating func string() throws(ParseError) -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard i + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
                else { throw ParseError(offset: i, reason: "bad \\u escape") }
                i += 4
                out.append(contentsOf: String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
            default: out.append(e)
            }
        }
        throw ParseError(offset: i, reason: "unterminated string")
    }

    private mutating func number() throws(ParseError) -> JSONValue {
        let start = i
        while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
        guard let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
            throw ParseError(offset: start, reason: "not a value")
        }
        return .number(d)
    }
}

extension JSONValue {
    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The value as a number, if it is one.
    public var double: Double? {
        switch self {
        case .number(let d): d
        case .integer(let i): Double(i)
        default: nil
        }
    }

    /// The value as text, if it is a string.
    public var string: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    /// The elements of an array of numbers.
    public var doubles: [Double]? {
        guard case .array(let items) = self else { return nil }
        let ds = items.compactMap(\.double)
        return ds.count == items.count ? ds : nil
    }
}
