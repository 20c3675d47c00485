// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Spike phases relative to one rhythm, counted in equal bins over a cycle [0, 2π).
public struct PhaseHistogram: Sendable, Equatable {
    public let counts: [Int]

    /// Bins the phases of spikes stamped at `times` (ms). A spike stamped t happened in the step
    /// that ends at t, and the run measures phase (and vector strength) at that step's start,
    /// t − resolution; so does this.
    public init(times: some Sequence<Double>, timeline: RhythmTimeline, resolutionMs: Double, bins: Int) {
        precondition(bins > 0, "a histogram needs bins")
        var counts = [Int](repeating: 0, count: bins)
        let perRadian = Double(bins) / (2 * Double.pi)
        for t in times {
            let phase = timeline.phase(atMs: t - resolutionMs)
            counts[min(bins - 1, Int(phase * perRadian))] += 1
        }
        self.counts = counts
    }

    public var total: Int { counts.reduce(0, +) }

    /// The bin edges in radians, from 0 to 2π.
    public var edges: [Double] { (0...counts.count).map { 2 * Double.pi * Double($0) / Double(counts.count) } }
}
