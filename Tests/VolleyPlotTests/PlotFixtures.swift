// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyPlot
import VolleyFormats

/// Small recorded runs made up in memory, so figure tests know every spike.
enum PlotFixtures {
    /// A run of `tSim` ms with these populations and spikes (population index, neuron, t_ms).
    static func run(populations: [(name: String, size: Int, rateHz: Double?)], spikes: [(Int, Int, Double)],
                    tSim: Double = 100, rhythms: [RhythmTimeline] = [], summaryRhythms: [RunSummary.Rhythm] = [],
                    vectorStrength: [String: [String: Double]] = [:]) -> RecordedRun {
        let summary = RunSummary(
            model: "fixture", resolutionMs: 0.1, tSimMs: tSim,
            populations: populations.map {
                RunSummary.Population(name: $0.name, size: $0.size, rateHz: $0.rateHz, vectorStrength: vectorStrength[$0.name] ?? [:])
            },
            rhythms: summaryRhythms)
        return RecordedRun(summary: summary, spikes: SpikeTable(spikes.map { (population: $0.0, neuron: $0.1, time: $0.2) }),
                           rhythms: rhythms)
    }

    /// Deterministic pseudo-random spikes: `count` of them over (0, tSim] among `sizes` neurons.
    static func spikes(count: Int, sizes: [Int], tSim: Double) -> [(Int, Int, Double)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let steps = UInt64(tSim * 10)
        return (0..<count).map { _ in
            let p = Int(next() % UInt64(sizes.count))
            let n = Int(next() % UInt64(sizes[p]))
            return (p, n, Double(1 + next() % steps) / 10)
        }
    }

    /// Count of "M" (a new mark) in path data.
    static func marks(_ d: String) -> Int { d.utf8.filter { $0 == UInt8(ascii: "M") }.count }

    /// A fresh temporary directory.
    static func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("volley-plot-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
