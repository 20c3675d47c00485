// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The induction demo (configs/induction.yaml): position rides on the theta phase. With the
/// rhythm the heads predict the repeat; with it off or scrambled the network falls to chance.
@Suite(.serialized) struct InductionDemoTests {
    static func run(_ extra: [String]) throws -> [String: Any] {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run", VolleyProcess.config("induction.yaml"), "--out", dir, "--quiet"] + extra)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stdout.contains("task induction: accuracy"))
        return try VolleyProcess.summary(in: dir)
    }

    static func task(_ s: [String: Any]) -> (accuracy: Double, chance: Double, positions: Int) {
        let t = s["task"] as? [String: Any] ?? [:]
        return (t["accuracy"] as? Double ?? -1, t["chance"] as? Double ?? -1, t["predictable_positions"] as? Int ?? 0)
    }

    static func expectPositionRidesOnPhase(sequences: Int) throws {
        let n = ["--set", "parameters.sequences=\(sequences)", "--set", "parameters.seed_sequences=77"]
        let on = task(try run(n))
        let off = task(try run(n + ["--set", "parameters.rhythm=off"]))
        let scrambled = task(try run(n + ["--set", "parameters.rhythm=scrambled"]))
        #expect(on.positions == 7 * sequences)
        #expect(on.accuracy >= 0.9, "with the rhythm: \(on.accuracy)")
        #expect(off.accuracy <= on.chance + 0.1, "rhythm off: \(off.accuracy)")
        #expect(scrambled.accuracy <= on.chance + 0.1, "scrambled: \(scrambled.accuracy)")
        #expect(abs(on.chance - 0.125) < 1e-12)
    }

    @Test func positionRidesOnThePhase() throws {
        try Self.expectPositionRidesOnPhase(sequences: 12)
    }

    @Test(.enabled(if: VolleyProcess.slowTestsEnabled, "200 sequences; make test runs it on a release build"))
    func positionRidesOnThePhaseOver200Sequences() throws {
        try Self.expectPositionRidesOnPhase(sequences: 200)
    }

    @Test func spikesAndActivationsAreTheSameOverWorkers() throws {
        for variant in [[], ["--set", "parameters.entrain_gain=0.002"]] {
            let n = ["--set", "parameters.sequences=4"] + variant
            let local = try Self.run(n)
            let reference = (local["spikes_sha256"] as? String, local["activations_sha256"] as? String)
            #expect(reference.0 != nil && reference.1 != nil)
            #expect((local["activations"] as? Int ?? 0) > 50)
            for w in [2, 3] {
                let s = try Self.run(n + ["--workers", "\(w)"])
                #expect(s["spikes_sha256"] as? String == reference.0, "\(variant) over \(w) workers: spikes differ")
                #expect(s["activations_sha256"] as? String == reference.1, "\(variant) over \(w) workers: activations differ")
            }
        }
        // The entrained variant really changes the rhythm (and with it the run).
        let free = try Self.run(["--set", "parameters.sequences=4"])
        let entrained = try Self.run(["--set", "parameters.sequences=4", "--set", "parameters.entrain_gain=0.002"])
        #expect(free["activations_sha256"] as? String != entrained["activations_sha256"] as? String)
    }
}
