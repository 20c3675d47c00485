// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore
import VolleyRuntime

/// NEST 3.10's plastic synapses (Fixtures/nest_plasticity) reproduced through the engine: every
/// weight the synapse transmitted, the post neuron's spikes and its membrane potential.
@Suite struct PlasticityTraceTests {
    static let variants = ["stdp_synapse", "stdp_synapse_additive", "stdp_pl_synapse_hom", "tsodyks2_depressing", "tsodyks2_facilitating"]

    static func stamp(_ text: String?) -> Int64 { Int64((Double(text!)! * 10).rounded()) }

    @Test(arguments: variants)
    func reproducesNEST(variant: String) throws {
        let experiment = try PlasticityTrace.Experiment(json: try Fixtures.text("nest_plasticity/protocol.json"), variant: variant)
        let result = try PlasticityTrace.run(experiment)

        let weights = Fixtures.csv(try Fixtures.text("nest_plasticity/\(variant).weights.csv"))
        try #require(result.weights.count == weights.count)
        var worst = 0.0
        for (ours, row) in zip(result.weights, weights) {
            #expect(ours.stamp == Self.stamp(row["t_ms"]))
            let reference = Double(row["weight"]!)!
            worst = max(worst, abs(ours.weight - reference) / max(abs(reference), 1e-300))
        }
        #expect(worst <= 1e-9, "weights off by \(worst) (relative)")

        let spikes = Fixtures.csv(try Fixtures.text("nest_plasticity/\(variant).post_spikes.csv")).map { Self.stamp($0["t_ms"]) }
        #expect(result.postSpikes == spikes)

        // NEST's voltmeter stops a millisecond short of t_stop; every stamp it has must match.
        let voltage = Fixtures.csv(try Fixtures.text("nest_plasticity/\(variant).V_m.csv"))
        var ours: [Int64: Double] = [:]
        for v in result.voltage { ours[v.stamp] = v.value }
        #expect(voltage.count > 19_000)
        var worstV = 0.0
        for row in voltage {
            let v = try #require(ours[Self.stamp(row["t_ms"])], "no V_m at \(row["t_ms"]!) ms")
            worstV = max(worstV, abs(v - Double(row["V_m"]!)!))
        }
        #expect(worstV <= 1e-6, "max |dV| = \(worstV) mV")
    }

    /// The state NEST reports at the end (`final` in the protocol): weight, K+ or x and u.
    @Test(arguments: variants)
    func endsInNESTsFinalState(variant: String) throws {
        let text = try Fixtures.text("nest_plasticity/protocol.json")
        let experiment = try PlasticityTrace.Experiment(json: text, variant: variant)
        let result = try PlasticityTrace.run(experiment)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let final = try #require(((root["variants"] as? [String: Any])?[variant] as? [String: Any])?["final"] as? [String: Double])
        let synapse = try #require(result.final.first)
        #expect(result.final.count == 1)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
        #expect(close(synapse.weight, final["weight"]!))
        for (name, value) in zip(experiment.synapse.kind.stateVariables, synapse.state) {
            if let reference = final[name] { #expect(close(value, reference), "\(name): \(value) vs NEST's \(reference)") }
        }
    }

    @Test func unknownVariantsAreRefused() throws {
        #expect(throws: RunInputError.self) {
            try PlasticityTrace.Experiment(json: try Fixtures.text("nest_plasticity/protocol.json"), variant: "stdp_triplet")
        }
    }
}
