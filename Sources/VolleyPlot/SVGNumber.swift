// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Coordinates as SVG text with at most one decimal: a tenth of a pixel is finer than any screen
/// shows, and short numbers keep a raster of thousands of spikes small and quick to load.
enum SVGNumber {
    /// The text of `x` rounded to a tenth ("12", "12.5", "-0.3"); non-finite values become 0 so a
    /// degenerate range can never produce an unreadable file.
    static func text(_ x: Double) -> String {
        var out = ""
        append(x, to: &out)
        return out
    }

    /// Appends the text of `x` to `out` without an intermediate String per number.
    static func append(_ x: Double, to out: inout String) {
        guard x.isFinite, abs(x) < 1e12 else {
            out += "0"
            return
        }
        let tenths = Int((x * 10).rounded())
        if tenths < 0 { out += "-" }
        let magnitude = tenths.magnitude
        out += String(magnitude / 10)
        if magnitude % 10 != 0 {
            out += "."
            out += String(magnitude % 10)
        }
    }
}
