// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Population rates over time: each population's spikes per neuron per second in consecutive
/// bins of a window. The last bin may be shorter than the others; its rate is over its own width.
public struct PopulationRates: Sendable {
    /// Bin edges in ms: `edges[i] ..< edges[i + 1]` is bin i (the last edge is the window's end).
    public let edges: [Double]
    /// Spikes per population per bin.
    public let counts: [[Int]]
    /// Rate per population per bin in Hz (0 for an empty population).
    public let ratesHz: [[Double]]

    public init(spikes: SpikeTable, sizes: [Int], window: PlotWindow, binMs: Double) {
        precondition(binMs > 0 && window.duration > 0, "bins and window must have a positive width")
        let bins = max(1, Int((window.duration / binMs - 1e-9).rounded(.up)))
        let edges = (0...bins).map { k in k == bins ? window.stop : window.start + Double(k) * binMs }
        self.edges = edges
        var counts = Array(repeating: [Int](repeating: 0, count: bins), count: sizes.count)
        for i in 0..<spikes.count {
            let t = spikes.time[i]
            guard window.contains(t) else { continue }
            // (start + k·bin, start + (k+1)·bin] is bin k, matching the half-open window.
            let k = min(bins - 1, max(0, Int(((t - window.start) / binMs).rounded(.up)) - 1))
            counts[Int(spikes.population[i])][k] += 1
        }
        self.counts = counts
        let widths = (0..<bins).map { edges[$0 + 1] - edges[$0] }
        ratesHz = zip(counts, sizes).map { row, n in
            n == 0 ? row.map { _ in 0 } : zip(row, widths).map { c, w in Double(c) / Double(n) / (w / 1000) }
        }
    }

    /// The middle of bin `i`, where its rate is plotted.
    public func centre(_ i: Int) -> Double { (edges[i] + edges[i + 1]) / 2 }
}
