// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// Per-neuron firing statistics from a `spikes.csv`, and the Kolmogorov–Smirnov distance used
/// to compare them with NEST's, as `shared/anchors/brunel_reference.py` computes them.
public struct SpikeStatistics: Sendable {
    /// Rate of each neuron in Hz, in global order (populations in the given order).
    public let rates: [Double]
    /// ISI coefficient of variation per neuron; `nil` for neurons with fewer than three spikes.
    public let cvs: [Double?]

    /// Reads spikes in (`from`, `from + duration`] ms. `populations` gives each population's
    /// name and size, in the order that defines global ids.
    public init(spikesCSV path: String, populations: [(String, Int)], from: Double, duration: Double) throws {
        var offset: [String: Int] = [:]
        var total = 0
        for (name, n) in populations {
            offset[name] = total
            total += n
        }
        var times = [[Double]](repeating: [], count: total)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 3, let base = offset[String(f[0])], let i = Int(f[1]), let t = Double(f[2]) else { continue }
            if t > from && t <= from + duration { times[base + i].append(t) }
        }
        rates = times.map { Double($0.count) / (duration / 1000) }
        cvs = times.map { ts in
            guard ts.count >= 3 else { return nil }
            let sorted = ts.sorted()
            let isi = zip(sorted.dropFirst(), sorted).map { $0 - $1 }
            let mean = isi.reduce(0, +) / Double(isi.count)
            let variance = isi.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(isi.count)
            return variance.squareRoot() / mean
        }
    }

    /// The two-sample Kolmogorov–Smirnov statistic (largest distance between the empirical CDFs).
    public static func ksDistance(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.sorted(), y = b.sorted()
        guard !x.isEmpty, !y.isEmpty else { return 1 }
        var i = 0, j = 0, d = 0.0
        while i < x.count && j < y.count {
            let v = min(x[i], y[j])
            while i < x.count && x[i] <= v { i += 1 }
            while j < y.count && y[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }
}
