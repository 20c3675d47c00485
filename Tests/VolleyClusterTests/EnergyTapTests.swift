// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The energy budget, live: every shard sends each tap that asks for `energy` its populations'
/// spikes, synaptic events, ion charges and ATP for every epoch, and those add up over shards
/// and epochs to summary.json's `energy`.
@Suite(.serialized) struct EnergyTapTests {
    /// Sums a tap's energy lines per population.
    func sums(_ run: TapRun, _ file: String) throws -> [String: [String: Double]] {
        var out: [String: [String: Double]] = [:]
        for line in try run.lines(file) {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            guard o["kind"] as? String == "energy", let p = o["population"] as? String else { continue }
            for key in ["atp", "spikes", "synaptic_events", "na_charge_pC", "neurons"] {
                out[p, default: [:]][key, default: 0] += o[key] as? Double ?? 0
            }
            out[p, default: [:]]["lines", default: 0] += 1
        }
        return out
    }

    func budget(_ run: TapRun) throws -> [String: [String: Any]] {
        let s = try VolleyProcess.summary(in: run.dir + "/run")
        return try #require((s["energy"] as? [String: Any])?["populations"] as? [String: [String: Any]])
    }

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

    @Test func pointNeuronsEnergyPerEpochAddsUpToTheRunsBudget() throws {
        var run = try TapRun([VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=250", "--seed", "9", "--t-sim", "150"])
        try run.tap("all", ["--format", "jsonl", "--kinds", "energy", "--out", run.dir + "/all.jsonl"])
        try run.tap("inhibitory", ["--format", "jsonl", "--kinds", "spikes,energy", "--populations", "I", "--out", run.dir + "/i.jsonl"])
        #expect(run.waitForTaps(2))
        try run.startWorkers()
        try run.finish()
        let budget = try budget(run)
        let all = try sums(run, "all.jsonl")
        #expect(Set(all.keys) == ["E", "I"])
        for (p, b) in budget {
            let tapped = try #require(all[p])
            #expect(close(tapped["atp"]!, b["atp"] as! Double), "\(p): \(tapped) vs \(b)")
            #expect(tapped["synaptic_events"]! == Double(b["synaptic_events"] as! Int), "\(p): \(tapped) vs \(b)")
            #expect(tapped["lines"]! == 100, "one line per epoch (150 ms in 1.5 ms epochs): \(tapped)")
        }
        // Spikes counted by the energy frames are the run's spikes.
        let summary = try VolleyProcess.summary(in: run.dir + "/run")
        let spikes = (summary["populations"] as? [String: [String: Any]])?.mapValues { $0["spikes"] as? Int ?? -1 } ?? [:]
        #expect(all["E"]!["spikes"]! == Double(spikes["E"]!) && all["I"]!["spikes"]! == Double(spikes["I"]!), "\(spikes)")
        let inhibitory = try sums(run, "i.jsonl")
        #expect(Set(inhibitory.keys) == ["I"] && close(inhibitory["I"]!["atp"]!, all["I"]!["atp"]!))
        for name in ["all", "inhibitory"] {
            #expect(try run.report(name)["frames_missed"] as? Int == 0)
        }
    }

    @Test func hodgkinHuxleyChargesArriveEpochByEpoch() throws {
        var run = try TapRun([VolleyProcess.config("cobahh.yaml"), "--t-sim", "10"])
        try run.tap("hh", ["--format", "jsonl", "--kinds", "energy", "--out", run.dir + "/hh.jsonl"])
        #expect(run.waitForTaps(1))
        try run.startWorkers()
        try run.finish()
        let budget = try budget(run)
        // The budget over 2 workers is the in-process budget, to the bit (charges in whole attocoulombs).
        let local = try VolleyProcess.temporaryDirectory()
        let inProcess = try VolleyProcess.run(["run", VolleyProcess.config("cobahh.yaml"), "--t-sim", "10", "--out", local, "--quiet"])
        #expect(inProcess.status == 0, "\(inProcess.output)")
        let localBudget = try #require((try VolleyProcess.summary(in: local)["energy"] as? [String: Any])?["populations"] as? NSDictionary)
        #expect(localBudget == budget as NSDictionary, "in process \(localBudget) vs 2 workers \(budget)")
        let tapped = try sums(run, "hh.jsonl")
        for p in ["E", "I"] {
            let b = try #require(budget[p]), t = try #require(tapped[p])
            #expect(close(t["na_charge_pC"]!, b["na_charge_pC"] as! Double), "\(p): \(t) vs \(b)")
            #expect(close(t["atp"]!, b["atp"] as! Double), "\(p): \(t) vs \(b)")
            #expect(t["na_charge_pC"]! > 0)
        }
    }

    /// The first energy tap to join a running run starts the shards counting: they take one
    /// epoch for the baseline, and from the next its lines are those a tap present from the
    /// start gets (the run is the same, so are its epochs' budgets).
    @Test func aLateEnergyTapGetsTheSameEpochsAsAnEarlyOne() throws {
        var early = try TapRun(TapTests.long)
        try early.tap("early", ["--format", "jsonl", "--kinds", "energy", "--out", early.dir + "/early.jsonl"])
        #expect(early.waitForTaps(1))
        try early.startWorkers()
        try early.finish()
        var late = try TapRun(TapTests.long)
        try late.startWorkers()
        #expect(late.coordinator.waitForOutput("2 workers joined", upTo: 60))
        usleep(500_000)
        try late.tap("late", ["--format", "jsonl", "--kinds", "energy", "--out", late.dir + "/late.jsonl"])
        try late.finish()
        let r = try late.report("late")
        let first = try #require(r["first_epoch"] as? Int)
        #expect(first > 0 && r["frames_missed"] as? Int == 0, "\(r)")
        let all = try early.lines("early.jsonl"), suffix = try late.lines("late.jsonl")
        #expect(all.count == 2 * 6667 && suffix.count == 2 * (6667 - first), "\(all.count) and \(suffix.count) lines, from epoch \(first)")
        #expect(Array(all.suffix(suffix.count)) == Array(suffix))
    }

    @Test func aLosslessTapCannotHaveEnergy() throws {
        let r = try VolleyProcess.run(["tap", "--coordinator", "tcp://127.0.0.1:9", "--lossless", "--kinds", "energy"])
        #expect(r.status == 2 && r.output.contains("energy"), "\(r.output)")
    }
}
