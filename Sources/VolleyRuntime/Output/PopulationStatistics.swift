// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule
import VolleyCore

/// Per-population spike counts, rates, mean ISI coefficient of variation and synchrony for
/// `summary.json`, accumulated per neuron as spikes arrive (no spike list is kept).
public final class PopulationStatistics: EpochSink {
    /// The bins of the synchrony measure χ (ms).
    public static let synchronyBinMs = 2.0

    private let layout: NetworkLayout
    private let resolution: Double
    private var spikes: [Int32]
    private var lastStamp: [Int64]
    private var isiSum: [Double]
    private var isiSquares: [Double]
    /// χ: steps per bin; per neuron, its last spike's bin (high 40 bits) and its spikes there
    /// (low 24), one word so a spike costs one more memory access; per population, Σ over its
    /// neurons and bins of (spikes per bin)², and the same for the population's own counts.
    private let binSteps: Int64
    private var neuronBin: [UInt64]
    private var individualSquares: [Double]
    /// Every population's spikes per millisecond, for the spectrum of its activity:
    /// millisecond m of population p at `m · populations + p` (one flat array: no nested copy
    /// checks per spike).
    private var millisecondCounts: [Int32] = []
    private let populations: Int
    private let millisecondSteps: Int64

    public init(layout: NetworkLayout, resolution: Double) {
        self.layout = layout
        self.resolution = resolution
        let n = layout.neuronCount
        spikes = [Int32](repeating: 0, count: n)
        lastStamp = [Int64](repeating: 0, count: n)
        isiSum = [Double](repeating: 0, count: n)
        isiSquares = [Double](repeating: 0, count: n)
        // χ's bins are two of the spectrum's millisecond bins, so the population's counts per
        // bin come from those.
        binSteps = 2 * max(1, Int64((1.0 / resolution).rounded()))
        neuronBin = [UInt64](repeating: .max, count: n)
        let populations = layout.sizes.count
        individualSquares = [Double](repeating: 0, count: populations)
        self.populations = populations
        millisecondSteps = max(1, Int64((1.0 / resolution).rounded()))
    }

    public func observe(_ record: EpochRecord) throws {
        guard !record.spikes.isEmpty else { return }
        // The per-neuron arrays move into locals for the loop: a class's stored arrays would be
        // checked for exclusive access on every spike.
        var spikes = take(&self.spikes), lastStamp = take(&self.lastStamp)
        var isiSum = take(&self.isiSum), isiSquares = take(&self.isiSquares)
        var neuronBin = take(&self.neuronBin), individualSquares = take(&self.individualSquares)
        var counts = take(&millisecondCounts)
        defer {
            self.spikes = spikes
            self.lastStamp = lastStamp
            self.isiSum = isiSum
            self.isiSquares = isiSquares
            self.neuronBin = neuronBin
            self.individualSquares = individualSquares
            millisecondCounts = counts
        }
        let offsets = layout.offsets
        var p = 0
        var step = UInt64.max, bin: Int64 = 0, base = 0
        for key in record.spikes {
            let g = Int(key & 0xFFFF_FFFF)
            // Within a step ids ascend, so the population is mostly the last one or the next.
            if g < offsets[p] || g >= offsets[p + 1] { p = layout.population(ofGlobal: g) }
            if key >> 32 != step {
                // Spikes come by step, so bins only grow.
                step = key >> 32
                bin = Int64(step) / binSteps
                base = Int(Int64(step) / millisecondSteps) * populations
                if counts.count < base + populations { counts.append(contentsOf: repeatElement(0, count: base + populations - counts.count)) }
            }
            let stamp = Int64(step) + 1
            if spikes[g] > 0 {
                let isi = Double(stamp - lastStamp[g]) * resolution
                isiSum[g] += isi
                isiSquares[g] += isi * isi
            }
            spikes[g] += 1
            lastStamp[g] = stamp
            let state = neuronBin[g]
            if state != .max && Int64(state >> 24) == bin {
                // One more spike in the bin: (c + 1)² − c² = 2c + 1.
                individualSquares[p] += Double(2 * (state & 0xFF_FFFF) + 1)
                neuronBin[g] = state + 1
            } else {
                individualSquares[p] += 1
                neuronBin[g] = UInt64(bin) << 24 | 1
            }
            counts[base + p] += 1
        }
    }

    private func take<T>(_ array: inout [T]) -> [T] {
        var out: [T] = []
        swap(&out, &array)
        return out
    }

    /// The frequency (Hz) of population `p`'s rhythm: in the power spectrum of its activity
    /// (spikes per 1 ms bin, mean removed, the whole run) between 5 and 250 Hz, on a grid of
    /// max(1/T, 0.25) Hz, the lowest local peak with at least half the power of the largest, so
    /// a rhythm's fundamental rather than a harmonic of it (synchronous volleys have strong
    /// harmonics); nil without spikes.
    func peakFrequency(population p: Int, tSim: Double) -> Double? {
        let bins = Int((tSim / (Double(millisecondSteps) * resolution)).rounded(.up))
        guard bins >= 20, !millisecondCounts.isEmpty else { return nil }
        var x = [Double](repeating: 0, count: bins)
        for i in 0..<bins where i * populations + p < millisecondCounts.count { x[i] = Double(millisecondCounts[i * populations + p]) }
        let mean = x.reduce(0, +) / Double(bins)
        for i in x.indices { x[i] -= mean }
        let seconds = Double(bins) / 1000
        let step = max(1 / seconds, 0.25)
        var frequencies: [Double] = [], powers: [Double] = []
        var f = (5 / step).rounded(.up) * step
        while f <= 250 {
            // Σ x_n e^{−2πi f n Δ}, the phasor turned by a fixed rotation per bin.
            let angle = -2 * Double.pi * f / 1000
            let (c, s) = (Double.cos(angle), Double.sin(angle))
            var re = 0.0, im = 0.0, pr = 1.0, pi = 0.0
            for v in x {
                re += v * pr
                im += v * pi
                (pr, pi) = (pr * c - pi * s, pr * s + pi * c)
            }
            frequencies.append(f)
            powers.append(re * re + im * im)
            f += step
        }
        guard let largest = powers.max(), largest > 0 else { return nil }
        for k in powers.indices where powers[k] >= 0.5 * largest {
            let left = k == 0 ? -Double.infinity : powers[k - 1]
            let right = k + 1 == powers.count ? -Double.infinity : powers[k + 1]
            if powers[k] >= left && powers[k] >= right { return frequencies[k] }
        }
        return frequencies[powers.firstIndex(of: largest)!]
    }

    /// Golomb's synchrony χ of population `p` over spike counts in bins of `synchronyBinMs`:
    /// χ² = Var_t(mean over neurons of s_i(t)) / mean over neurons of Var_t(s_i(t)). About
    /// 1/√N for independent neurons, near 1 when they fire together. nil without spikes.
    func synchrony(population p: Int, tSim: Double) -> Double? {
        let bins = (tSim / (Double(binSteps) * resolution)).rounded(.up)
        let n = Double(layout.sizes[p])
        guard bins > 0, n > 1 else { return nil }
        var total = 0.0, countSquares = 0.0
        for g in layout.offsets[p]..<layout.offsets[p + 1] {
            let k = Double(spikes[g])
            total += k
            countSquares += k * k
        }
        // Σ over neurons of Var_t(s_i) = Σ_i Σ_t s_i(t)² / bins − Σ_i (k_i / bins)².
        let individual = individualSquares[p] / bins - countSquares / (bins * bins)
        guard total > 0, individual > 0 else { return nil }
        var squares = 0.0
        for b in 0..<Int(bins) {
            var c = 0.0
            for ms in [2 * b, 2 * b + 1] where ms * populations + p < millisecondCounts.count {
                c += Double(millisecondCounts[ms * populations + p])
            }
            squares += c * c
        }
        let collective = (squares / bins - (total / bins) * (total / bins)) / (n * n)
        return (max(0, collective) / (individual / n)).squareRoot()
    }

    /// One population's figures over a run of `tSim` ms.
    public struct Figures: Sendable, Equatable {
        public let neurons: Int
        public let spikes: Int
        public let rateHz: Double
        /// Mean over neurons with at least three spikes; `nil` when there are none.
        public let cvIsiMean: Double?
        /// Golomb's χ over 2 ms spike-count bins (`synchrony`); nil without spikes.
        public let synchronyChi: Double?
        /// The frequency of the activity's rhythm in 5–250 Hz (`peakFrequency`); nil without spikes.
        public let peakFrequencyHz: Double?
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
        return Figures(
            neurons: n, spikes: total, rateHz: rate, cvIsiMean: cvCount > 0 ? cvSum / Double(cvCount) : nil,
            synchronyChi: synchrony(population: p, tSim: tSim), peakFrequencyHz: peakFrequency(population: p, tSim: tSim))
    }
}
