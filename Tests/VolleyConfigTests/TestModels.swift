// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyConfig

/// Model files and helpers shared by the tests.
enum TestModels {
    /// NEST's brunel_delta_nest.py at a small order, written the way a NEST user would.
    static let brunel = """
        name: brunel
        description: Brunel (2000) model A, as in NEST's brunel_delta_nest.py
        parameters:
          order: {value: 50, min: 1, doc: "network size scale"}
          epsilon: 0.1
          g: 5.0
          eta: 2.0
          J: 0.1
          delay: 1.5
          tau_m: 20.0
          theta: 20.0
          background: {value: poisson, choices: [poisson, dc]}
        derived:
          NE: 4 * order
          NI: order
          CE: int(epsilon * NE)
          CI: int(epsilon * NI)
          JI: -g * J
          nu_th: theta / (J * CE * tau_m)
          p_rate: 1000.0 * eta * nu_th * CE
        simulation:
          resolution: 0.1
          t_sim: 100.0
          seed: 12345
        populations:
          E:
            model: iaf_psc_delta
            n: NE
            params: &neuron {C_m: 1.0, tau_m: tau_m, t_ref: 2.0, E_L: 0.0, V_reset: 10.0, V_m: 0.0, V_th: theta}
            V_m: {distribution: uniform, min: 0.0, max: theta}
          I:
            model: iaf_psc_delta
            n: NI
            params: *neuron
        devices:
          noise: {model: poisson_generator, params: {rate: p_rate}}
        connections:
          - {source: noise, target: [E, I], syn_spec: {weight: J, delay: delay}}
          - source: E
            target: [E, I]
            conn_spec: {rule: fixed_indegree, indegree: CE}
            syn_spec: {weight: J, delay: delay}
          - source: I
            target: [E, I]
            conn_spec: {rule: fixed_indegree, indegree: CI}
            syn_spec: {weight: JI, delay: delay}
        recording:
          spikes: [E]
          V_m:
            - {population: E, neurons: [0, 1], interval: 1.0}

        """

    /// A model whose first `tau_m` is a neuron parameter written literally under `params`.
    static let literalParams = """
        populations:
          E:
            model: iaf_psc_exp
            n: 10
            params:
              C_m: 250.0
              tau_m: 20.0
              V_th: -50.0
        connections:
          - {source: E, target: E, conn_spec: {rule: pairwise_bernoulli, p: 0.1}, syn_spec: {weight: 20.0, delay: 1.0}}

        """

    /// A minimal valid model to which a test appends or substitutes one problem.
    static let minimal = """
        populations:
          E: {model: iaf_psc_delta, n: 10}

        """

    /// The error loading `yaml` raises, or `nil` if it loads.
    static func error(_ yaml: String, overrides: [String] = []) -> ConfigError? {
        do {
            _ = try ConfigLoader.load(yaml: yaml, name: "test", overrides: overrides)
            return nil
        } catch {
            return error
        }
    }

    /// `text` with the first occurrence of `target` replaced, as `sed 's/a/b/'` on the whole file.
    static func replacingFirst(_ target: String, with replacement: String, in text: String) -> String {
        guard let r = text.range(of: target) else { return text }
        return text.replacingCharacters(in: r, with: replacement)
    }
}
