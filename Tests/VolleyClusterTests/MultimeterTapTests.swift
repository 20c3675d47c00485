// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// A run's multimeters across processes: the workers' samples frames name each sample's
/// recordable, the coordinator's recorder writes them all (multimeter.csv), and taps — live,
/// lossless and filtered — receive the same samples, each named.
@Suite(.serialized) struct MultimeterTapTests {
    @Test func tapsReceiveEverySampleNamedAsTheRunRecordsIt() throws {
        let config = try ExampleConfigs.write(
            ExampleConfigs.multimeters, named: "multimeters.yaml", in: try VolleyProcess.temporaryDirectory())
        var run = try TapRun([config])
        try run.tap("live", ["--format", "jsonl", "--kinds", "spikes,samples", "--out", run.dir + "/live.jsonl"])
        try run.tap("lossless", ["--lossless", "--format", "jsonl", "--kinds", "samples", "--out", run.dir + "/lossless.jsonl"])
        try run.tap("filtered", ["--format", "jsonl", "--kinds", "samples", "--populations", "B", "--out", run.dir + "/filtered.jsonl"])
        #expect(run.waitForTaps(3))
        try run.startWorkers()
        try run.finish()

        let csv = try run.lines("run/multimeter.csv")
        #expect(csv.first == "population,neuron,t_ms,variable,value")
        let rows = csv.dropFirst().map(String.init)
        // A: 3 neurons × 2 recordables × 400 samples (every 0.5 ms); B: 1 neuron × 2 × 200.
        #expect(rows.count == 3 * 2 * 400 + 2 * 200)
        #expect(Set(rows.map { $0.split(separator: ",")[3] }) == ["V_m", "I_syn_ex", "I_syn_in"])
        for name in ["live", "lossless", "filtered"] {
            let r = try run.report(name)
            #expect(r["frames_missed"] as? Int == 0 && r["epochs_written"] as? Int == 400, "\(name): \(r)")
        }
        #expect(try samples(run, "live.jsonl") == rows)
        #expect(try samples(run, "lossless.jsonl") == rows)
        #expect(try samples(run, "filtered.jsonl") == rows.filter { $0.hasPrefix("B,") })
        #expect(try run.lines("live.jsonl").count > rows.count, "the live tap has spikes too")
    }

    /// A multimeter that samples less often than every epoch, on one shard: every shard still
    /// sends a samples frame per epoch, so a lossless tap (which counts on one) sees no gap.
    @Test func aSparseMultimeterLeavesALosslessTapNoGap() throws {
        let config = try ExampleConfigs.write(
            ExampleConfigs.sparseMultimeter, named: "sparse.yaml", in: try VolleyProcess.temporaryDirectory())
        var run = try TapRun([config])
        try run.tap("lossless", ["--lossless", "--format", "jsonl", "--kinds", "samples", "--out", run.dir + "/lossless.jsonl"])
        try run.tap("live", ["--format", "jsonl", "--kinds", "samples", "--out", run.dir + "/live.jsonl"])
        #expect(run.waitForTaps(2))
        try run.startWorkers()
        try run.finish()
        let rows = try run.lines("run/V_m.csv").dropFirst().map { line in
            let f = line.split(separator: ",")
            return "\(f[0]),\(f[1]),\(f[2]),V_m,\(f[3])"
        }
        #expect(rows.count == 200)
        for name in ["lossless", "live"] {
            let r = try run.report(name)
            #expect(run.taps[name]!.exitStatus == 0, "\(name): \(run.taps[name]!.output)")
            #expect(r["frames_missed"] as? Int == 0 && r["frames_received"] as? Int == 800, "\(name): \(r)")
            #expect(try samples(run, "\(name).jsonl") == rows, "\(name)")
        }
    }

    /// The sample lines of a tap's JSON lines as multimeter.csv rows; each line must name its
    /// recordable and key its value by that name, last.
    func samples(_ run: TapRun, _ file: String) throws -> [String] {
        try run.lines(file).compactMap { line -> String? in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            guard o["kind"] as? String == "sample" else { return nil }
            let variable = try #require(o["variable"] as? String, "\(line)")
            #expect(o[variable] is NSNumber, "\(line)")
            // The value as written: Foundation's JSON parser may round the last digit.
            let key = "\"\(variable)\":"
            let value = try #require(line.range(of: key, options: .backwards).map { line[$0.upperBound...].dropLast() }, "\(line)")
            return "\(o["population"]!),\(o["neuron"]!),\(run.format(o["t_ms"]!)),\(variable),\(value)"
        }
    }
}
