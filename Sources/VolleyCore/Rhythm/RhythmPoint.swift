// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A rhythm's phase (radians, as the model sees it) and frequency (Hz) at one step: a point of
/// a run's rhythm timeline, as rhythms.csv writes it and taps receive it.
public struct RhythmPoint: Equatable, Sendable {
    public var rhythm: UInt32
    public var step: UInt64
    public var phase: Double
    public var frequency: Double

    public init(rhythm: UInt32, step: UInt64, phase: Double, frequency: Double) {
        self.rhythm = rhythm
        self.step = step
        self.phase = phase
        self.frequency = frequency
    }
}

extension EpochRhythms {
    /// Every rhythm's point at the epoch's first step: its phase as the model sees it there,
    /// and its frequency over the epoch, `advance · steps/s / 2π` (an entrained rhythm's
    /// includes the epoch's kicks), or 0 for a rhythm that is off. The one derivation of the
    /// timeline, for rhythms.csv and for the taps alike.
    public func timeline(stepsPerSecond: Double) -> [RhythmPoint] {
        states.indices.map { r in
            RhythmPoint(
                rhythm: UInt32(r), step: UInt64(start), phase: phase(r, step: start),
                frequency: modes[r] == .off ? 0 : states[r].advance * stepsPerSecond / (2 * Double.pi))
        }
    }
}
