// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// One rhythm's phase and frequency at the start of every epoch, as `rhythms.csv` records them,
/// and the phase they imply at any moment.
public struct RhythmTimeline: Sendable, Equatable {
    public let name: String
    /// Epoch starts in ms, ascending; the phase (radians) and frequency (Hz) from each on.
    public private(set) var startMs: [Double] = []
    public private(set) var phase: [Double] = []
    public private(set) var frequencyHz: [Double] = []

    public init(name: String) { self.name = name }

    /// A timeline from (t_ms, phase, frequency_hz) rows in time order.
    public init(name: String, rows: [(startMs: Double, phase: Double, frequencyHz: Double)]) {
        self.name = name
        for r in rows { append(startMs: r.startMs, phase: r.phase, frequencyHz: r.frequencyHz) }
    }

    public mutating func append(startMs t: Double, phase p: Double, frequencyHz f: Double) {
        startMs.append(t)
        phase.append(p)
        frequencyHz.append(f)
    }

    /// The phase in [0, 2π) at `t` ms: the phase at the start of the epoch holding `t` plus
    /// 2π·f·(t − start). This is the phase the model saw for a rhythm that is on, since within an
    /// epoch its phase advances by a constant step — free-running, nested (the parent's step
    /// times the cycles) or entrained (the epoch's spike count spread over its steps) alike.
    /// Within an epoch it is only an approximation when that step is not what the rhythm does:
    /// a scrambled rhythm draws a random phase every step, and its epoch rows say nothing about
    /// the steps between them. Before the first row the first row's phase is extrapolated back.
    public func phase(atMs t: Double) -> Double {
        guard !startMs.isEmpty else { return 0 }
        let row = lastRow(atOrBefore: t) ?? 0
        let raw = phase[row] + 2 * Double.pi * frequencyHz[row] * (t - startMs[row]) / 1000
        let wrapped = raw.truncatingRemainder(dividingBy: 2 * Double.pi)
        let inCycle = wrapped < 0 ? wrapped + 2 * Double.pi : wrapped
        // Rounding can land exactly on 2π; that is phase 0.
        return inCycle >= 2 * Double.pi ? 0 : inCycle
    }

    /// The index of the last row starting at or before `t` (binary search), nil before the first.
    func lastRow(atOrBefore t: Double) -> Int? {
        var low = 0, high = startMs.count
        while low < high {
            let mid = (low + high) / 2
            if startMs[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}
