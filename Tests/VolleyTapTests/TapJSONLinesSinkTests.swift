// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore
import VolleyTap
import VolleyTestKit
import VolleyWire

/// `volley tap --format jsonl`: every line is one JSON object, and a sample names its recordable.
@Suite("Tap JSON lines")
struct TapJSONLinesSinkTests {
    static let catalog = RunCatalog(
        populations: [.init(name: "E", size: 8), .init(name: "I", size: 2)], heads: [], rhythms: [], samples: true,
        variables: ["V_m", "g_ex", "w"])

    func written(_ epoch: TapEpoch, in schedule: EpochSchedule? = nil) throws -> [String] {
        let path = try VolleyProcess.temporaryDirectory() + "/tap.jsonl"
        let sink = try TapJSONLinesSink(path: path, catalog: Self.catalog, resolution: 0.1)
        try sink.observe(schedule.map { epoch.record(in: $0) } ?? epoch.record)
        try sink.close()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("a sample line names its variable and keys the value by it; V_m lines keep their V_m")
    func samplesNameTheirVariable() throws {
        var e = TapEpoch(epoch: 0)
        e.record.samples = [
            ProbeSample(population: 0, neuron: 3, stamp: 1, value: -70, variable: 0),
            ProbeSample(population: 0, neuron: 3, stamp: 1, value: 1.5, variable: 1),
            ProbeSample(population: 1, neuron: 0, stamp: 12, value: 0.25, variable: 2),
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
        e.record.samples = [ProbeSample(population: 0, neuron: 1, stamp: 2, value: .infinity, variable: 9)]
        let lines = try written(e)
        #expect(lines == [#"{"kind":"sample","population":"E","neuron":1,"t_ms":0.2,"variable":null,"value":null}"#])
        #expect(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) is [String: Any])
    }

    @Test("an energy line ends where its epoch ends in the run's schedule, a resumed run's too")
    func energyLinesAreTimedByTheSchedule() throws {
        var e = TapEpoch(epoch: 1)
        e.record.energy = [EnergyRecord(
            population: 1, neurons: 2, spikes: 3, synapticEvents: 4, naCharge: 0, kCharge: 0, pumpCharge: 0, atp: 5)]
        // 105 steps in epochs of 10: a fresh run's wire epoch 1 is steps 10..<20; a run resumed
        // at epoch 9 sends 2 epochs, the second of which is the short last one, 100..<105.
        func welcome(totalEpochs: UInt64) -> TapWelcome {
            TapWelcome(
                tap: TapTopic.firstID, runID: 1, model: "m", seed: 1, resolution: 0.1, epochSteps: 10,
                totalEpochs: totalEpochs, tSim: 10.5, shards: 1, catalog: Self.catalog, workers: [], releasedBefore: 0)
        }
        #expect(welcome(totalEpochs: 11).schedule.firstEpoch == 0)
        #expect(welcome(totalEpochs: 2).schedule.firstEpoch == 9)
        #expect(try written(e, in: welcome(totalEpochs: 11).schedule) == [
            #"{"kind":"energy","population":"I","t_ms":2.0,"duration_ms":1.0,"neurons":2,"spikes":3,"synaptic_events":4,"atp":5.0,"atp_per_s":5000.0}"#
        ])
        #expect(try written(e, in: welcome(totalEpochs: 2).schedule) == [
            #"{"kind":"energy","population":"I","t_ms":10.5,"duration_ms":0.5,"neurons":2,"spikes":3,"synaptic_events":4,"atp":5.0,"atp_per_s":10000.0}"#
        ])
        // Unplaced (as the assembler hands it over), an epoch has no time to give.
        #expect(try written(e) == [#"{"kind":"energy","population":"I","neurons":2,"spikes":3,"synaptic_events":4,"atp":5.0}"#])
    }
}
