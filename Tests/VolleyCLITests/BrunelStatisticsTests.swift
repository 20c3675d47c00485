// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// Brunel's network must look like one more NEST seed: the mean Kolmogorov–Smirnov distance of
/// its per-neuron rate and ISI-CV distributions to NEST's ten reference seeds (Fixtures/
/// nest_brunel) may not exceed 1.5 × that of the farthest NEST seed seen.
@Suite struct BrunelStatisticsTests {
    struct Reference {
        var rates: [[Double]] = []
        var cvs: [[Double]] = []
        var limitRate = 0.0
        var limitCV = 0.0
    }

    static func reference() throws -> Reference {
        let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("nest_brunel")
        var ref = Reference()
        for seed in 1...10 {
            let text = try String(contentsOf: dir.appendingPathComponent("brunel_seed\(seed).csv"), encoding: .utf8)
            var r: [Double] = [], c: [Double] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() where !line.isEmpty {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                r.append(Double(f[2])!)
                if let cv = Double(f[3]) { c.append(cv) }
            }
            ref.rates.append(r)
            ref.cvs.append(c)
        }
        let data = try Data(contentsOf: dir.appendingPathComponent("brunel_summary.json"))
        let summary = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let calibration = (summary["calibration"] as! [String: Any])["limit"] as! [String: Double]
        let loo = summary["loo_mean_ks"] as! [String: [String: Double]]
        ref.limitRate = 1.5 * max(calibration["rate"]!, loo["rate"]!.values.max()!)
        ref.limitCV = 1.5 * max(calibration["cv"]!, loo["cv"]!.values.max()!)
        return ref
    }

    @Test func theFarthestNESTSeedDefinesTheLimit() throws {
        let ref = try Self.reference()
        #expect(ref.rates.count == 10 && ref.rates.allSatisfy { $0.count == 12_500 })
        // A NEST seed against the other nine is within the limit by construction; check our KS.
        let d = (1..<10).map { SpikeStatistics.ksDistance(ref.rates[0], ref.rates[$0]) }
        #expect(d.reduce(0, +) / 9 <= ref.limitRate)
        #expect(ref.limitRate > 0.05 && ref.limitRate < 0.2)
    }

    @Test func aShiftedDistributionIsFarFromNEST() throws {
        let ref = try Self.reference()
        let shifted = ref.rates[0].map { $0 * 1.1 }
        let d = (0..<10).map { SpikeStatistics.ksDistance(shifted, ref.rates[$0]) }.reduce(0, +) / 10
        #expect(d > ref.limitRate)
    }

    @Test(.enabled(if: VolleyProcess.slowTestsEnabled, "full-scale Brunel for 1.2 s; make test runs it on a release build"),
          arguments: [7, 8])
    func volleyLooksLikeOneMoreNESTSeed(seed: Int) throws {
        let ref = try Self.reference()
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run([
            "run", VolleyProcess.config("brunel.yaml"), "--t-sim", "1200", "--threads", "2", "--seed", "\(seed)",
            "--out", dir, "--quiet",
        ])
        #expect(r.status == 0, "\(r.output)")
        let stats = try SpikeStatistics(
            spikesCSV: dir + "/spikes.csv", populations: [("E", 10_000), ("I", 2_500)], from: 200, duration: 1000)
        let ours = stats.cvs.compactMap { $0 }
        let ksRate = (0..<10).map { SpikeStatistics.ksDistance(stats.rates, ref.rates[$0]) }.reduce(0, +) / 10
        let ksCV = (0..<10).map { SpikeStatistics.ksDistance(ours, ref.cvs[$0]) }.reduce(0, +) / 10
        #expect(ksRate <= ref.limitRate, "mean KS of rates \(ksRate), limit \(ref.limitRate)")
        #expect(ksCV <= ref.limitCV, "mean KS of CVs \(ksCV), limit \(ref.limitCV)")
        let meanRate = stats.rates.reduce(0, +) / Double(stats.rates.count)
        #expect(meanRate > 30 && meanRate < 45)
    }
}
