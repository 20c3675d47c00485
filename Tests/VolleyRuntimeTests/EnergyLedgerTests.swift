// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyRuntime

/// The Hodgkin–Huxley models' energy ledger against NEST's own traces (Fixtures/nest_single_neuron
/// and nest_clinical: energy.json integrates I_Na and I_K from NEST's recorded gating variables),
/// and the neurotoxins (TTX: g_Na scaled down, TEA: g_K) as NEST runs them.
@Suite struct EnergyLedgerTests {
    static let models = ["hh_psc_alpha", "hh_cond_exp_traub"]
    static let folders = ["nest_single_neuron", "nest_clinical/ttx50", "nest_clinical/ttx80", "nest_clinical/tea50"]

    /// The ledger file of `volley trace --energy` for `model` over `folder`'s protocol.
    static func ledger(_ folder: String, _ model: String) throws -> (result: SingleNeuronTrace.Result, json: [String: Any]) {
        let proto = try TraceProtocol(json: try Fixtures.text("\(folder)/protocol.json"))
        let result = try SingleNeuronTrace.run(proto, model: model)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("energy-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SingleNeuronTrace.writeEnergy(result, model: model, to: path)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return (result, try #require(json))
    }

    @Test(arguments: folders, models)
    func chargesAndATPAreWithinAPercentOfNESTsTraces(folder: String, model: String) throws {
        let (_, mine) = try Self.ledger(folder, model)
        let all = try JSONSerialization.jsonObject(with: Data(try Fixtures.text("\(folder)/energy.json").utf8)) as? [String: Any]
        let reference = try #require(all?[model] as? [String: Any])
        for key in ["na_charge_pC", "k_charge_pC", "atp"] {
            let ours = try #require(mine[key] as? Double), theirs = try #require(reference[key] as? Double)
            #expect(abs(ours - theirs) <= 0.01 * abs(theirs), "\(folder) \(model) \(key): \(ours) vs NEST's \(theirs)")
        }
        // ATP is the Na⁺ charge over 3e, and each spike costs what the run's share says.
        let na = try #require(mine["na_charge_pC"] as? Double), atp = try #require(mine["atp"] as? Double)
        #expect(abs(atp - na * 1e-12 / 1.602176634e-19 / 3) <= 1e-9 * atp)
        #expect(mine["spikes"] as? Double == reference["spikes"] as? Double)
    }

    /// The poisoned neurons as NEST runs them: every V_m and state value, every spike.
    @Test(arguments: folders.dropFirst(), models)
    func toxinsReproduceNESTsTraces(folder: String, model: String) throws {
        let (result, _) = try Self.ledger(folder, model)
        var index: [Int64: Int] = [:]
        for (k, s) in result.stamps.enumerated() { index[s] = k }
        let state = Fixtures.csv(try Fixtures.text("\(folder)/\(model).state.csv"))
        #expect(state.count > 3900)
        for column in try #require(state.first).keys where column != "t_ms" {
            let v = try #require(result.variables.firstIndex(of: column))
            let scale = max(1, state.map { abs(Double($0[column]!)!) }.max()!)
            var worst = 0.0
            for row in state {
                let k = try #require(index[Int64((Double(row["t_ms"]!)! * 10).rounded())])
                worst = max(worst, abs(result.values[v][k] - Double(row[column]!)!) / scale)
            }
            #expect(worst <= 1e-6, "\(folder) \(model).\(column): off by \(worst) of its range")
        }
        let spikes = Fixtures.csv(try Fixtures.text("\(folder)/\(model).spikes.csv")).map { Int64((Double($0["t_ms"]!)! * 10).rounded()) }
        #expect(result.spikeStamps == spikes)
    }

    /// TTX lowers the Na⁺ charge, TEA raises it (broader spikes, more of them), as NEST's files say.
    @Test func toxinsMoveTheLedgerTheWayNESTsTracesDo() throws {
        let normal = try #require(try Self.ledger("nest_single_neuron", "hh_psc_alpha").json["na_charge_pC"] as? Double)
        let ttx = try #require(try Self.ledger("nest_clinical/ttx80", "hh_psc_alpha").json["na_charge_pC"] as? Double)
        let tea = try #require(try Self.ledger("nest_clinical/tea50", "hh_psc_alpha").json["na_charge_pC"] as? Double)
        #expect(ttx < normal / 10 && tea > 4 * normal)
    }

    @Test func aModelWithoutIonChannelsHasNoLedger() throws {
        let proto = try TraceProtocol(json: try Fixtures.text("nest_single_neuron/protocol.json"))
        let result = try SingleNeuronTrace.run(proto, model: "iaf_cond_exp")
        #expect(throws: RunInputError.self) { try SingleNeuronTrace.writeEnergy(result, model: "iaf_cond_exp", to: "/tmp/never.json") }
    }
}
