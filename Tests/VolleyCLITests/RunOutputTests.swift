// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// `summary.json` and `spikes.csv` as DESIGN §5 specifies them.
@Suite struct RunOutputTests {
    let dir: String
    let run: VolleyProcess.Result

    init() throws {
        dir = try VolleyProcess.temporaryDirectory()
        run = try VolleyProcess.run([
            "run", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=250", "--t-sim", "300",
            "--seed", "9", "--threads", "2", "--out", dir, "--quiet",
        ])
    }

    @Test func summaryHasEveryField() throws {
        #expect(run.status == 0, "\(run.output)")
        let s = try VolleyProcess.summary(in: dir)
        for key in ["volley_version", "model", "seed", "resolution_ms", "d_min_ms", "t_sim_ms", "neurons", "synapses",
                    "shards", "workers", "timing", "memory", "populations", "spikes_sha256"] {
            #expect(s[key] != nil, "summary.json lacks \(key)")
        }
        #expect(s["model"] as? String == "brunel")
        #expect(s["seed"] as? Int == 9)
        #expect(s["neurons"] as? Int == 1250)
        #expect(s["synapses"] as? Int == 1250 * (100 + 25))
        #expect(s["d_min_ms"] as? Double == 1.5)
        let timing = try #require(s["timing"] as? [String: Any])
        for k in ["build_s", "sim_s", "rtf"] { #expect((timing[k] as? Double ?? -1) >= 0) }
        let memory = try #require(s["memory"] as? [String: Any])
        #expect((memory["peak_rss_mb"] as? Double ?? 0) > 1)
        // Only a distributed run tells the coordinator's memory from its workers'.
        #expect(memory["total_peak_rss_mb"] == nil && s["workers_detail"] == nil)
        let pops = try #require(s["populations"] as? [String: [String: Any]])
        #expect(Set(pops.keys) == ["E", "I"])
        let e = try #require(pops["E"])
        #expect(e["n"] as? Int == 1000)
        let rate = try #require(e["rate_hz"] as? Double)
        #expect(rate > 5 && rate < 200)
        #expect((e["cv_isi_mean"] as? Double ?? 0) > 0)
        let params = try #require(s["parameters"] as? [String: Any])
        #expect(params["order"] as? Double == 250)
    }

    @Test func spikesCSVMatchesTheSummaryAndTheHash() throws {
        let text = try String(contentsOfFile: dir + "/spikes.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        #expect(lines.removeFirst() == "population,neuron,t_ms")
        let s = try VolleyProcess.summary(in: dir)
        let pops = try #require(s["populations"] as? [String: [String: Any]])
        let total = pops.values.reduce(0) { $0 + ($1["spikes"] as? Int ?? 0) }
        #expect(lines.count == total)
        #expect(total > 1000)
        // Rows are in time order, times on the grid within (0, t_sim].
        var rows: [(step: Int, pop: String, neuron: Int)] = []
        var last = 0
        for l in lines {
            let f = l.split(separator: ",").map(String.init)
            let step = Int((Double(f[2])! * 10).rounded())
            #expect(step >= last && step >= 1 && step <= 3000)
            last = step
            rows.append((step, f[0], Int(f[1])!))
        }
        // Recompute spikes_sha256 with the system's sha256sum, an independent implementation.
        rows.sort { a, b in
            if a.step != b.step { return a.step < b.step }
            if a.pop != b.pop { return Array(a.pop.utf8).lexicographicallyPrecedes(Array(b.pop.utf8)) }
            return a.neuron < b.neuron
        }
        let canonical = rows.map { "\($0.pop),\($0.neuron),\($0.step)\n" }.joined()
        let file = dir + "/canonical.txt"
        try canonical.write(toFile: file, atomically: true, encoding: .utf8)
        let sum = try VolleyProcess.run([file], executable: "/usr/bin/sha256sum")
        let expected = String(sum.stdout.prefix(64))
        #expect(expected.count == 64)
        #expect(try VolleyProcess.spikeHash(in: dir) == expected)
    }

    @Test func runPrintsTheHashOnOneLine() throws {
        let hash = try VolleyProcess.spikeHash(in: dir)
        #expect(run.stdout.split(separator: "\n").contains { $0.contains("spikes_sha256 \(hash)") })
    }

    @Test func quietMeansNoProgressAndLoudMeansABuildLine() throws {
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let loud = try VolleyProcess.run([
            "run", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=50", "--t-sim", "50",
            "--out", try VolleyProcess.temporaryDirectory(),
        ])
        #expect(loud.status == 0)
        #expect(loud.stderr.contains("built 250 neurons"))
    }
}
