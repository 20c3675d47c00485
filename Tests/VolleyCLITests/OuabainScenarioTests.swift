// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The ouabain scenario (configs/scenarios/ouabain.yaml) through the volley executable, scaled
/// down for a debug build (cells a tenth of the volume, so 10× faster concentrations; two
/// neurons; 1 s of baseline, 1 s of ouabain): its time course in spikes.csv and multimeter.csv.
@Suite(.serialized) struct OuabainScenarioTests {
    static let scaled = [
        "--set", "parameters.volume_scale=0.1", "--set", "parameters.t_ouabain=1000", "--set", "parameters.N=2",
        "--t-sim", "2000",
    ]

    /// Rows of a CSV file with a header, as dictionaries.
    static func rows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",").map(String.init))) }
    }

    struct Run {
        /// Spike times (ms) of every neuron.
        let spikes: [Double]
        /// Neuron 0's recordables: variable → [(t_ms, value)].
        let samples: [String: [(t: Double, value: Double)]]
        let summary: [String: Any]

        /// Spikes per neuron and second in (from, to].
        func rate(_ from: Double, _ to: Double, neurons: Int = 2) -> Double {
            Double(spikes.filter { $0 > from && $0 <= to }.count) / Double(neurons) / ((to - from) / 1000)
        }

        func values(_ variable: String, _ from: Double, _ to: Double) -> [Double] {
            (samples[variable] ?? []).filter { $0.t > from && $0.t <= to }.map(\.value)
        }

        func value(_ variable: String, at t: Double) -> Double? {
            samples[variable]?.first { abs($0.t - t) < 1e-9 }?.value
        }
    }

    static func run(_ extra: [String]) throws -> Run {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config("scenarios/ouabain.yaml"), "--out", dir, "--quiet"] + scaled + extra)
        #expect(r.status == 0, "\(r.output)")
        var samples: [String: [(t: Double, value: Double)]] = [:]
        for row in try rows(dir + "/multimeter.csv") where row["neuron"] == "0" {
            samples[row["variable"]!, default: []].append((Double(row["t_ms"]!)!, Double(row["value"]!)!))
        }
        return Run(spikes: try rows(dir + "/spikes.csv").map { Double($0["t_ms"]!)! }, samples: samples,
                   summary: try VolleyProcess.summary(in: dir))
    }

    /// The pump stopped: its current is 0 from the first step on; Na⁺ and K⁺ pile up; the
    /// neurons fire faster, then stop, held depolarised; without ouabain nothing changes.
    @Test func ouabainDrivesTheNeuronsIntoDepolarisationBlock() throws {
        let poisoned = try Self.run([])
        let baseline = poisoned.rate(500, 1000), early = poisoned.rate(1000, 1200)
        #expect(baseline > 10 && baseline < 60, "tonic firing before ouabain: \(baseline) Hz")
        #expect(early > 2 * baseline, "faster under ouabain: \(early) Hz vs \(baseline) Hz")
        #expect(poisoned.rate(1600, 2000) == 0, "no spike in the last 400 ms")
        let late = poisoned.values("V_m", 1600, 2000)
        #expect(!late.isEmpty && late.allSatisfy { $0 > -40 }, "held depolarised: \(late.min() ?? .nan) mV")
        #expect(poisoned.value("I_pump", at: 1000)! > 10 && poisoned.value("I_pump", at: 1001)! == 0)
        let q = try #require(poisoned.value("Q_pump", at: 1001))
        #expect(poisoned.values("Q_pump", 1001, 2000).allSatisfy { $0 == q }, "the pump spends nothing more")
        let naBefore = try #require(poisoned.value("Na_i", at: 1000)), naAfter = try #require(poisoned.value("Na_i", at: 2000))
        #expect(naAfter > naBefore + 10, "Na⁺ accumulates: \(naBefore) → \(naAfter) mM")
        #expect(poisoned.value("K_o", at: 2000)! > 4 * poisoned.value("K_o", at: 1000)!)

        let control = try Self.run(["--set", "parameters.ouabain_block=0"])
        #expect(control.rate(1600, 2000) > 10 && abs(control.rate(1000, 2000) - baseline) < 0.5 * baseline)
        #expect(control.value("I_pump", at: 2000)! > 10)
        let energy = { (run: Run) in
            ((run.summary["energy"] as? [String: Any])?["populations"] as? [String: Any])?["N"] as? [String: Any] ?? [:]
        }
        #expect(energy(poisoned)["atp_source"] as? String == "pump")
        let atp = { (run: Run) in energy(run)["atp"] as? Double ?? -1 }
        #expect(atp(poisoned) < 0.6 * atp(control), "pump ATP \(atp(poisoned)) vs \(atp(control))")
    }

    @Test func aBlockOutsideZeroToOneOrANegativeConcentrationIsRefusedByName() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let config = VolleyProcess.config("scenarios/ouabain.yaml")
        let block = try VolleyProcess.run(["run", config, "--out", dir, "--set", "parameters.ouabain_block=1.5"])
        #expect(block.status == 2 && block.output.contains("parameters.ouabain_block"), "\(block.output)")
        let sodium = try VolleyProcess.run(["run", config, "--out", dir, "--set", "populations.N.params.Na_i=-5"])
        #expect(sodium.status == 2 && sodium.output.contains("populations.N.params.Na_i"), "\(sodium.output)")
        let volume = try VolleyProcess.run(["run", config, "--out", dir, "--set", "parameters.volume_scale=-1"])
        #expect(volume.status == 2 && volume.output.contains("parameters.volume_scale"), "\(volume.output)")
    }
}
