// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// RFC 4648 base64 with padding, for binary columns inside the spec's JSON (the core has no
/// Foundation). Decoding takes the encoder's output only: no line breaks, no whitespace.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var v = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { v[Int(c)] = UInt8(i) }
        return v
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Self.alphabet
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out += [alphabet[Int(n >> 18)], alphabet[Int(n >> 12 & 63)], rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="), UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        let values = Self.values  // once, not a lazy global's check per character
        return text.withUTF8 { chars -> [UInt8]? in
            guard chars.count % 4 == 0 else { return nil }
            var padding = 0
            if chars.count >= 4 {
                if chars[chars.count - 1] == UInt8(ascii: "=") { padding += 1 }
                if chars[chars.count - 2] == UInt8(ascii: "=") { padding += 1 }
            }
            var out: [UInt8] = []
            out.reserveCapacity(chars.count / 4 * 3)
            var i = 0
            while i < chars.count {
                let last = i + 4 == chars.count
                var n: UInt32 = 0
                for k in 0..<4 {
                    let c = chars[i + k]
                    if last && c == UInt8(ascii: "=") && k >= 4 - padding { n <<= 6; continue }
                    let v = values[Int(c)]
                    if v == 0xFF { return nil }
                    n = n << 6 | UInt32(v)
                }
                out.append(UInt8(n >> 16))
                if !(last && padding == 2) { out.append(UInt8(n >> 8 & 0xFF)) }
                if !(last && padding >= 1) { out.append(UInt8(n & 0xFF)) }
                i += 4
            }
            return out
        }
    }
}
