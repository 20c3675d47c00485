// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// A run's output folder as the plots read it: the summary, the spikes, when the model has
/// rhythms their phase timelines, and when it recorded plastic weights those.
public struct RecordedRun: Sendable {
    public let summary: RunSummary
    public let spikes: SpikeTable
    /// Empty when the run wrote no rhythms.csv.
    public let rhythms: [RhythmTimeline]
    /// The recorded plastic weights per population pair; nil when the run wrote no weights.csv.
    public let weights: [ProjectionWeights]?

    public init(summary: RunSummary, spikes: SpikeTable, rhythms: [RhythmTimeline] = [], weights: [ProjectionWeights]? = nil) {
        self.summary = summary
        self.spikes = spikes
        self.rhythms = rhythms
        self.weights = weights
    }

    /// Reads `summary.json`, `spikes.csv` and (if present) `rhythms.csv` and `weights.csv` from `directory`.
    public static func load(directory: String) throws(PlotInputError) -> RecordedRun {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw PlotInputError("\(directory): no such directory (give the --out folder of a volley run)")
        }
        guard isDirectory.boolValue else { throw PlotInputError("\(directory): not a directory (give the --out folder of a volley run)") }
        let summaryPath = directory + "/summary.json"
        guard FileManager.default.fileExists(atPath: summaryPath) else {
            throw PlotInputError("\(directory): no summary.json; is this the output folder of a volley run?")
        }
        let spikesPath = directory + "/spikes.csv"
        guard FileManager.default.fileExists(atPath: spikesPath) else {
            throw PlotInputError("\(directory): no spikes.csv (volley bench and --out-less runs write none)")
        }
        let summary = try RunSummary.load(path: summaryPath)
        let spikes = try SpikeCSVReader.read(
            path: spikesPath, populations: summary.populations.map { ($0.name, $0.size) }, reported: summary.populations.map(\.reportedAs))
        let rhythmsPath = directory + "/rhythms.csv"
        let rhythms = FileManager.default.fileExists(atPath: rhythmsPath) ? try RhythmCSVReader.read(path: rhythmsPath) : []
        let weightsPath = directory + "/weights.csv"
        let weights = FileManager.default.fileExists(atPath: weightsPath)
            ? try WeightCSVReader.read(path: weightsPath, populations: summary.populations.map { ($0.name, $0.size) }) : nil
        return RecordedRun(summary: summary, spikes: spikes, rhythms: rhythms, weights: weights)
    }
}
