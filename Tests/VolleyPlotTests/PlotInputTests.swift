// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("Reading a run's outputs for plots")
struct PlotInputTests {
    static let populations = [(name: "E", size: 10), (name: "Inh", size: 4)]

    func write(_ text: String) throws -> String {
        let path = try PlotFixtures.directory() + "/spikes.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("spikes.csv rows become columns; CRLF and a missing last newline are fine")
    func readsRows() throws {
        let path = try write("population,neuron,t_ms\r\nE,3,0.1\r\nInh,0,12.5\nE,9,1000.0\nInh,3,7")
        let table = try SpikeCSVReader.read(path: path, populations: Self.populations)
        #expect(table.population == [0, 1, 0, 1])
        #expect(table.neuron == [3, 0, 9, 3])
        #expect(table.time == [0.1, 12.5, 1000.0, 7])
    }

    @Test("a large file is read whole, across buffer boundaries")
    func largeFile() throws {
        var text = "population,neuron,t_ms\n"
        let rows = 300_000
        for i in 0..<rows { text += i % 3 == 0 ? "Inh,\(i % 4),\(i / 10).\(i % 10)\n" : "E,\(i % 10),\(i / 10).\(i % 10)\n" }
        let table = try SpikeCSVReader.read(path: try write(text), populations: Self.populations)
        #expect(table.count == rows)
        #expect(table.time[rows - 1] == Double(rows - 1) / 10)
        #expect(table.population.filter { $0 == 1 }.count == rows / 3)
    }

    @Test("a bad row is named by its line number", arguments: [
        ("population,neuron,t_ms\nE,1,0.5\nX,1,0.6\n", "line 3: population 'X' is not in summary.json"),
        ("population,neuron,t_ms\nE,1\n", "line 2 has 2 fields, not 3"),
        ("population,neuron,t_ms\nE,1,0.5\n\nE,-1,0.5\n", "line 4: neuron '-1' is not a non-negative integer"),
        ("population,neuron,t_ms\nInh,4,0.5\n", "line 2: neuron 4 is past the end of Inh (4 neurons)"),
        ("population,neuron,t_ms\nE,1,abc\n", "line 2: t_ms 'abc' is not a number"),
        ("pop,n,t\nE,1,0.5\n", "line 1 is 'pop,n,t', not the header"),
        ("", "the file is empty"),
    ])
    func badRows(text: String, message: String) throws {
        let path = try write(text)
        #expect {
            _ = try SpikeCSVReader.read(path: path, populations: Self.populations)
        } throws: { error in
            (error as? PlotInputError)?.message.contains(message) == true
        }
    }

    @Test("numbers are parsed exactly as the standard library would",
          arguments: ["0.1", "12.5", "1000.0", "-3.25", "7", "1e3", "123456789.123"])
    func numbers(text: String) throws {
        let table = try SpikeCSVReader.read(path: try write("population,neuron,t_ms\nE,0,\(text)\n"), populations: Self.populations)
        #expect(abs(table.time[0] - Double(text)!) <= Double(text)!.ulp)
    }

    @Test("summary.json keeps the model's population order and carries rates, vector strengths and rhythms")
    func summary() throws {
        let s = try RunSummary.parse("""
            {"model": "m", "resolution_ms": 0.1, "t_sim_ms": 500.0,
             "populations": {"S1": {"n": 5, "spikes": 10, "rate_hz": 4.0, "vector_strength": {"theta": 0.5, "gamma": null}},
                             "A0": {"n": 2, "spikes": 0, "rate_hz": 0.0}},
             "rhythms": {"theta": {"frequency_hz": 2.5, "mode": "on"}, "gamma": {"frequency_hz": 40, "mode": "off"}}}
            """)
        #expect(s.populations.map(\.name) == ["S1", "A0"])
        #expect(s.populations[0].size == 5 && s.populations[0].rateHz == 4)
        #expect(s.populations[0].vectorStrength == ["theta": 0.5])
        #expect(s.rhythms.map(\.mode) == ["on", "off"])
        #expect(s.tSimMs == 500 && s.resolutionMs == 0.1)
    }

    @Test("a summary without what plots need is refused with the key", arguments: [
        ("{\"t_sim_ms\": 1, \"populations\": {}}", "'resolution_ms' is missing"),
        ("{\"resolution_ms\": 0.1, \"t_sim_ms\": 1}", "'populations' is missing"),
        ("{\"resolution_ms\": 0.1, \"t_sim_ms\": 1, \"populations\": {\"E\": {\"spikes\": 3}}}", "'populations.E.n'"),
        ("{\"resolution_ms\": 0.1,", "invalid JSON"),
    ])
    func badSummary(text: String, message: String) {
        #expect {
            _ = try RunSummary.parse(text)
        } throws: { error in
            (error as? PlotInputError)?.message.contains(message) == true
        }
    }

    @Test("a missing folder or spikes.csv is named")
    func missingFiles() throws {
        let dir = try PlotFixtures.directory()
        #expect(throws: PlotInputError.self) { try RecordedRun.load(directory: dir + "/nope") }
        try "{\"resolution_ms\": 0.1, \"t_sim_ms\": 1, \"populations\": {}}".write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        #expect {
            _ = try RecordedRun.load(directory: dir)
        } throws: { error in
            (error as? PlotInputError)?.message.contains("no spikes.csv") == true
        }
    }
}
