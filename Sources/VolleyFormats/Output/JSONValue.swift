// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A JSON value that keeps the order of object keys as written, for summaries and bench lines
/// that people read as well as parse.
public indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.compact() == b.compact() }

    /// One-line JSON.
    public func compact() -> String {
        var out = ""
        write(&out, indent: nil, level: 0)
        return out
    }

    /// Indented JSON (one key per line).
    public func pretty() -> String {
        var out = ""
        write(&out, indent: "  ", level: 0)
        return out + "\n"
    }

    private func write(_ out: inout String, indent: String?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (l: Int) in indent.map { String(repeating: $0, count: l) } ?? "" }
        switch self {
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, (k, v)) in members.enumerated() {
                out += pad(level + 1) + Self.quoted(k) + (indent == nil ? ":" : ": ")
                v.write(&out, indent: indent, level: level + 1)
                out += (i + 1 < members.count ? "," : "") + newline
            }
            out += pad(level) + "}"
        case .array(let items):
            out += "["
            for (i, v) in items.enumerated() {
                v.write(&out, indent: nil, level: 0)
                if i + 1 < items.count { out += indent == nil ? "," : ", " }
            }
            out += "]"
        case .string(let s): out += Self.quoted(s)
        case .number(let d): out += d.isFinite ? "\(d)" : "null"
        case .integer(let i): out += "\(i)"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
