// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// Axis ticks at round numbers — 1, 2 or 5 × 10ᵏ apart, about `target` of them — as people
/// label axes by hand (Heckbert's "nice numbers", Graphics Gems, 1990).
public struct NiceTicks: Sendable, Equatable {
    /// The distance between ticks.
    public let step: Double
    /// The tick values, ascending, all within `lower ... upper`.
    public let values: [Double]
    /// The axis range: the data range, or the data range widened to whole steps with `expand`.
    public let lower: Double
    public let upper: Double

    /// Ticks for data from `low` to `high`. With `expand`, the range grows to the enclosing
    /// ticks (a rate axis ends on a labelled value); without it the range is kept as given (a
    /// time window stays the window the user asked for).
    public init(from low: Double, to high: Double, target: Int = 6, expand: Bool = false) {
        var lo = low.isFinite ? low : 0
        var hi = high.isFinite ? high : 1
        if hi < lo { swap(&lo, &hi) }
        if hi - lo < 1e-12 * max(1, abs(lo)) {
            // A single value: give it some room so the axis still reads as a scale.
            let pad = lo == 0 ? 1 : abs(lo) * 0.5
            // A count or a rate of zero stays at zero rather than growing a negative axis.
            let staysAtZero = expand && lo >= 0 && lo - pad < 0
            lo = staysAtZero ? 0 : lo - pad
            hi += pad
        }
        let step = Self.niceStep((hi - lo) / Double(max(1, target)))
        if expand {
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
        }
        // Ticks are multiples of the step; rounding k·step, not summing steps, keeps "0.3" exact.
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        var values: [Double] = []
        if last >= first {
            for k in Int(first)...Int(last) { values.append(Double(k) * step) }
        }
        self.step = step
        self.values = values
        self.lower = lo
        self.upper = hi
    }

    /// Ticks at chosen values (π/2 steps on a phase axis) over `lower ... upper`.
    public init(values: [Double], lower: Double, upper: Double) {
        self.values = values
        self.lower = lower
        self.upper = upper
        step = zip(values.dropFirst(), values).map { $0 - $1 }.min() ?? 1
    }

    /// The text of tick `value` with as many decimals as the step needs and no more.
    public func label(_ value: Double) -> String {
        let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
        let text = String(format: "%.\(decimals)f", value)
        // "-0" and "-0.0" read as a mistake on an axis.
        return text.allSatisfy({ "-0.".contains($0) }) ? String(text.drop { $0 == "-" }) : text
    }

    /// The round number (1, 2 or 5 × 10ᵏ) nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        let fraction = raw / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }
}
