// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyRuntime

/// NEST's exact-integration traces (Fixtures/nest_single_neuron) reproduced through the engine.
@Suite struct SingleNeuronTraceTests {
    @Test(arguments: ["iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha"])
    func reproducesNESTTrace(model: String) throws {
        let proto = try TraceProtocol(json: try Fixtures.text("nest_single_neuron/protocol.json"))
        let result = try SingleNeuronTrace.run(proto, model: model)
        var ours: [Int64: Double] = [:]
        for s in result.samples { ours[s.stamp] = s.value }

        let reference = Fixtures.csv(try Fixtures.text("nest_single_neuron/\(model).csv"))
        #expect(reference.count > 3900)
        var worst = 0.0
        for row in reference {
            let stamp = Int64((Double(row["t_ms"]!)! * 10).rounded())
            let v = try #require(ours[stamp], "no sample at \(row["t_ms"]!) ms")
            worst = max(worst, abs(v - Double(row["V_m"]!)!))
        }
        #expect(worst <= 1e-6, "max |dV| = \(worst) mV")

        let spikes = Fixtures.csv(try Fixtures.text("nest_single_neuron/\(model).spikes.csv"))
            .map { Int64((Double($0["t_ms"]!)! * 10).rounded()) }
        #expect(result.spikeStamps == spikes)
        #expect(!spikes.isEmpty)
    }

    @Test func unsupportedModelsAreRefused() throws {
        let proto = try TraceProtocol(json: try Fixtures.text("nest_single_neuron/protocol.json"))
        #expect(throws: RunInputError.self) { try SingleNeuronTrace.run(proto, model: "aeif_cond_exp") }
    }

    @Test func aDifferentProtocolGivesADifferentTrace() throws {
        let text = try Fixtures.text("nest_single_neuron/protocol.json")
        let shifted = text.replacingOccurrences(of: "\"start\": 50.0", with: "\"start\": 80.0")
        #expect(shifted != text)
        let a = try SingleNeuronTrace.run(try TraceProtocol(json: text), model: "iaf_psc_exp")
        let b = try SingleNeuronTrace.run(try TraceProtocol(json: shifted), model: "iaf_psc_exp")
        #expect(a.spikeStamps.first! < b.spikeStamps.first!)
    }
}
