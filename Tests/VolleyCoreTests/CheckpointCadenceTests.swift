// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore

/// When checkpoints are due: the rule the in-process loop and both machines share.
@Suite struct CheckpointCadenceTests {
    /// Every 200 steps on 15-step epochs of a 1000-step run: at the first boundary at or after
    /// each multiple, each taken once, never at the end.
    @Test func dueAtTheFirstBoundaryAtOrAfterEachMultiple() {
        var c = CheckpointCadence(everySteps: 200, totalSteps: 1005, after: 0)
        var cuts: [CheckpointCadence.Cut] = []
        for step in stride(from: Int64(15), through: 1005, by: 15) {
            if let cut = c.due(step: step) {
                cuts.append(cut)
                c.take(cut)
            }
        }
        #expect(cuts == [.init(step: 210, due: 200), .init(step: 405, due: 400), .init(step: 600, due: 600), .init(step: 810, due: 800)])
    }

    /// A resumed run does not take the checkpoints up to its cut again.
    @Test func aResumedRunStartsAfterItsCut() {
        let c = CheckpointCadence(everySteps: 200, totalSteps: 1005, after: 405)
        #expect(c.due(step: 405) == nil && c.due(step: 420) == nil)
        #expect(c.due(step: 600) == .init(step: 600, due: 600))
    }

    /// A cut asked out of turn is due at that boundary only, named by itself; a regular one due
    /// at the same boundary wins.
    @Test func aCutOutOfTurn() {
        var c = CheckpointCadence(everySteps: 200, totalSteps: 1005)
        c.ask(step: 150)
        #expect(c.due(step: 135) == nil)
        #expect(c.due(step: 150) == .init(step: 150, due: nil))
        c.take(.init(step: 150, due: nil))
        #expect(c.due(step: 150) == nil)
        c.ask(step: 405)
        #expect(c.due(step: 405) == .init(step: 405, due: 400))
    }
}
