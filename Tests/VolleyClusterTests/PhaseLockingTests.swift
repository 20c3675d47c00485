// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// A population driven by a rhythm fires phase-locked to it: its vector strength (in
/// summary.json) is well above that of the same population without the drive.
@Suite struct PhaseLockingTests {
    static let model = """
        name: locking
        parameters:
          drive: 150.0
        simulation: {resolution: 0.1, t_sim: 3000.0, seed: 3}
        rhythms:
          theta: {frequency: 8.0}
        populations:
          driven:
            model: iaf_psc_exp
            n: 50
            params: {I_e: 150.0}
            rhythm_drive: {rhythm: theta, amplitude: drive}
          control:
            model: iaf_psc_exp
            n: 50
            params: {I_e: 150.0}
        devices:
          noise: {model: poisson_generator, params: {rate: 3000.0}}
        connections:
          - {source: noise, target: [driven, control], syn_spec: {weight: 40.0, delay: 0.1}}
        """

    @Test func drivenPopulationLocksToTheRhythm() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        try Self.model.write(toFile: dir + "/locking.yaml", atomically: true, encoding: .utf8)
        let r = try VolleyProcess.run(["run", dir + "/locking.yaml", "--out", dir + "/out", "--quiet"])
        #expect(r.status == 0, "\(r.output)")
        let s = try VolleyProcess.summary(in: dir + "/out")
        let pops = try #require(s["populations"] as? [String: [String: Any]])
        let driven = try #require((pops["driven"]?["vector_strength"] as? [String: Any])?["theta"] as? Double)
        let control = try #require((pops["control"]?["vector_strength"] as? [String: Any])?["theta"] as? Double)
        #expect((pops["control"]?["spikes"] as? Int ?? 0) > 500)
        #expect(driven > 0.3, "driven \(driven)")
        #expect(driven > 10 * control, "driven \(driven), control \(control)")
        // The phase timeline is part of the output.
        let timeline = try String(contentsOfFile: dir + "/out/rhythms.csv", encoding: .utf8).split(separator: "\n")
        #expect(timeline.first == "rhythm,t_ms,phase,frequency_hz")
        #expect(timeline.count > 100)
    }
}
