// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// NEST's weight_recorder across processes: the workers' weights frames carry every record of a
/// recorded plastic synapse, the coordinator writes them (weights.csv, byte for byte the file of
/// an in-process run), and taps — live, lossless and filtered by target — follow the weights as
/// they change.
@Suite(.serialized) struct WeightTapTests {
    static let model = [VolleyProcess.config("conditioning.yaml"), "--seed", "3"]

    @Test func tapsFollowTheRecordedWeightsAsTheRunWritesThem() throws {
        let local = try VolleyProcess.temporaryDirectory()
        let inProcess = try VolleyProcess.run(["run"] + Self.model + ["--out", local, "--quiet"])
        #expect(inProcess.status == 0, "\(inProcess.output)")

        var run = try TapRun(Self.model)
        try run.tap("live", ["--format", "jsonl", "--kinds", "weights", "--out", run.dir + "/live.jsonl"])
        try run.tap("lossless", ["--lossless", "--format", "jsonl", "--kinds", "weights", "--out", run.dir + "/lossless.jsonl"])
        try run.tap("filtered", [
            "--format", "jsonl", "--kinds", "spikes,weights", "--populations", "paired_islet2", "--neurons", "0-4",
            "--out", run.dir + "/filtered.jsonl",
        ])
        #expect(run.waitForTaps(3))
        try run.startWorkers()
        try run.finish()

        let written = try String(contentsOfFile: run.dir + "/run/weights.csv", encoding: .utf8)
        #expect(try String(contentsOfFile: local + "/weights.csv", encoding: .utf8) == written, "distributed weights.csv differs")
        let rows = written.split(separator: "\n").dropFirst().map(String.init)
        // 3 arms × 4 bells × 20 parrots × 20 islet neurons, every bell spike through every synapse.
        #expect(rows.count > 100_000)
        #expect(try weights(run, "live.jsonl") == rows)
        #expect(try weights(run, "lossless.jsonl") == rows)
        // paired_islet2 neurons 0-4: the targets' global ids follow 8 populations of 20.
        let targets = Set((160 + 2 * 20..<160 + 2 * 20 + 5).map(String.init))
        let selected = rows.filter { targets.contains(String($0.split(separator: ",")[2])) }
        #expect(!selected.isEmpty && selected.count < rows.count)
        #expect(try weights(run, "filtered.jsonl") == selected)
        for name in ["live", "lossless", "filtered"] {
            let r = try run.report(name)
            #expect(r["frames_missed"] as? Int == 0, "\(name): \(r)")
        }
    }

    /// The weight lines of a tap's JSON lines as weights.csv rows, the weight as written.
    func weights(_ run: TapRun, _ file: String) throws -> [String] {
        try run.lines(file).compactMap { line -> String? in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            guard o["kind"] as? String == "weight" else { return nil }
            let value = try #require(line.range(of: "\"weight\":", options: .backwards).map { line[$0.upperBound...].dropLast() })
            return "\(run.format(o["t_ms"]!)),\(o["source"]!),\(o["target"]!),\(value)"
        }
    }
}
