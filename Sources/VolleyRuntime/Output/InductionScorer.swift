// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Scores the induction task from the motor populations' spikes: for each predictable position
/// (in the repeat, all but its last token), the prediction is the motor population that fires
/// first after the token's onset and before the next one; it is right when it names the next
/// token. Two populations firing first in the same step make no decision. A decision that
/// names the same token as the position before's is a repeat: a motor population that kept
/// firing into the next slot (the repetition an adaptation current prevents).
public final class InductionScorer: EpochSink {
    private let task: InductionTask
    private let layout: NetworkLayout
    private let resolution: Double
    private let tokens: [[Int]]
    /// Motor population index → token.
    private let tokenOfPopulation: [Int: Int]
    /// Per (sequence, position): first spike step and the tokens that fired in it; spike count.
    private var first: [Int: (step: Int64, tokens: Set<Int>)] = [:]
    private var spikesInWindow: [Int: Int] = [:]
    /// Per (sequence, position): the tokens whose motor population fired at all.
    private var answered: [Int: Set<Int>] = [:]

    public init(task: InductionTask, layout: NetworkLayout, resolution: Double) {
        self.task = task
        self.layout = layout
        self.resolution = resolution
        tokens = task.tokens()
        var map: [Int: Int] = [:]
        for (token, p) in task.motor.enumerated() { map[p] = token }
        tokenOfPopulation = map
    }

    private func window(stamp: Int64) -> Int? {
        let t = Double(stamp) * resolution - task.start
        guard t > 0 else { return nil }
        let sequence = Int((t / task.period).rounded(.down))
        guard sequence < task.sequences else { return nil }
        let within = t - Double(sequence) * task.period
        let position = Int((within / task.slot).rounded(.down))
        guard position < 2 * task.prefixLength else { return nil }
        return sequence * 2 * task.prefixLength + position
    }

    public func observe(_ record: EpochRecord) throws {
        for key in record.spikes {
            let p = layout.population(ofGlobal: Int(key & 0xFFFF_FFFF))
            guard let token = tokenOfPopulation[p] else { continue }
            let stamp = Int64(key >> 32) + 1
            guard let w = window(stamp: stamp) else { continue }
            spikesInWindow[w, default: 0] += 1
            answered[w, default: []].insert(token)
            if let f = first[w] {
                if f.step == stamp { first[w]!.tokens.insert(token) }
            } else {
                first[w] = (stamp, [token])
            }
        }
    }

    /// The score, as written to `summary.json` under `task`.
    public var result: JSONValue {
        var correct = 0, decided = 0, positions = 0, spikes = 0, answers = 0, several = 0, repeats = 0
        for s in 0..<task.sequences {
            var previous: Int?
            for t in task.prefixLength..<(2 * task.prefixLength - 1) {
                positions += 1
                let w = s * 2 * task.prefixLength + t
                spikes += spikesInWindow[w] ?? 0
                let answering = answered[w]?.count ?? 0
                answers += answering
                if answering > 1 { several += 1 }
                guard let f = first[w], f.tokens.count == 1, let answer = f.tokens.first else {
                    previous = nil
                    continue
                }
                decided += 1
                if answer == tokens[s][t + 1] { correct += 1 }
                if answer == previous { repeats += 1 }
                previous = answer
            }
        }
        return .object([
            ("kind", .string("induction")),
            ("accuracy", .number(positions > 0 ? Double(correct) / Double(positions) : 0)),
            ("chance", .number(1 / Double(task.vocabulary))),
            ("sequences", .integer(task.sequences)),
            ("predictable_positions", .integer(positions)),
            ("correct", .integer(correct)),
            ("decided", .integer(decided)),
            ("mean_spikes_per_decision", .number(positions > 0 ? Double(spikes) / Double(positions) : 0)),
            ("answers_per_position", .number(positions > 0 ? Double(answers) / Double(positions) : 0)),
            ("several_answers", .number(positions > 0 ? Double(several) / Double(positions) : 0)),
            ("repeats", .number(decided > 0 ? Double(repeats) / Double(decided) : 0)),
        ])
    }
}
