// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Converts between milliseconds and integer steps the way NEST does (`nestkernel/nest_time.h`):
/// times become integer tics (1000 per ms), tics become steps.
public struct TimeGrid: Sendable, Equatable {
    /// The step `h` in ms.
    public let resolution: Double
    /// NEST's tics per step (100 for h = 0.1 ms).
    public let ticsPerStep: Int64

    static let ticsPerMs = 1000.0

    /// A grid of step `resolution` ms; `nil` unless it is a positive whole number of tics (µs).
    public init?(resolution: Double) {
        let tics = (resolution * Self.ticsPerMs).rounded()
        guard resolution > 0, tics >= 1, abs(tics - resolution * Self.ticsPerMs) < 1e-6 * max(1, tics) else {
            return nil
        }
        self.resolution = resolution
        self.ticsPerStep = Int64(tics)
    }

    /// The step count of a time that must lie on the grid (a delay, a spike time, a duration);
    /// `nil` when it does not.
    public func exactSteps(_ ms: Double) -> Int64? {
        guard ms.isFinite else { return nil }
        let s = (ms / resolution).rounded()
        guard abs(s * resolution - ms) <= 1e-9 * max(1, abs(ms)) else { return nil }
        return Int64(s)
    }

    /// NEST's `Time(Time::ms(t)).get_steps()`: tics rounded to nearest, steps rounded up.
    /// Used for refractory periods and device windows. Infinite times map to `Int64.max`.
    public func stepsRoundingUp(_ ms: Double) -> Int64 {
        if ms == .infinity { return Int64.max / 4 }
        if ms == -.infinity { return Int64.min / 4 }
        let tics = Int64((ms * Self.ticsPerMs + (ms >= 0 ? 0.5 : -0.5)).rounded(.towardZero))
        let q = tics / ticsPerStep
        return tics % ticsPerStep > 0 ? q + 1 : q
    }

    /// NEST's `Time::delay_ms_to_steps`: ms times steps per ms, rounded half up; used for drawn delays.
    public func delaySteps(_ ms: Double) -> Int64 {
        Int64((ms * (Self.ticsPerMs / Double(ticsPerStep)) + 0.5).rounded(.down))
    }

    /// NEST's `Time::ms_stamp` (`Time::fromstamp`): the step whose end is the smallest grid time
    /// ≥ `ms`, computed in whole tics (truncated), as a `spike_generator` with `precise_times`
    /// places a spike. A plain `ceil(ms / h)` differs just off the grid: 0.30000000000000004 ms
    /// is step 3 for NEST, 4 for ceil.
    public func stampSteps(_ ms: Double) -> Int64 {
        var n = Int64(ms * Self.ticsPerMs)
        n -= n % ticsPerStep
        if Double(n / ticsPerStep) * resolution < ms { n += ticsPerStep }
        return n / ticsPerStep
    }

    /// The time in ms of a step stamp.
    public func ms(_ steps: Int64) -> Double { Double(steps) * resolution }
}
