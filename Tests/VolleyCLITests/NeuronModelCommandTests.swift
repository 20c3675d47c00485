// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The conductance-based, AdEx and Hodgkin–Huxley models through the command line: NEST's
/// validity checks refuse bad parameters with status 2 and the key, an unknown recordable is
/// refused, a run that goes numerically unstable stops with status 1 naming the neuron, and the
/// COBA and COBAHH benchmarks are bit-identical on any layout (the acceptance runs them longer).
@Suite struct NeuronModelCommandTests {
    /// A one-population model of `model` with `params`, a spike generator and a multimeter.
    private func oneNeuron(_ model: String, params: String, recordFrom: String = "[V_m]", extra: String = "") -> String {
        """
        name: one
        simulation: {t_sim: 50.0}
        populations:
          P:
            model: \(model)
            n: 2
            params: {\(params)}
        devices:
          kick: {model: spike_generator, params: {spike_times: [5.0, 10.0]}}
        connections:
          - {source: kick, target: P, syn_spec: {weight: 30.0, delay: 1.0}}
        recording:
          multimeters:
            - {population: P, neurons: [0], record_from: \(recordFrom)}
        \(extra)
        """
    }

    private func run(_ text: String, _ extra: [String] = []) throws -> (VolleyProcess.Result, String) {
        let dir = try VolleyProcess.temporaryDirectory()
        try text.write(toFile: dir + "/model.yaml", atomically: true, encoding: .utf8)
        let r = try VolleyProcess.run(["run", dir + "/model.yaml", "--out", dir + "/out", "--quiet"] + extra)
        return (r, dir + "/out")
    }

    private func expectRefused(_ text: String, mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (r, out) = try run(text)
        #expect(r.status == 2, "exit \(r.status): \(r.output)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.contains(w), "message lacks '\(w)': \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(!FileManager.default.fileExists(atPath: out + "/summary.json"), "it ran", sourceLocation: sourceLocation)
    }

    @Test func nestsValidityChecksRefuseBadParameters() throws {
        try expectRefused(oneNeuron("aeif_cond_exp", params: "V_peak: -60.0"), mentioning: ["populations.P.params", "V_peak"])
        try expectRefused(oneNeuron("aeif_cond_alpha", params: "Delta_T: -1.0"), mentioning: ["Delta_T"])
        try expectRefused(oneNeuron("iaf_cond_exp", params: "C_m: 0.0"), mentioning: ["C_m"])
        try expectRefused(oneNeuron("iaf_cond_alpha", params: "V_reset: -50.0"), mentioning: ["V_reset"])
        try expectRefused(oneNeuron("hh_psc_alpha", params: "tau_syn_ex: 0.0"), mentioning: ["tau_syn_ex"])
        try expectRefused(oneNeuron("hh_cond_exp_traub", params: "t_ref: -1.0"), mentioning: ["t_ref"])
        try expectRefused(oneNeuron("iaf_cond_exp", params: "tau_m: 10.0"), mentioning: ["tau_m", "iaf_cond_exp"])
    }

    @Test func recordablesTheModelLacksAreRefused() throws {
        try expectRefused(oneNeuron("iaf_cond_exp", params: "", recordFrom: "[V_m, w]"),
                          mentioning: ["recording.multimeters[0].record_from[1]", "'w'", "g_ex"])
        try expectRefused(oneNeuron("hh_psc_alpha", params: "", recordFrom: "[Act_x]"), mentioning: ["Act_x", "Act_m"])
    }

    @Test func multimetersRecordEveryChosenVariable() throws {
        let (r, out) = try run(oneNeuron("aeif_cond_alpha", params: "", recordFrom: "[w, V_m, g_ex]"))
        #expect(r.status == 0, "\(r.output)")
        let rows = try String(contentsOfFile: out + "/multimeter.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "population,neuron,t_ms,variable,value")
        // 500 steps × 3 variables, by time then variable in catalogue order (w, V_m, g_ex).
        #expect(rows.count == 1 + 500 * 3)
        #expect(rows[1].hasPrefix("P,0,0.1,w,") && rows[2].hasPrefix("P,0,0.1,V_m,") && rows[3].hasPrefix("P,0,0.1,g_ex,"))
        let vm = try String(contentsOfFile: out + "/V_m.csv", encoding: .utf8).split(separator: "\n")
        #expect(vm.count == 1 + 500)
        // The kick arrives at 6 ms: g_ex jumps from 0 to 30·e/τ-shaped growth after it.
        let gex = rows.filter { $0.contains(",g_ex,") }.map { Double($0.split(separator: ",")[4])! }
        #expect(gex[0] == 0 && gex.max()! > 1)
    }

    @Test func aNumericallyUnstableRunStopsNamingTheNeuron() throws {
        let (r, out) = try run(oneNeuron("aeif_cond_exp", params: "I_e: -1.0e9"))
        #expect(r.status == 1, "exit \(r.status): \(r.output)")
        #expect(r.stderr.contains("numerical instability") && r.stderr.contains("population P"), "\(r.stderr)")
        #expect(r.stderr.contains("t = 0.1 ms"), "\(r.stderr)")
        let csv = (try? String(contentsOfFile: out + "/multimeter.csv", encoding: .utf8)) ?? ""
        #expect(!csv.lowercased().contains("nan"))
    }

    @Test func anUnknownIntegratorIsRefused() throws {
        let (r, _) = try run(oneNeuron("iaf_cond_exp", params: ""), ["--set", "simulation.integrator=euler"])
        #expect(r.status == 2 && r.stderr.contains("simulation.integrator") && r.stderr.contains("rk4"), "\(r.output)")
    }

    private func hash(_ config: String, _ args: [String]) throws -> String {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config(config), "--out", dir, "--quiet"] + args)
        #expect(r.status == 0, "\(r.output)")
        return try VolleyProcess.spikeHash(in: dir)
    }

    /// COBA and COBAHH at full size for 60 ms: the same spikes on 1/3/7 shards × 1/2 threads and on
    /// two worker processes, under NEST's scheme and under rk4; the seed matters.
    @Test(arguments: ["coba.yaml", "cobahh.yaml"])
    func benchmarksAreLayoutIndependent(config: String) throws {
        let args = ["--t-sim", "60", "--seed", "4"]
        let reference = try hash(config, args + ["--shards", "1", "--threads", "1"])
        for (shards, threads) in [(3, 1), (7, 2), (3, 2)] {
            #expect(try hash(config, args + ["--shards", "\(shards)", "--threads", "\(threads)"]) == reference, "\(shards) shards, \(threads) threads")
        }
        #expect(try hash(config, args + ["--workers", "2"]) == reference, "2 workers")
        #expect(try hash(config, ["--t-sim", "60", "--seed", "5"]) != reference)
        let rk4 = ["--set", "simulation.integrator=rk4", "--set", "simulation.rk4_substeps=2"]
        let rk4Reference = try hash(config, args + rk4 + ["--shards", "1"])
        #expect(try hash(config, args + rk4 + ["--shards", "7", "--threads", "2"]) == rk4Reference)
    }
}
