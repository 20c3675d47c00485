// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The JSON text of the lines taps write, built by hand for speed: numbers as Swift prints
/// them, and strings escaped with `\u` for every control character (unlike `JSONValue`'s
/// pretty output, which names `\n` and `\t`), as those lines have always been written.
public enum JSONText {
    /// JSON has no infinities or NaN: those become null.
    public static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

    public static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
