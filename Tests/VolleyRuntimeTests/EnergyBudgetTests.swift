// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyRuntime
import VolleyFormats
import VolleyTestKit

/// summary.json's energy budget: point populations priced by spikes, synaptic events and rest
/// with the model's constants, Hodgkin–Huxley populations by their own Na⁺ charge; the same on
/// any layout.
@Suite struct EnergyBudgetTests {
    static func run(_ spec: NetworkSpec, tSim: Double = 200, shards: Int = 1, threads: Int = 1) throws -> RunReport {
        try LocalRun.run(network: spec, options: RunOptions(tSim: tSim, seed: 3, shards: shards, threads: threads, outDirectory: nil, quiet: true))
    }

    @Test func pointPopulationsArePricedBySpikesEventsAndRest() throws {
        var spec = ExampleNetworks.brunel(order: 20)
        spec.energy = EnergyConstants(atpPerSpike: 2e8, atpPerSynapticEvent: 1e4, atpPerNeuronSecond: 5e7)
        let report = try Self.run(spec)
        let energy = try #require(report.summary["energy"])
        var events = 0.0
        for p in spec.populations {
            let e = try #require(energy["populations"]?[p.name]), figures = try #require(report.summary["populations"]?[p.name])
            let spikes = try #require(figures["spikes"]?.double), n = Double(p.size)
            let synaptic = try #require(e["synaptic_events"]?.double)
            events += synaptic
            let expected = spikes * 2e8 + synaptic * 1e4 + n * 0.2 * 5e7
            #expect(abs(try #require(e["atp"]?.double) - expected) <= 1e-9 * expected)
            #expect(abs(try #require(e["atp_per_s"]?.double) - expected / 0.2) <= 1e-9 * expected)
            let shares = try #require(e["share"])
            let parts = ["spikes", "synaptic", "rest"].compactMap { shares[$0]?.double }
            #expect(parts.count == 3 && abs(parts.reduce(0, +) - 1) < 1e-12)
            #expect(abs(parts[1] - synaptic * 1e4 / expected) < 1e-12)
        }
        // Every event delivered is charged to the population that sent the spike.
        #expect(events == Double(report.synapticEvents) && events > 0)
    }

    @Test func theBudgetIsTheSameOnEveryLayout() throws {
        let spec = ExampleNetworks.brunel(order: 20)
        let one = try #require(try Self.run(spec).summary["energy"])
        let other = try #require(try Self.run(spec, shards: 3, threads: 2).summary["energy"])
        #expect(one == other)
    }

    @Test func hodgkinHuxleyPopulationsPayForTheirOwnSodium() throws {
        let report = try Self.run(ExampleNetworks.nonlinear(size: 6), tSim: 100)
        let energy = try #require(report.summary["energy"]?["populations"])
        for name in ["HP", "HT"] {
            let e = try #require(energy[name])
            let na = try #require(e["na_charge_pC"]?.double), k = try #require(e["k_charge_pC"]?.double)
            #expect(na > 0 && k > 0, "\(name)")
            let ion = try #require(e["share"]?["ion_channels"]?.double) * (try #require(e["atp"]?.double))
            #expect(abs(ion - IonLedger.atp(naCharge: na)) <= 1e-6 * ion, "\(name)")
        }
        #expect(energy["CE"]?["na_charge_pC"] == nil && energy["CE"]?["share"]?["rest"] != nil)
    }
}
