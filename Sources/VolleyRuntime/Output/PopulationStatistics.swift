// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Per-population spike counts, rates and mean ISI coefficient of variation for `summary.json`,
/// accumulated per neuron as spikes arrive (no spike list is kept).
public final class PopulationStatistics: EpochObserver {
    private let layout: NetworkLayout
    private let resolution: Double
    private var spikes: [Int32]
    private var lastStamp: [Int64]
    private var isiSum: [Double]
    private var isiSquares: [Double]

    public init(layout: NetworkLayout, resolution: Double) {
        self.layout = layout
        self.resolution = resolution
        let n = layout.neuronCount
        spikes = [Int32](repeating: 0, count: n)
        lastStamp = [Int64](repeating: 0, count: n)
        isiSum = [Double](repeating: 0, count: n)
        isiSquares = [Double](repeating: 0, count: n)
    }

    public func observe(_ record: EpochRecord) throws {
        for key in record.spikes {
            let g = Int(key & 0xFFFF_FFFF)
            let stamp = Int64(key >> 32) + 1
            if spikes[g] > 0 {
                let isi = Double(stamp - lastStamp[g]) * resolution
                isiSum[g] += isi
                isiSquares[g] += isi * isi
            }
            spikes[g] += 1
            lastStamp[g] = stamp
        }
    }

    /// One population's figures over a run of `tSim` ms.
    public struct Figures: Sendable, Equatable {
        public let neurons: Int
        public let spikes: Int
        public let rateHz: Double
        /// Mean over neurons with at least three spikes; `nil` when there are none.
        public let cvIsiMean: Double?
    }

    /// The figures of population `p`.
    public func figures(population p: Int, tSim: Double) -> Figures {
        var total = 0
        var cvSum = 0.0
        var cvCount = 0
        for g in layout.offsets[p]..<layout.offsets[p + 1] {
            let k = Int(spikes[g])
            total += k
            guard k >= 3 else { continue }
            let m = Double(k - 1)
            let mean = isiSum[g] / m
            let variance = max(0, isiSquares[g] / m - mean * mean)
            cvSum += variance.squareRoot() / mean
            cvCount += 1
        }
        let n = layout.sizes[p]
        let rate = n > 0 && tSim > 0 ? Double(total) / Double(n) / (tSim / 1000) : 0
        return Figures(neurons: n, spikes: total, rateHz: rate, cvIsiMean: cvCount > 0 ? cvSum / Double(cvCount) : nil)
    }
}
