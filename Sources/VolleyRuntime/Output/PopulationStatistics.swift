// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule
import VolleyCore

/// Per-population spike counts, rates, mean ISI coefficient of variation and synchrony for
/// `summary.json`, accumulated per neuron as spikes arrive (no spike list is kept).
public final class PopulationStatistics: EpochObserver {
    /// The bins of the synchrony measure χ (ms).
    public static let synchronyBinMs = 2.0

    private let layout: NetworkLayout
    private let resolution: Double
    private var spikes: [Int32]
    private var lastStamp: [Int64]
    private var isiSum: [Double]
    private var isiSquares: [Double]
    /// χ: steps per bin; per neuron, its last spike's bin, its spikes there and Σ (spikes per
    /// bin)² over the bins before; per population, the same for the whole population's counts.
    private let binSteps: Int64
    private var neuronBin: [Int64]
    private var neuronBinCount: [Int32]
    private var neuronSquares: [Double]
    private var populationBin: [Int64]
    private var populationBinCount: [Double]
    private var populationSquares: [Double]
    /// Each population's spikes per millisecond, for the spectrum of its activity.
    private var millisecondCounts: [[Int32]]
    private let millisecondSteps: Int64

    public init(layout: NetworkLayout, resolution: Double) {
        self.layout = layout
        self.resolution = resolution
        let n = layout.neuronCount
        spikes = [Int32](repeating: 0, count: n)
        lastStamp = [Int64](repeating: 0, count: n)
        isiSum = [Double](repeating: 0, count: n)
        isiSquares = [Double](repeating: 0, count: n)
        binSteps = max(1, Int64((Self.synchronyBinMs / resolution).rounded()))
        neuronBin = [Int64](repeating: -1, count: n)
        neuronBinCount = [Int32](repeating: 0, count: n)
        neuronSquares = [Double](repeating: 0, count: n)
        let populations = layout.sizes.count
        populationBin = [Int64](repeating: -1, count: populations)
        populationBinCount = [Double](repeating: 0, count: populations)
        populationSquares = [Double](repeating: 0, count: populations)
        millisecondCounts = Array(repeating: [], count: populations)
        millisecondSteps = max(1, Int64((1.0 / resolution).rounded()))
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
            // Spikes come by step, so every bin index only grows.
            let bin = Int64(key >> 32) / binSteps
            if neuronBin[g] == bin {
                neuronBinCount[g] += 1
            } else {
                let c = Double(neuronBinCount[g])
                neuronSquares[g] += c * c
                neuronBin[g] = bin
                neuronBinCount[g] = 1
            }
            let p = layout.population(ofGlobal: g)
            let ms = Int(Int64(key >> 32) / millisecondSteps)
            if millisecondCounts[p].count <= ms { millisecondCounts[p] += [Int32](repeating: 0, count: ms + 1 - millisecondCounts[p].count) }
            millisecondCounts[p][ms] += 1
            if populationBin[p] == bin {
                populationBinCount[p] += 1
            } else {
                populationSquares[p] += populationBinCount[p] * populationBinCount[p]
                populationBin[p] = bin
                populationBinCount[p] = 1
            }
        }
    }

    /// The frequency (Hz) of population `p`'s rhythm: in the power spectrum of its activity
    /// (spikes per 1 ms bin, mean removed, the whole run) between 5 and 250 Hz, on a grid of
    /// max(1/T, 0.25) Hz, the lowest local peak with at least half the power of the largest, so
    /// a rhythm's fundamental rather than a harmonic of it (synchronous volleys have strong
    /// harmonics); nil without spikes.
    func peakFrequency(population p: Int, tSim: Double) -> Double? {
        let counts = millisecondCounts[p]
        let bins = Int((tSim / (Double(millisecondSteps) * resolution)).rounded(.up))
        guard bins >= 20, !counts.isEmpty else { return nil }
        var x = [Double](repeating: 0, count: bins)
        for (i, c) in counts.enumerated() where i < bins { x[i] = Double(c) }
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
        var total = 0.0, individual = 0.0
        for g in layout.offsets[p]..<layout.offsets[p + 1] {
            let k = Double(spikes[g])
            total += k
            let c = Double(neuronBinCount[g])
            let squares = neuronSquares[g] + c * c
            individual += squares / bins - (k / bins) * (k / bins)
        }
        guard total > 0, individual > 0 else { return nil }
        let squares = populationSquares[p] + populationBinCount[p] * populationBinCount[p]
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
