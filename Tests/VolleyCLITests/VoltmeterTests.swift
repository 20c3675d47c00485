// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// `recording.V_m` (NEST's multimeter) writes V_m.csv, the same on any number of shards.
@Suite struct VoltmeterTests {
    static let model = """
        name: probes
        simulation: {resolution: 0.1, t_sim: 50.0, seed: 4}
        populations:
          A:
            model: iaf_psc_alpha
            n: 20
            params: {I_e: 300.0}
            V_m: {distribution: uniform, min: -70.0, max: -56.0}
        devices:
          kick: {model: spike_generator, params: {spike_times: [5.0, 5.0, 12.3]}}
          dc: {model: dc_generator, params: {amplitude: 200.0, start: 20.0, stop: 30.0}}
        connections:
          - {source: kick, target: A, syn_spec: {weight: 500.0, delay: 1.0}}
          - {source: dc, target: A}
          - source: A
            target: A
            conn_spec: {rule: pairwise_bernoulli, p: 0.3, allow_autapses: false}
            syn_spec: {weight: {distribution: normal, mean: -200.0, std: 50.0, max: 0.0}, delay: 0.2}
        recording:
          V_m: [{population: A, neurons: [0, 7, 19], interval: 0.5}]
        """

    private func run(shards: Int) throws -> (csv: String, dir: String) {
        let dir = try VolleyProcess.temporaryDirectory()
        try Self.model.write(toFile: dir + "/probes.yaml", atomically: true, encoding: .utf8)
        let r = try VolleyProcess.run(["run", dir + "/probes.yaml", "--out", dir + "/out", "--shards", "\(shards)", "--quiet"])
        #expect(r.status == 0, "\(r.output)")
        return (try String(contentsOfFile: dir + "/out/V_m.csv", encoding: .utf8), dir)
    }

    @Test func samplesEveryIntervalForEveryProbe() throws {
        let (csv, _) = try run(shards: 1)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "population,neuron,t_ms,V_m")
        #expect(lines.count == 1 + 3 * 100)
        #expect(lines[1].hasPrefix("A,0,0.5,"))
        #expect(lines[3].hasPrefix("A,19,0.5,"))
        #expect(lines.last!.hasPrefix("A,19,50.0,"))
        let values = lines.dropFirst().map { Double($0.split(separator: ",")[3])! }
        #expect(values.allSatisfy { $0 > -90 && $0 < -50 })
        #expect(Set(values).count > 100)
    }

    @Test func tracesDoNotDependOnShards() throws {
        let one = try run(shards: 1).csv
        #expect(try run(shards: 3).csv == one)
        #expect(try run(shards: 20).csv == one)
    }
}
