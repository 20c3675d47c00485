// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyRuntime

/// NEST 3.10's single-neuron traces (Fixtures/nest_single_neuron) reproduced through the engine:
/// the exact-integration models, NEST's Euler step (izhikevich) and the models NEST integrates
/// with GSL's adaptive RKF45, whose step size Volley carries across steps as NEST does.
@Suite struct SingleNeuronTraceTests {
    static let models = [
        "iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha", "iaf_cond_exp", "iaf_cond_alpha", "aeif_cond_exp", "aeif_cond_alpha",
        "hh_psc_alpha", "hh_cond_exp_traub", "izhikevich",
    ]

    @Test(arguments: models)
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

    /// Every recordable NEST's multimeter reports is recorded under NEST's name, within 1e-6 of its range.
    @Test(arguments: models.filter { $0 != "iaf_psc_delta" })
    func reproducesNESTState(model: String) throws {
        let proto = try TraceProtocol(json: try Fixtures.text("nest_single_neuron/protocol.json"))
        let result = try SingleNeuronTrace.run(proto, model: model)
        let reference = Fixtures.csv(try Fixtures.text("nest_single_neuron/\(model).state.csv"))
        let columns = try #require(reference.first).keys.filter { $0 != "t_ms" }
        var index: [Int64: Int] = [:]
        for (k, s) in result.stamps.enumerated() { index[s] = k }
        for column in columns {
            let v = try #require(result.variables.firstIndex(of: column), "\(model) does not record \(column)")
            let scale = max(1, reference.map { abs(Double($0[column]!)!) }.max()!)
            var worst = 0.0
            for row in reference {
                let k = try #require(index[Int64((Double(row["t_ms"]!)! * 10).rounded())])
                worst = max(worst, abs(result.values[v][k] - Double(row[column]!)!) / scale)
            }
            #expect(worst <= 1e-6, "\(model).\(column): off by \(worst) of its range")
        }
    }

    @Test func unknownModelsAreRefused() throws {
        let proto = try TraceProtocol(json: try Fixtures.text("nest_single_neuron/protocol.json"))
        #expect(throws: RunInputError.self) { try SingleNeuronTrace.run(proto, model: "gif_cond_exp") }
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
