// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// `--record sonata`: spikes.h5 next to spikes.csv with the same spikes, checked from Python with
/// h5py and libsonata (Fixtures/check_spikes_h5.py), and unknown formats refused.
@Suite struct SonataOutputTests {
    static let checker = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("check_spikes_h5.py").path

    /// Runs a scaled-down Brunel (1,250 neurons, 200 ms) recording `spikes` (the file's
    /// `recording.spikes`), then checks spikes.h5 against spikes.csv.
    @Test(
        .enabled(if: VolleyProcess.python != nil, "VOLLEY_PYTHON is unset; make test sets it to .venv-test's Python with h5py"),
        arguments: [("all", ["E", "I"]), ("[I]", ["I"])])
    func spikesH5HoldsTheRowsOfSpikesCSV(spikes: String, populations: [String]) throws {
        let python = try #require(VolleyProcess.python)
        let dir = try VolleyProcess.temporaryDirectory()
        let model = dir + "/brunel.yaml"
        let brunel = try String(contentsOfFile: VolleyProcess.config("brunel.yaml"), encoding: .utf8)
        try brunel.replacingOccurrences(of: "  spikes: all", with: "  spikes: \(spikes)").write(toFile: model, atomically: true, encoding: .utf8)
        let run = try VolleyProcess.run([
            "run", model, "--set", "parameters.order=250", "--t-sim", "200", "--record", "sonata", "--out", dir + "/out", "--quiet",
        ])
        #expect(run.status == 0, "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/spikes.csv"))
        let check = try VolleyProcess.run([Self.checker, dir + "/out", populations.joined(separator: ",")], executable: python)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.stdout.contains("equal spikes.csv"), "\(check.output)")
    }

    @Test func runAndCoordinatorRefuseUnknownFormatsNamingTheKnownOnes() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let brunel = VolleyProcess.config("brunel.yaml")
        for arguments in [
            ["run", brunel, "--t-sim", "10", "--record", "nonsense", "--out", dir],
            ["coordinator", brunel, "--listen", "ipc://\(dir)/c.ipc", "--workers", "1", "--record", "sonata", "--record", "nonsense", "--out", dir],
        ] {
            let r = try VolleyProcess.run(arguments + ["--quiet"])
            #expect(r.status == 2, "\(arguments[0]): exit \(r.status): \(r.output)")
            #expect(r.stderr.contains("nonsense") && r.stderr.contains("csv, sonata"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/summary.json"))
        }
    }

    @Test func helpDescribesRecord() throws {
        let r = try VolleyProcess.run(["help", "run"])
        #expect(r.output.contains("--record") && r.output.contains("spikes.h5"), "\(r.output)")
    }
}
