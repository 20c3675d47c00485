// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Reads `spikes.csv` (`population,neuron,t_ms`) into a `SpikeTable`, checking every row against
/// the populations of the run's summary and naming the line of the first bad one.
public enum SpikeCSVReader {
    public static let header = "population,neuron,t_ms"

    /// The spikes in the file at `path`; `populations` are the summary's names and sizes, in the
    /// order the table's population indices refer to.
    /// `reported`: per population, the name and ids spikes.csv gives its neurons when they are
    /// not its own (a SONATA run); such rows are mapped back to the population and index.
    public static func read(
        path: String, populations: [(name: String, size: Int)], reported: [RunSummary.ReportedNames?] = []
    ) throws(PlotInputError) -> SpikeTable {
        if reported.contains(where: { $0 != nil }) { return try readReported(path: path, populations: populations, reported: reported) }
        let names = populations.map { Array($0.name.utf8) }
        let sizes = populations.map(\.size)
        var table = SpikeTable()
        var last = 0
        try CSVRows.forEach(path: path, header: header, columns: 3) { (fields: CSVFields, number: Int) throws(PlotInputError) in
            // Rows come in runs of one population; try the previous row's first.
            var p = last
            if names.isEmpty || !fields.equals(0, names[p]) {
                guard let found = names.firstIndex(where: { fields.equals(0, $0) }) else {
                    throw PlotInputError("\(path): line \(number): population '\(fields.text(0))' is not in summary.json "
                        + "(it has \(populations.map(\.name).joined(separator: ", ")))")
                }
                p = found
                last = found
            }
            guard let neuron = fields.unsigned(1) else {
                throw PlotInputError("\(path): line \(number): neuron '\(fields.text(1))' is not a non-negative integer")
            }
            guard neuron < sizes[p] else {
                throw PlotInputError("\(path): line \(number): neuron \(neuron) is past the end of \(populations[p].name) "
                    + "(\(sizes[p]) neurons)")
            }
            guard let t = fields.number(2) else {
                throw PlotInputError("\(path): line \(number): t_ms '\(fields.text(2))' is not a number")
            }
            table.append(population: Int32(p), neuron: Int32(neuron), time: t)
        }
        return table
    }

    /// Rows named by reported population and id: each (name, id) is looked up.
    private static func readReported(
        path: String, populations: [(name: String, size: Int)], reported: [RunSummary.ReportedNames?]
    ) throws(PlotInputError) -> SpikeTable {
        var lookup: [String: [Int: (population: Int, index: Int)]] = [:]
        for (p, population) in populations.enumerated() {
            guard let r = p < reported.count ? reported[p] : nil else {
                for i in 0..<population.size { lookup[population.name, default: [:]][i] = (p, i) }
                continue
            }
            for (i, id) in r.nodeIds.enumerated() { lookup[r.population, default: [:]][id] = (p, i) }
        }
        var table = SpikeTable()
        try CSVRows.forEach(path: path, header: header, columns: 3) { (fields: CSVFields, number: Int) throws(PlotInputError) in
            guard let ids = lookup[fields.text(0)] else {
                throw PlotInputError("\(path): line \(number): population '\(fields.text(0))' is not in summary.json")
            }
            guard let id = fields.unsigned(1), let at = ids[Int(id)] else {
                throw PlotInputError("\(path): line \(number): neuron '\(fields.text(1))' is not one of \(fields.text(0))'s ids")
            }
            guard let t = fields.number(2) else {
                throw PlotInputError("\(path): line \(number): t_ms '\(fields.text(2))' is not a number")
            }
            table.append(population: Int32(at.population), neuron: Int32(at.index), time: t)
        }
        return table
    }
}
