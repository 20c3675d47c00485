// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Writes step stamps as milliseconds with exactly the decimals of the resolution (0.1 ms →
/// "12.3"), using integer arithmetic so the text never shows binary rounding.
public struct TimeFormatter: Sendable {
    let decimals: Int
    let ticksPerStep: Int64
    let ticksPerMs: Int64

    public init(resolution: Double) {
        var k = 0
        var scale = 1.0
        while k < 9 && abs((resolution * scale).rounded() - resolution * scale) > 1e-9 * scale {
            k += 1
            scale *= 10
        }
        decimals = max(k, 1)
        var p: Int64 = 1
        for _ in 0..<decimals { p *= 10 }
        ticksPerMs = p
        ticksPerStep = Int64((resolution * Double(p)).rounded())
    }

    /// The text of `stamp` steps in ms.
    public func string(_ stamp: Int64) -> String {
        let ticks = stamp * ticksPerStep
        let whole = ticks / ticksPerMs
        let frac = String(abs(ticks % ticksPerMs))
        let sign = ticks < 0 && whole == 0 ? "-" : ""
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - frac.count) + frac
    }

    /// `stamp` steps in ms as the double nearest to the text `string(stamp)` shows: the integer
    /// ticks are divided once, so reading that text back gives the same double.
    public func milliseconds(_ stamp: Int64) -> Double {
        Double(stamp * ticksPerStep) / Double(ticksPerMs)
    }

    /// Appends the text of `stamp` steps in ms to `file`.
    public func write(_ stamp: Int64, to file: BufferedFile) {
        let ticks = stamp * ticksPerStep
        guard ticks >= 0 else {
            file.write(string(stamp))
            return
        }
        file.write(unsigned: UInt64(ticks / ticksPerMs))
        file.write(byte: UInt8(ascii: "."))
        var frac = ticks % ticksPerMs
        var p = ticksPerMs / 10
        while p > 0 {
            file.write(byte: UInt8(ascii: "0") + UInt8(frac / p))
            frac %= p
            p /= 10
        }
    }
}
