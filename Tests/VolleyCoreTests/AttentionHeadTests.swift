// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore

/// Head outputs against an independent double-precision computation written here: random
/// weights and inputs, rotary phases, causal mask, temperature and gate.
@Suite struct AttentionHeadTests {
    struct Reference {
        let wq: [[Double]], wk: [[Double]], wv: [[Double]], wo: [[Double]]
        let harmonics: [Double]
        let temperature: Double, threshold: Double

        func matvec(_ m: [[Double]], _ x: [Double]) -> [Double] { m.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } } }

        /// Rotation as an explicit block-diagonal matrix product.
        func rotated(_ v: [Double], _ phase: Double) -> [Double] {
            var out = v
            for (i, h) in harmonics.enumerated() {
                let m = [[cos(h * phase), -sin(h * phase)], [sin(h * phase), cos(h * phase)]]
                out[2 * i] = m[0][0] * v[2 * i] + m[0][1] * v[2 * i + 1]
                out[2 * i + 1] = m[1][0] * v[2 * i] + m[1][1] * v[2 * i + 1]
            }
            return out
        }

        /// Output for a query over earlier events, or nil when gated.
        func output(query: (x: [Double], phase: Double), context: [(x: [Double], phase: Double)]) -> [Double]? {
            guard !context.isEmpty else { return nil }
            let q = rotated(matvec(wq, query.x), query.phase)
            let scores = context.map { c -> Double in
                let k = rotated(matvec(wk, c.x), c.phase)
                return zip(q, k).reduce(0) { $0 + $1.0 * $1.1 } / sqrt(Double(q.count)) / temperature
            }
            let m = scores.max()!
            let e = scores.map { exp($0 - m) }
            let weights = e.map { $0 / e.reduce(0, +) }
            guard weights.max()! >= threshold else { return nil }
            var z = [Double](repeating: 0, count: wv.count)
            for (w, c) in zip(weights, context) {
                let v = matvec(wv, c.x)
                for d in z.indices { z[d] += w * v[d] }
            }
            return matvec(wo, z)
        }
    }

    func randomMatrix(_ rows: Int, _ cols: Int, _ g: inout SystemRandomNumberGenerator) -> [[Double]] {
        (0..<rows).map { _ in (0..<cols).map { _ in Double.random(in: -1...1, using: &g) } }
    }

    @Test(arguments: [(0.7, 0.0), (0.3, 0.35), (2.0, 0.2)])
    func outputsMatchAnIndependentComputation(temperature: Double, threshold: Double) {
        var g = SystemRandomNumberGenerator()
        let din = 6, dk = 6, dv = 4, dout = 5
        let ref = Reference(
            wq: randomMatrix(dk, din, &g), wk: randomMatrix(dk, din, &g), wv: randomMatrix(dv, din, &g),
            wo: randomMatrix(dout, dv, &g), harmonics: [1, 2, 3], temperature: temperature, threshold: threshold)
        let spec = HeadPopulationSpec(
            name: "h", count: 1, inputDimension: din, keyDimension: dk, valueDimension: dv, outputDimension: dout,
            queries: .given(Matrix(rows: dk, columns: din, values: ref.wq.flatMap { $0 })),
            keys: .given(Matrix(rows: dk, columns: din, values: ref.wk.flatMap { $0 })),
            values: .given(Matrix(rows: dv, columns: din, values: ref.wv.flatMap { $0 })),
            output: .given(Matrix(rows: dout, columns: dv, values: ref.wo.flatMap { $0 })),
            rotary: RotarySpec(rhythm: 0, harmonics: [1, 2, 3]), context: .lastEvents(1000),
            temperature: temperature, threshold: threshold)
        var head = AttentionHead(spec: spec, head: 0, seed: 1, resolution: 0.1)
        var context: [(x: [Double], phase: Double)] = []
        var worst = 0.0, emitted = 0, gated = 0
        for step in 0..<40 {
            // One to three events per step; same-step events do not see each other.
            let events = (0..<Int.random(in: 1...3, using: &g)).map { _ in
                HeadInput(vector: (0..<din).map { _ in Double.random(in: -2...2, using: &g) }, step: Int64(step),
                          phase: Double.random(in: 0..<(2 * .pi), using: &g))
            }
            let outputs = head.receive(events)
            for (e, out) in zip(events, outputs) {
                let expected = ref.output(query: (e.vector, e.phase), context: context)
                #expect((out == nil) == (expected == nil), "gate disagrees at step \(step)")
                if let out, let expected {
                    emitted += 1
                    for (a, b) in zip(out, expected) { worst = max(worst, abs(Double(a) - b) / max(abs(b), 1e-3)) }
                } else {
                    gated += 1
                }
            }
            context += events.map { ($0.vector, $0.phase) }
        }
        #expect(worst <= 1e-5, "max relative error \(worst)")
        #expect(emitted > 10)
        if threshold > 0.3 { #expect(gated > 0) }
    }

    @Test func theContextKindsForgetWhatTheyShould() {
        func head(_ context: HeadContext) -> AttentionHead {
            let spec = HeadPopulationSpec(
                name: "h", count: 1, inputDimension: 1, keyDimension: 1, valueDimension: 1, outputDimension: 1,
                queries: .given(.identity(1)), keys: .given(.identity(1)), values: .given(.identity(1)), context: context)
            return AttentionHead(spec: spec, head: 0, seed: 1, resolution: 0.1)
        }
        var last = head(.lastEvents(3))
        var window = head(.window(ms: 1.0))  // 10 steps
        var cycle = head(.rhythmCycle(0))
        for step in 0..<20 as Range<Int64> {
            let e = [HeadInput(vector: [1], step: step, cycle: step / 7)]
            _ = last.receive(e)
            _ = window.receive(e)
            _ = cycle.receive(e)
        }
        #expect(last.contextCount == 3)
        #expect(window.contextCount == 10)   // steps 10…19
        #expect(cycle.contextCount == 6)     // steps 14…19 of cycle 2
    }

    @Test func seededWeightsDependOnTheHeadAndTheSeed() {
        let spec = HeadPopulationSpec(
            name: "h", count: 2, inputDimension: 3, keyDimension: 2, valueDimension: 2, outputDimension: 2,
            queries: .seeded(std: 1), keys: .seeded(std: 1), values: .seeded(std: 1), context: .lastEvents(5))
        func out(_ head: Int, _ seed: UInt64) -> [Float]? {
            var h = AttentionHead(spec: spec, head: head, seed: seed, resolution: 0.1)
            _ = h.receive([HeadInput(vector: [1, 0, 2], step: 0)])
            return h.receive([HeadInput(vector: [0, 1, 1], step: 1)])[0]
        }
        #expect(out(0, 1) != nil)
        #expect(out(0, 1) == out(0, 1))
        #expect(out(0, 1) != out(1, 1))
        #expect(out(0, 1) != out(0, 2))
    }
}
