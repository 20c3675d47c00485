// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore
import VolleyRuntime
import VolleyFormats
import VolleyTestKit

/// `volley_hh_pump`'s ledger through the engine: `volley trace --energy` and summary.json count
/// its ATP from the pump (Q_pump / e) and say so; the other Hodgkin–Huxley models keep theirs.
@Suite struct PumpLedgerTests {
    /// One tonically firing neuron (20 pA, a cell a tenth of the published volume) for `tStop` ms.
    static func pumpProtocol(tStop: Double) throws -> TraceProtocol {
        try TraceProtocol(json: """
            {"resolution_ms": 0.1, "t_stop_ms": \(tStop), "delay_ms": 1.0, "dc_window_ms": {"start": 0.0, "stop": 0.0},
             "exc_spike_times_ms": [20.0, 40.0], "inh_spike_times_ms": [60.0],
             "models": {"volley_hh_pump": {"dc_amplitude_pA": 0.0, "exc_weight": 0.5, "inh_weight": -1.0,
               "initial_state_and_params": {"I_e": 20.0, "vol_i": 216.0, "vol_e": 72.0}}}}
            """)
    }

    static func energy(_ result: SingleNeuronTrace.Result, model: String) throws -> [String: Any] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("energy-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SingleNeuronTrace.writeEnergy(result, model: model, to: path)
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func traceCountsThePumpModelsATPFromItsPump() throws {
        let result = try SingleNeuronTrace.run(try Self.pumpProtocol(tStop: 300), model: "volley_hh_pump")
        #expect(result.spikeStamps.count >= 5)
        let json = try Self.energy(result, model: "volley_hh_pump")
        #expect(json["atp_source"] as? String == "pump")
        let pump = try #require(json["pump_charge_pC"] as? Double), atp = try #require(json["atp"] as? Double)
        let column = try #require(result.variables.firstIndex(of: "Q_pump"))
        #expect(pump == result.values[column].last! - result.values[column].first!)
        #expect(abs(atp - pump * 1e-12 / 1.602176634e-19) <= 1e-12 * atp)
        let na = try #require(json["na_charge_pC"] as? Double), k = try #require(json["k_charge_pC"] as? Double)
        #expect(pump > 0 && na > 0 && k > 0)
        // Firing from rest, Na⁺ builds up inside: the pump has exported less than came in.
        #expect(3 * pump < na)
    }

    @Test func traceKeepsTheOtherModelsSodiumLedger() throws {
        let proto = try TraceProtocol(json: try Fixtures.text("nest_single_neuron/protocol.json"))
        let result = try SingleNeuronTrace.run(proto, model: "hh_psc_alpha")
        let json = try Self.energy(result, model: "hh_psc_alpha")
        #expect(json["atp_source"] as? String == "sodium_charge" && json["pump_charge_pC"] == nil)
        let na = try #require(json["na_charge_pC"] as? Double), atp = try #require(json["atp"] as? Double)
        #expect(abs(atp - IonLedger.atp(naCharge: na)) <= 1e-12 * atp)
    }

    /// A small recurrent network of the model with Poisson input: summary.json prices it by its
    /// pumps, the same on one shard as on three with two threads.
    static func network() -> NetworkSpec {
        let neuron = try! NeuronModel(kind: .volleyHHPump, parameters: ["I_e": 15, "vol_i": 216, "vol_e": 72])
        return NetworkSpec(
            name: "pump",
            populations: [PopulationSpec(name: "P", size: 7, model: neuron, initialMembranePotential: .uniform(min: -70, max: -60))],
            devices: [DeviceSpec(name: "noise", model: .poissonGenerator(rate: 2000, start: 0, stop: .infinity))],
            projections: [
                ProjectionSpec(sources: [0], targets: [0], rule: .fixedIndegree(3), weight: .constant(0.3), delay: .constant(1.0)),
            ],
            deviceConnections: [DeviceConnectionSpec(device: 0, targets: [0], weight: 0.1, delay: 0.1)])
    }

    static func run(shards: Int, threads: Int) throws -> RunReport {
        try LocalRun.run(network: network(), options: RunOptions(tSim: 100, seed: 5, shards: shards, threads: threads, outDirectory: nil, quiet: true))
    }

    @Test func summaryPricesAPumpPopulationByItsPumps() throws {
        let one = try Self.run(shards: 1, threads: 1)
        let e = try #require(one.summary["energy"]?["populations"]?["P"])
        #expect(e["atp_source"]?.string == "pump")
        let pump = try #require(e["pump_charge_pC"]?.double), atp = try #require(e["atp"]?.double)
        let share = try #require(e["share"]?["pump"]?.double)
        #expect(pump > 0 && e["na_charge_pC"]?.double ?? 0 > 0)
        #expect(abs(share * atp - IonLedger.atp(pumpCharge: pump)) <= 1e-9 * atp)
        #expect(e["synaptic_events"]?.double ?? 0 > 0)

        let three = try Self.run(shards: 3, threads: 2)
        let f = try #require(three.summary["energy"]?["populations"]?["P"])
        #expect(one.spikes > 20 && one.spikesSHA256 == three.spikesSHA256, "the same spikes on every layout")
        for key in ["pump_charge_pC", "na_charge_pC", "k_charge_pC", "atp"] {
            let a = try #require(e[key]?.double), b = try #require(f[key]?.double)
            // Each neuron's charge is counted in whole attocoulombs: the sums are exact on any layout.
            #expect(a == b, "\(key): \(a) vs \(b)")
        }
    }
}
