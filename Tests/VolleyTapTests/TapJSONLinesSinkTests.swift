// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTap
import VolleyTestKit
import VolleyWire

/// `volley tap --format jsonl`: every line is one JSON object, and a sample names its recordable.
@Suite("Tap JSON lines")
struct TapJSONLinesSinkTests {
    static let catalog = RunCatalog(
        populations: [.init(name: "E", size: 8), .init(name: "I", size: 2)], heads: [], rhythms: [], samples: true,
        variables: ["V_m", "g_ex", "w"])

    func written(_ epoch: TapEpoch) throws -> [String] {
        let path = try VolleyProcess.temporaryDirectory() + "/tap.jsonl"
        let sink = try TapJSONLinesSink(path: path, catalog: Self.catalog, resolution: 0.1)
        try sink.write(epoch)
        try sink.close()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("a sample line names its variable and keys the value by it; V_m lines keep their V_m")
    func samplesNameTheirVariable() throws {
        var e = TapEpoch(epoch: 0)
        e.samples = [
            WireSample(population: 0, neuron: 3, variable: 0, stamp: 1, value: -70),
            WireSample(population: 0, neuron: 3, variable: 1, stamp: 1, value: 1.5),
            WireSample(population: 1, neuron: 0, variable: 2, stamp: 12, value: 0.25),
        ]
        let lines = try written(e)
        #expect(lines == [
            #"{"kind":"sample","population":"E","neuron":3,"t_ms":0.1,"variable":"V_m","V_m":-70.0}"#,
            #"{"kind":"sample","population":"E","neuron":3,"t_ms":0.1,"variable":"g_ex","g_ex":1.5}"#,
            #"{"kind":"sample","population":"I","neuron":0,"t_ms":1.2,"variable":"w","w":0.25}"#,
        ])
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let name = try #require(object["variable"] as? String)
            #expect(object[name] is Double, "\(line)")
        }
    }

    @Test("an index the catalogue lacks still makes a valid line, with a null variable")
    func unknownVariable() throws {
        var e = TapEpoch(epoch: 0)
        e.samples = [WireSample(population: 0, neuron: 1, variable: 9, stamp: 2, value: .infinity)]
        let lines = try written(e)
        #expect(lines == [#"{"kind":"sample","population":"E","neuron":1,"t_ms":0.2,"variable":null,"value":null}"#])
        #expect(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) is [String: Any])
    }
}
