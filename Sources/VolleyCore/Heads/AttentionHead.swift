// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// One input event of a head: its vector, the step it arrived in, and the rhythm phase and
/// cycle it arrived at.
public struct HeadInput: Sendable, Equatable {
    public var vector: [Double]
    public var step: Int64
    public var phase: Double
    public var cycle: Int64

    public init(vector: [Double], step: Int64, phase: Double = 0, cycle: Int64 = 0) {
        self.vector = vector
        self.step = step
        self.phase = phase
        self.cycle = cycle
    }
}

/// One attention head: causal softmax attention from each new event to the context of earlier
/// events, with rotary position encoding by the rhythm phase, a temperature and a gate.
/// Arithmetic is in double precision; outputs are rounded to `Float` once, when emitted.
public struct AttentionHead: Sendable {
    public let spec: HeadPopulationSpec
    let wq: [Double], wk: [Double], wv: [Double], wo: [Double]?
    // Context: per earlier event its step, cycle, rotated key and value.
    private var steps: [Int64] = []
    private var cycles: [Int64] = []
    private var contextKeys: [Double] = []
    private var contextValues: [Double] = []
    private let windowSteps: Int64?

    /// Head `head` (global head id, which keys seeded weights) of a population.
    public init(spec: HeadPopulationSpec, head: Int, seed: UInt64, resolution: Double) {
        self.spec = spec
        let p = Philox(seed: seed)
        func weights(_ source: MatrixSource, rows: Int, columns: Int, kind: UInt32) -> [Double] {
            switch source {
            case .given(let m): return m.values
            case .seeded(let std):
                return (0..<(rows * columns)).map { i in
                    var r = RandomSequence(p, stream: 0x4EAD_0000 + kind, entity: UInt32(head), counter: UInt64(i))
                    return std * Distributions.standardNormal(&r)
                }
            }
        }
        wq = weights(spec.queries, rows: spec.keyDimension, columns: spec.inputDimension, kind: 0)
        wk = weights(spec.keys, rows: spec.keyDimension, columns: spec.inputDimension, kind: 1)
        wv = weights(spec.values, rows: spec.valueDimension, columns: spec.inputDimension, kind: 2)
        wo = spec.output.map { weights($0, rows: spec.outputDimension, columns: spec.valueDimension, kind: 3) }
        if case .window(let ms) = spec.context { windowSteps = Int64((ms / resolution).rounded()) } else { windowSteps = nil }
    }

    /// Events in the context now.
    public var contextCount: Int { steps.count }

    /// The context as a value, for checkpoints: per earlier event its step, cycle, rotated key
    /// and value (keys and values flattened, `keyDimension` and `valueDimension` per event).
    public struct Context: Sendable, Equatable {
        public var steps: [Int64]
        public var cycles: [Int64]
        public var keys: [Double]
        public var values: [Double]

        public init(steps: [Int64], cycles: [Int64], keys: [Double], values: [Double]) {
            self.steps = steps
            self.cycles = cycles
            self.keys = keys
            self.values = values
        }
    }

    public var context: Context {
        get { Context(steps: steps, cycles: cycles, keys: contextKeys, values: contextValues) }
        set {
            steps = newValue.steps
            cycles = newValue.cycles
            contextKeys = newValue.keys
            contextValues = newValue.values
        }
    }

    /// Processes the events that arrive in one step, in order: each attends to the context as it
    /// was before this step (causal: events of the same step do not see each other); then all
    /// join the context. Returns, per event, the output vector, or `nil` where the gate held it.
    public mutating func receive(_ events: [HeadInput]) -> [[Float]?] {
        guard let step = events.first?.step else { return [] }
        prune(before: step, cycle: events[0].cycle)
        var outputs: [[Float]?] = []
        for e in events { outputs.append(attend(e)) }
        for e in events { remember(e) }
        return outputs
    }

    private func project(_ m: [Double], rows: Int, _ x: [Double]) -> [Double] {
        let cols = x.count
        var out = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            var s = 0.0
            for c in 0..<cols { s += m[r * cols + c] * x[c] }
            out[r] = s
        }
        return out
    }

    /// Rotates pairs (2i, 2i+1) by harmonics[i] × phase.
    private func rotate(_ v: inout [Double], phase: Double) {
        guard let rotary = spec.rotary else { return }
        for (i, h) in rotary.harmonics.enumerated() where 2 * i + 1 < v.count {
            let angle = h * phase
            let c = Double.cos(angle), s = Double.sin(angle)
            let a = v[2 * i], b = v[2 * i + 1]
            v[2 * i] = a * c - b * s
            v[2 * i + 1] = a * s + b * c
        }
    }

    private func attend(_ e: HeadInput) -> [Float]? {
        let n = steps.count
        guard n > 0 else { return nil }
        var q = project(wq, rows: spec.keyDimension, e.vector)
        rotate(&q, phase: e.phase)
        let dk = spec.keyDimension, dv = spec.valueDimension
        let scale = (spec.scoreScale ?? 1 / Double(dk).squareRoot()) / spec.temperature
        var scores = [Double](repeating: 0, count: n)
        var best = -Double.infinity
        for j in 0..<n {
            var s = 0.0
            for d in 0..<dk { s += q[d] * contextKeys[j * dk + d] }
            scores[j] = s * scale
            best = max(best, scores[j])
        }
        var total = 0.0
        for j in 0..<n {
            scores[j] = Double.exp(scores[j] - best)
            total += scores[j]
        }
        // The largest weight is the one of the best score: exp(0) / total.
        guard 1 / total >= spec.threshold else { return nil }
        var z = [Double](repeating: 0, count: dv)
        for j in 0..<n {
            let a = scores[j] / total
            for d in 0..<dv { z[d] += a * contextValues[j * dv + d] }
        }
        var out = wo.map { project($0, rows: spec.outputDimension, z) } ?? z
        if spec.residual {
            for d in 0..<out.count { out[d] += e.vector[d] }
        }
        return out.map { Float($0) }
    }

    private mutating func remember(_ e: HeadInput) {
        var k = project(wk, rows: spec.keyDimension, e.vector)
        rotate(&k, phase: e.phase)
        steps.append(e.step)
        cycles.append(e.cycle)
        contextKeys += k
        contextValues += project(wv, rows: spec.valueDimension, e.vector)
        if case .lastEvents(let limit) = spec.context, steps.count > limit { drop(steps.count - limit) }
    }

    /// Drops context events that a query at `step` (in rhythm cycle `cycle`) no longer sees.
    private mutating func prune(before step: Int64, cycle: Int64) {
        var stale = 0
        switch spec.context {
        case .lastEvents: return
        case .window:
            while stale < steps.count && step - steps[stale] >= windowSteps! { stale += 1 }
        case .rhythmCycle:
            while stale < cycles.count && cycles[stale] != cycle { stale += 1 }
        }
        drop(stale)
    }

    private mutating func drop(_ k: Int) {
        guard k > 0 else { return }
        steps.removeFirst(k)
        cycles.removeFirst(k)
        contextKeys.removeFirst(k * spec.keyDimension)
        contextValues.removeFirst(k * spec.valueDimension)
    }
}
