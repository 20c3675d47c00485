// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Scores the conditioning task (`ConditioningTask`): for each test cue, the answer is the
/// response population of the arm whose spike comes first in the window after the cue's onset;
/// it is right when it is the bell's own. A tie in the first step, or no spike, is wrong.
/// `before` is the paired arm before training; `after`, `unpaired` and `shuffled` are the three
/// arms after it.
public final class ConditioningScorer: EpochSink {
    private let task: ConditioningTask
    private let layout: NetworkLayout
    private let resolution: Double
    private let draws: ConditioningTask.Draws
    /// Response population → (arm, bell).
    private let responseOf: [Int: (arm: Int, bell: Int)]
    /// Per (arm, phase, cue): the first spike's stamp and the bells whose responses fired in it.
    private var first: [Key: (stamp: Int64, bells: Set<Int>)] = [:]

    private struct Key: Hashable {
        let arm: Int
        /// 0 before training, 1 after.
        let phase: Int
        let cue: Int
    }

    public init(task: ConditioningTask, layout: NetworkLayout, resolution: Double) {
        self.task = task
        self.layout = layout
        self.resolution = resolution
        draws = task.draws()
        var map: [Int: (arm: Int, bell: Int)] = [:]
        for (a, arm) in task.arms.enumerated() {
            for (bell, p) in arm.responses.enumerated() { map[p] = (a, bell) }
        }
        responseOf = map
    }

    /// The test cue (phase, index) whose answer window holds time `t` ms.
    private func cue(at t: Double) -> (phase: Int, cue: Int)? {
        let n = task.bells * task.cuesPerBell
        for (phase, start) in [(0, task.start), (1, task.afterStart)] {
            let i = Int(((t - start) / task.testSlot).rounded(.down))
            guard i >= 0, i < n else { continue }
            let onset = start + Double(i) * task.testSlot
            // On the step grid, as the stamps are.
            let from = onset + task.windowFrom - 1e-9, to = onset + task.windowTo - 1e-9
            if t >= from && t < to { return (phase, i) }
        }
        return nil
    }

    public func observe(_ record: EpochRecord) throws {
        for key in record.spikes {
            let p = layout.population(ofGlobal: Int(key & 0xFFFF_FFFF))
            guard let owner = responseOf[p] else { continue }
            let stamp = Int64(key >> 32) + 1
            guard let c = cue(at: Double(stamp) * resolution) else { continue }
            let k = Key(arm: owner.arm, phase: c.phase, cue: c.cue)
            if let f = first[k] {
                if f.stamp == stamp { first[k]!.bells.insert(owner.bell) }
            } else {
                first[k] = (stamp, [owner.bell])
            }
        }
    }

    /// Fraction of the cues of (arm, phase) answered by the right response.
    private func score(arm: Int, phase: Int) -> (score: Double, answered: Int) {
        let order = phase == 0 ? draws.before : draws.after
        var right = 0, answered = 0
        for (i, bell) in order.enumerated() {
            guard let f = first[Key(arm: arm, phase: phase, cue: i)] else { continue }
            answered += 1
            if f.bells == [bell] { right += 1 }
        }
        return (Double(right) / Double(max(order.count, 1)), answered)
    }

    /// The score, as written to `summary.json` under `task`.
    public var result: JSONValue {
        let before = score(arm: 0, phase: 0), after = score(arm: 0, phase: 1)
        let unpaired = score(arm: 1, phase: 1), shuffled = score(arm: 2, phase: 1)
        return .object([
            ("kind", .string("conditioning")),
            ("before", .number(before.score)),
            ("after", .number(after.score)),
            ("unpaired", .number(unpaired.score)),
            ("shuffled", .number(shuffled.score)),
            ("chance", .number(1 / Double(task.bells))),
            ("cues", .integer(task.bells * task.cuesPerBell)),
            ("answered", .object([
                ("before", .integer(before.answered)), ("after", .integer(after.answered)),
                ("unpaired", .integer(unpaired.answered)), ("shuffled", .integer(shuffled.answered)),
            ])),
            ("permutation", .array(draws.permutation.map { .integer($0) })),
        ])
    }
}
