// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Reads `rhythms.csv` (`rhythm,t_ms,phase,frequency_hz`, a row per rhythm at the start of every
/// epoch) into one timeline per rhythm, in the order the rhythms first appear.
public enum RhythmCSVReader {
    public static let header = "rhythm,t_ms,phase,frequency_hz"

    public static func read(path: String) throws(PlotInputError) -> [RhythmTimeline] {
        var timelines: [RhythmTimeline] = []
        var names: [[UInt8]] = []
        try CSVRows.forEach(path: path, header: header, columns: 4) { (fields: CSVFields, number: Int) throws(PlotInputError) in
            let r: Int
            if let known = names.firstIndex(where: { fields.equals(0, $0) }) {
                r = known
            } else {
                guard fields.bytes(0).count > 0 else { throw PlotInputError("\(path): line \(number): the rhythm has no name") }
                names.append(Array(fields.bytes(0)))
                timelines.append(RhythmTimeline(name: fields.text(0)))
                r = timelines.count - 1
            }
            func parse(_ i: Int, _ column: String) throws(PlotInputError) -> Double {
                guard let v = fields.number(i) else {
                    throw PlotInputError("\(path): line \(number): \(column) '\(fields.text(i))' is not a number")
                }
                return v
            }
            let t = try parse(1, "t_ms"), phase = try parse(2, "phase"), frequency = try parse(3, "frequency_hz")
            if let previous = timelines[r].startMs.last, t < previous {
                throw PlotInputError("\(path): line \(number): \(timelines[r].name) at \(t) ms comes after \(previous) ms; "
                    + "rows must be in time order")
            }
            timelines[r].append(startMs: t, phase: phase, frequencyHz: frequency)
        }
        return timelines
    }
}
