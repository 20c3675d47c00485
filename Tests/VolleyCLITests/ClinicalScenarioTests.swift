// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The clinical scenarios (configs/scenarios/) through the volley executable, each against its
/// baseline: the signature each is named for shows in summary.json.
@Suite(.serialized) struct ClinicalScenarioTests {
    static func summary(_ config: String, _ extra: [String]) throws -> [String: Any] {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config(config), "--out", dir, "--quiet"] + extra)
        #expect(r.status == 0, "\(r.output)")
        return try VolleyProcess.summary(in: dir)
    }

    static func population(_ s: [String: Any], _ name: String) -> [String: Double] {
        ((s["populations"] as? [String: Any])?[name] as? [String: Any] ?? [:]).compactMapValues { $0 as? Double }
    }

    static func energy(_ s: [String: Any], _ name: String) -> [String: Double] {
        (((s["energy"] as? [String: Any])?["populations"] as? [String: Any])?[name] as? [String: Any] ?? [:]).compactMapValues { $0 as? Double }
    }

    /// Weakened inhibition (g 5 → 3): synchronous, regular, fast, and dear.
    @Test func epilepsyLocksTheNetworkIntoSynchronousRegularFiring() throws {
        let seizure = try Self.summary("scenarios/epilepsy.yaml", ["--t-sim", "300"])
        let baseline = try Self.summary("scenarios/epilepsy.yaml", ["--t-sim", "300", "--set", "parameters.g=5"])
        for p in ["E", "I"] {
            let s = Self.population(seizure, p), b = Self.population(baseline, p)
            #expect(s["synchrony_chi"]! > 2 * b["synchrony_chi"]!, "\(p): χ \(s) vs \(b)")
            #expect(s["cv_isi_mean"]! < 0.25 * b["cv_isi_mean"]!, "\(p): CV \(s) vs \(b)")
            #expect(s["rate_hz"]! > 4 * b["rate_hz"]!, "\(p): rate \(s) vs \(b)")
        }
        let atp = { (s: [String: Any]) in (s["energy"] as? [String: Any])?["atp_per_s"] as? Double ?? 0 }
        #expect(atp(seizure) > 4 * atp(baseline))
    }

    /// TTX: the more Na⁺ channels blocked, the less Na⁺ (and ATP) per second, until the network
    /// falls silent once the kick-off is over.
    @Test func ttxSilencesCOBAHHBeyondACriticalBlock() throws {
        var naCharge: [Double] = []
        var rates: [Double] = []
        for block in ["0", "0.8", "0.95"] {
            let s = try Self.summary("scenarios/ttx.yaml", ["--t-sim", "300", "--set", "parameters.ttx_block=\(block)"])
            naCharge.append(Self.energy(s, "E")["na_charge_pC"] ?? -1)
            rates.append(Self.population(s, "E")["rate_hz"] ?? -1)
        }
        #expect(naCharge[0] > naCharge[1] && naCharge[1] > 10 * naCharge[2] && naCharge[2] > 0, "\(naCharge)")
        #expect(rates[0] > 20 && rates[1] > 10 && rates[2] < 2, "\(rates)")
    }

    /// Propofol: the longer GABA_A's decay, the slower the PING rhythm and the lower the rates,
    /// step by step over the sweep.
    @Test func anaesthesiaSlowsTheRhythmWithTheInhibitoryDecay() throws {
        var peaks: [Double] = [], rates: [Double] = []
        for decay in ["1", "1.5", "2", "3"] {
            let s = try Self.summary("scenarios/anaesthesia.yaml", ["--t-sim", "500", "--set", "parameters.gaba_decay=\(decay)"])
            peaks.append(Self.population(s, "E")["peak_frequency_hz"] ?? 0)
            rates.append(Self.population(s, "E")["rate_hz"] ?? 0)
        }
        #expect(peaks[0] >= 25 && peaks[0] <= 45, "a beta-gamma rhythm without the drug: \(peaks)")
        #expect(zip(peaks, peaks.dropFirst()).allSatisfy { $0 > $1 }, "peak frequencies \(peaks)")
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 }, "rates \(rates)")
    }

    /// Corrupted weights (noise on both heads' matrices): the induction task's accuracy falls
    /// as the noise grows, and more motor populations answer per position.
    @Test func corruptedHeadWeightsCostTheInductionTaskItsAccuracy() throws {
        var accuracy: [Double] = [], answers: [Double] = []
        for noise in ["0", "0.1", "0.2", "0.4"] {
            let s = try Self.summary("scenarios/language-model.yaml", ["--set", "parameters.sequences=40", "--set", "parameters.weight_noise=\(noise)"])
            let task = (s["task"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Double }
            accuracy.append(task["accuracy"] ?? -1)
            answers.append(task["answers_per_position"] ?? -1)
        }
        #expect(accuracy[0] == 1 && accuracy[1] < 0.97 && accuracy[2] < accuracy[1] && accuracy[3] < 0.3, "\(accuracy)")
        #expect(answers[0] == 1 && answers[3] > 1.5, "\(answers)")
    }

    /// The motor stage's three lesions, each against the intact network: lateral inhibition
    /// removed (populations answer together and decisions tie), thresholds raised (silence),
    /// adaptation removed (one population keeps firing: the same answer again and again).
    @Test func motorLesionsFailTheInductionTaskEachInItsOwnWay() throws {
        func task(_ extra: [String]) throws -> [String: Double] {
            let s = try Self.summary("scenarios/language-model.yaml", ["--set", "parameters.sequences=40"] + extra)
            return (s["task"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Double }
        }
        let intact = try task([])
        #expect(intact["accuracy"] == 1 && intact["several_answers"] == 0 && intact["repeats"] == 0, "\(intact)")

        let lateral = try task(["--set", "parameters.lateral=0"])
        #expect(lateral["several_answers"]! > 0.1 && lateral["decided"]! < 0.9 * intact["decided"]!, "\(lateral)")

        let raised = try task(["--set", "parameters.motor_threshold=-46"])
        let silent = try task(["--set", "parameters.motor_threshold=-45"])
        #expect(raised["decided"]! < 0.6 * intact["decided"]! && raised["decided"]! > 0, "\(raised)")
        #expect(raised["correct"] == raised["decided"], "what a raised threshold still says is right: \(raised)")
        #expect(silent["decided"] == 0 && silent["mean_spikes_per_decision"] == 0, "\(silent)")

        let unadapted = try task(["--set", "parameters.adaptation=0"])
        #expect(unadapted["repeats"]! > 0.5 && unadapted["accuracy"]! < 0.3, "\(unadapted)")
    }

    @Test func aBlockOutsideZeroToOneIsRefusedByName() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config("scenarios/ttx.yaml"), "--out", dir, "--set", "parameters.ttx_block=1.5"])
        #expect(r.status == 2 && r.output.contains("parameters.ttx_block"), "\(r.output)")
        let tea = try VolleyProcess.run(["run", VolleyProcess.config("scenarios/tea.yaml"), "--out", dir, "--set", "parameters.tea_block=-0.1"])
        #expect(tea.status == 2 && tea.output.contains("parameters.tea_block"), "\(tea.output)")
    }
}
