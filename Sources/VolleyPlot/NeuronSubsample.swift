// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The neurons of one population that a raster shows: all of them up to `cap`, otherwise `cap`
/// evenly spaced ones, so a 10,000-neuron population still reads as a population and the
/// picture stays small.
public struct NeuronSubsample: Sendable {
    public let size: Int
    /// The neurons shown, ascending.
    public let shown: [Int]
    /// Each neuron's row in the population's band, -1 when not shown.
    private let rowOfNeuron: [Int32]

    public init(size: Int, cap: Int) {
        self.size = size
        let count = min(size, max(1, cap))
        // The centres of `count` equal slices of 0..<size: evenly spaced, first and last
        // neurons half a slice in from the ends, and distinct because size ≥ count.
        shown = count == size ? Array(0..<size) : (0..<count).map { k in (2 * k + 1) * size / (2 * count) }
        var rows = [Int32](repeating: -1, count: size)
        for (row, neuron) in shown.enumerated() { rows[neuron] = Int32(row) }
        rowOfNeuron = rows
    }

    /// Whether every neuron is shown.
    public var isComplete: Bool { shown.count == size }

    /// The row of `neuron` within the band (0 = the band's top), nil when it is not shown.
    @inline(__always)
    public func row(of neuron: Int) -> Int? {
        guard neuron >= 0, neuron < size else { return nil }
        let r = rowOfNeuron[neuron]
        return r < 0 ? nil : Int(r)
    }
}
