// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// Model files for tests that run `volley` as a process.
public enum ExampleConfigs {
    /// Two small populations of `iaf_psc_alpha` driven into firing, with two multimeters that
    /// record three recordables (`V_m`, `I_syn_ex`, `I_syn_in`, the run's variables in that
    /// order), one of them listed out of that order, on neurons of both populations: enough to
    /// see every sample named, merged across shards and carried by every consumer. 200 ms, 30
    /// neurons, epochs of 0.5 ms: a second or two.
    public static let multimeters = network(multimeters: [
        "{population: A, neurons: [0, 7, 19], record_from: [V_m, I_syn_ex], interval: 0.5}",
        "{population: B, neurons: [3], record_from: [I_syn_in, V_m], interval: 1.0}",
    ])

    /// The same network with one multimeter on one neuron, every 1 ms (two epochs): most of the
    /// shards' epochs have no sample to send.
    public static let sparseMultimeter = network(multimeters: ["{population: B, neurons: [3], record_from: [V_m], interval: 1.0}"])

    private static func network(multimeters: [String]) -> String {
        """
        name: multimeters
        simulation: {resolution: 0.1, t_sim: 200.0, seed: 4}
        populations:
          A:
            model: iaf_psc_alpha
            n: 20
            params: {I_e: 300.0}
            V_m: {distribution: uniform, min: -70.0, max: -56.0}
          B:
            model: iaf_psc_alpha
            n: 10
            params: {I_e: 350.0}
        devices:
          drive: {model: poisson_generator, params: {rate: 2000.0}}
        connections:
          - {source: drive, target: [A, B], syn_spec: {weight: 100.0, delay: 1.0}}
          - source: A
            target: [A, B]
            conn_spec: {rule: pairwise_bernoulli, p: 0.3, allow_autapses: false}
            syn_spec: {weight: 150.0, delay: 0.5}
          - source: B
            target: A
            conn_spec: {rule: pairwise_bernoulli, p: 0.3}
            syn_spec: {weight: -300.0, delay: 0.5}
        recording:
          spikes: all
          multimeters:

        """ + multimeters.map { "    - \($0)\n" }.joined()
    }

    /// Writes `text` as `name` in `dir` and returns its path.
    public static func write(_ text: String, named name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
