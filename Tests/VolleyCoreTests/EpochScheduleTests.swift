// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore

/// One derivation of a run's epochs for every process kind, from the start or from a cut.
@Suite struct EpochScheduleTests {
    @Test func epochsCoverTheRunAndTheLastMayBeShorter() {
        let s = EpochSchedule(totalSteps: 10_000, epochSteps: 15)
        #expect(s.count == 667)
        #expect(s.start(0) == 0 && s.steps(0) == 15)
        #expect(s.start(666) == 9990 && s.steps(666) == 10)
        let covered = (0..<s.count).reduce(Int64(0)) { $0 + s.steps($1) }
        #expect(covered == 10_000)
    }

    /// A resumed run's k-th epoch is the model's epoch `firstEpoch + k`, at the same steps as in
    /// the uninterrupted run.
    @Test func aResumedScheduleIsTheTailOfTheWholeOne() {
        let whole = EpochSchedule(totalSteps: 10_000, epochSteps: 15)
        let tail = EpochSchedule(totalSteps: 10_000, epochSteps: 15, firstEpoch: 267)
        #expect(tail.firstStep == 4005)
        #expect(tail.count == whole.count - 267)
        for k in [UInt64(0), 1, 100, tail.count - 1] {
            #expect(tail.epoch(k) == whole.epoch(k + 267))
            #expect(tail.start(k) == whole.start(k + 267) && tail.steps(k) == whole.steps(k + 267))
        }
        #expect(EpochSchedule(totalSteps: 4005, epochSteps: 15, firstEpoch: 267).count == 0)
    }
}
