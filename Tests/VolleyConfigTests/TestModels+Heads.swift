// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// Models with rhythms, attention heads, head couplings and the induction task.
extension TestModels {
    /// W_K of head `prev` in `weights/prev_k.npy` (float64, 4 × 4).
    static let prevKeys: [Double] = [0.5, -1, 0, 2, 0.25, 0, 1, -0.5, 3, 0.125, -2, 0, 1, 1, 1, 1]
    /// W_V of head `induction` in `weights/v.npy` (float32, 3 × 2; every value exact in float32).
    static let inductionValues: [Float] = [0.5, -1.25, 2, 0.125, 3, -4]

    /// Everything new at once: free-running, nested (twice) and entrained rhythms, drives, two
    /// heads (inline, seeded and .npy weights), all three head couplings and the task.
    static let induction = """
        name: induction
        parameters:
          rhythm: {value: on, choices: [on, off, scrambled]}
          seed_sequences: 7
          w_stim: 1000.0
        simulation: {resolution: 0.1, t_sim: 1000.0, seed: 3}
        populations:
          S0: {model: iaf_psc_exp, n: 2, rhythm_drive: {rhythm: theta, amplitude: 50.0}}
          S1:
            model: iaf_psc_exp
            n: 4
            rhythm_drive:
              - {rhythm: theta, amplitude: 20.0, offset: 5.0}
              - {rhythm: gamma, amplitude: 2 * 5}
          S2: {model: iaf_psc_exp, n: 2}
          S3: {model: iaf_psc_exp, n: 2}
          M0: {model: iaf_psc_exp, n: 1}
          M1: {model: iaf_psc_exp, n: 1}
          M2: {model: iaf_psc_exp, n: 2}
          M3: {model: iaf_psc_exp, n: 1}
        devices:
          noise: {model: poisson_generator, params: {rate: 10.0}}
        rhythms:
          theta: {frequency: 2.5, mode: rhythm}
          gamma: {nested_in: theta, cycles: 16, phase: 0.5}
          alpha: {frequency: 10.0, mode: off, entrain: {population: S2, gain: 0.001, lag: 3}}
          beta: {nested_in: gamma, cycles: 2, mode: scrambled}
        heads:
          prev:
            n: 2
            dimensions: {input: 4, key: 4, value: 2}
            weights:
              W_Q: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
              W_K: {file: weights/prev_k.npy}
              W_V: {seeded: 0.2}
            rotary: {rhythm: theta, harmonics: [1, 2]}
            context: {window: 375.0}
            temperature: 0.5
            threshold: 0.6
          induction:
            dimensions: {input: 2, key: 2, value: 3, output: 2}
            embedding: [[1, 0], [0, 1], [1, 1]]
            weights:
              W_Q: {seeded: 0.1}
              W_K: {seeded: 0.1}
              W_V: {file: weights/v.npy}
              W_O: [[1, 0, 0], [0, 1, 0]]
            context: {cycle: theta}
            residual: true
            scale: 0.25
        connections:
          - {source: noise, target: S0}
          - {source: S0, target: S1, syn_spec: {weight: 5.0}}
          - {source: S3, target: prev, row: 2, delay: 1.0}
          - {source: S1, target: induction, row: 1, neurons_per_row: 2}
          - {source: prev, target: induction, delay: 0.5, projection: identity}
          - {source: induction, target: prev, projection: [[1, 0], [0, 1], [1, 1], [0, 0]]}
          - {source: induction, target: M3, readout: [[0, 300.0]], delay: 1.0}
          - {source: prev, target: M2, readout: [[1, 2], [3, 4]]}
        task:
          kind: induction
          vocabulary: 4
          prefix: 3
          sequences: 5
          seed: seed_sequences
          slot: 25.0
          gap: 400.0
          start: 50.0
          sensory: [S0, S1, S2, S3]
          motor: [M0, M1, M2, M3]
          stimulus: {weight: w_stim, delay: 0.1}

        """

    /// Writes `induction` as `induction.yaml` with its two weight files into a fresh folder and
    /// returns the model file's path.
    static func writeInduction(model: String = induction, to dir: URL) throws -> String {
        try NpyFiles.write(NpyFiles.bytes(descr: "<f8", shape: [4, 4], payload: NpyFiles.float64(prevKeys)), to: dir, "weights/prev_k.npy")
        try NpyFiles.write(NpyFiles.bytes(descr: "<f4", shape: [3, 2], version: 2, payload: NpyFiles.float32(inductionValues)), to: dir, "weights/v.npy")
        let file = dir.appendingPathComponent("induction.yaml")
        try model.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// A small valid model with a rhythm, a head, every coupling kind and a task, to which the
    /// error tests apply one change each.
    static let heads = """
        parameters:
          rhythm: {value: on, choices: [on, off, scrambled]}
        populations:
          S0: {model: iaf_psc_exp, n: 2}
          S1: {model: iaf_psc_exp, n: 2}
          M0: {model: iaf_psc_exp, n: 1}
          M1: {model: iaf_psc_exp, n: 3}
        rhythms:
          theta: {frequency: 4.0, mode: rhythm}
          gamma: {nested_in: theta, cycles: 8}
        heads:
          h:
            dimensions: {input: 4, key: 2, value: 2}
            weights: {W_Q: {seeded: 0.1}, W_K: {seeded: 0.1}, W_V: {seeded: 0.1}}
            rotary: {rhythm: theta, harmonics: [1]}
            context: {last: 5}
          g:
            dimensions: {input: 2, key: 2, value: 2}
            weights: {W_Q: {seeded: 0.1}, W_K: {seeded: 0.1}, W_V: {seeded: 0.1}}
            context: {window: 100.0}
        connections:
          - {source: S0, target: h, row: 0}
          - {source: S1, target: h, row: 2, delay: 0.5}
          - {source: h, target: g, delay: 1.0}
          - {source: g, target: M1, readout: [[1.0, 2.0]]}
        task:
          kind: induction
          vocabulary: 2
          prefix: 2
          sequences: 3
          slot: 20.0
          start: 10.0
          sensory: [S0, S1]
          motor: [M0, M1]
          stimulus: {weight: 500.0}

        """
}
