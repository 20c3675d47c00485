// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Reads `weights.csv` (`t_ms,source,target,weight`, NEST's weight_recorder: a row per spike
/// through a recorded plastic synapse, in time order) into one `ProjectionWeights` per source
/// population → target population pair that occurs, ordered by source then target population.
/// Source and target are 0-based global neuron ids: the summary's populations in order, each
/// one's ids contiguous. The file is streamed; rows are merged per pair and time stamp as they
/// come, so ten million rows need no more memory than their distinct (pair, time) stamps.
public enum WeightCSVReader {
    public static let header = "t_ms,source,target,weight"

    /// The pairs in the file at `path`; `populations` are the summary's names and sizes.
    public static func read(path: String, populations: [(name: String, size: Int)]) throws(PlotInputError) -> [ProjectionWeights] {
        let sizes = populations.map(\.size)
        var starts: [Int] = []
        var total = 0
        for n in sizes {
            starts.append(total)
            total += n
        }
        let count = populations.count
        var pairs: [ProjectionWeights] = []
        var pairOfKey: [Int: Int] = [:]
        // Rows come in runs of one source neuron and often one pair: try the previous row's first.
        var lastSource = 0, lastTarget = 0, lastPair = -1
        var previousTime = -Double.infinity

        /// The population holding global id `id` (below `total`): the last one starting at or before it.
        func population(of id: Int) -> Int {
            var lo = 0, hi = count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if starts[mid] <= id { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
        func contains(_ p: Int, _ id: Int) -> Bool { id >= starts[p] && id < starts[p] + sizes[p] }

        try CSVRows.forEach(path: path, header: header, columns: 4) { (fields: CSVFields, number: Int) throws(PlotInputError) in
            guard let t = fields.number(0) else {
                throw PlotInputError("\(path): line \(number): t_ms '\(fields.text(0))' is not a number")
            }
            guard t >= previousTime else {
                throw PlotInputError("\(path): line \(number): t_ms \(t) comes after \(previousTime); rows must be in time order")
            }
            previousTime = t
            func neuron(_ i: Int, _ column: String) throws(PlotInputError) -> Int {
                guard let id = fields.unsigned(i) else {
                    throw PlotInputError("\(path): line \(number): \(column) '\(fields.text(i))' is not a non-negative integer")
                }
                guard id < total else {
                    throw PlotInputError("\(path): line \(number): \(column) \(id) is past the last neuron "
                        + "(summary.json's populations have \(total) neurons, ids 0 to \(total - 1))")
                }
                return id
            }
            let sourceId = try neuron(1, "source"), targetId = try neuron(2, "target")
            guard let weight = fields.number(3) else {
                throw PlotInputError("\(path): line \(number): weight '\(fields.text(3))' is not a number")
            }
            let s = contains(lastSource, sourceId) ? lastSource : population(of: sourceId)
            let d = contains(lastTarget, targetId) ? lastTarget : population(of: targetId)
            if lastPair < 0 || s != lastSource || d != lastTarget {
                let key = s * count + d
                if let known = pairOfKey[key] {
                    lastPair = known
                } else {
                    pairs.append(ProjectionWeights(source: s, target: d))
                    lastPair = pairs.count - 1
                    pairOfKey[key] = lastPair
                }
                lastSource = s
                lastTarget = d
            }
            pairs[lastPair].append(time: t, weight: weight)
        }
        return pairs.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
    }
}
