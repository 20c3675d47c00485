// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore

@Suite struct TimeGridTests {
    let grid = TimeGrid(resolution: 0.1)!

    @Test func gridTimesConvertExactly() {
        #expect(grid.exactSteps(1.5) == 15)
        #expect(grid.exactSteps(0.1) == 1)
        #expect(grid.exactSteps(71.1) == 711)
        #expect(grid.exactSteps(1.55) == nil)
        #expect(grid.exactSteps(.infinity) == nil)
    }

    @Test func refractoryPeriodsRoundUpLikeNEST() {
        #expect(grid.stepsRoundingUp(2.0) == 20)
        #expect(grid.stepsRoundingUp(2.05) == 21)
        #expect(grid.stepsRoundingUp(0) == 0)
    }

    @Test func drawnDelaysRoundHalfUp() {
        #expect(grid.delaySteps(0.05) == 1)
        #expect(grid.delaySteps(0.149) == 1)
        #expect(grid.delaySteps(0.15) == 2)
    }

    @Test func resolutionMustBeWholeMicroseconds() {
        #expect(TimeGrid(resolution: 0.0) == nil)
        #expect(TimeGrid(resolution: 0.0005) == nil)
        #expect(TimeGrid(resolution: 0.025) != nil)
    }
}
