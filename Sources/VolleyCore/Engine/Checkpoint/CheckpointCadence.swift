// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// When a run checkpoints, decided the same way by every process that takes part: at the first
/// epoch boundary at or after each multiple of `everySteps` (never at the end of the run), and
/// at any boundary asked for out of turn (an interrupted run's cut). A value, so the in-process
/// loop, the coordinator's machine and each worker's machine agree without talking.
public struct CheckpointCadence: Sendable, Equatable {
    /// A checkpoint due at an epoch boundary.
    public struct Cut: Sendable, Equatable, Hashable {
        /// The boundary: the first step after the checkpoint.
        public let step: Int64
        /// The multiple of `everySteps` it stands for, which names it; nil for a cut out of turn,
        /// named by its own time.
        public let due: Int64?

        public init(step: Int64, due: Int64?) {
            self.step = step
            self.due = due
        }
    }

    public let everySteps: Int64
    public let totalSteps: Int64
    /// The index of the last multiple taken.
    private var lastTaken: Int64
    private var outOfTurn: Set<Int64> = []

    /// - Parameter after: the step the run starts at (a resumed run's cut): multiples up to it
    ///   are taken already.
    public init(everySteps: Int64, totalSteps: Int64, after start: Int64 = 0) {
        precondition(everySteps > 0)
        self.everySteps = everySteps
        self.totalSteps = totalSteps
        lastTaken = start / everySteps
    }

    /// The checkpoint due at the epoch boundary `step`, if one is.
    public func due(step: Int64) -> Cut? {
        guard step < totalSteps else { return nil }
        let k = step / everySteps
        if k > lastTaken { return Cut(step: step, due: k * everySteps) }
        return outOfTurn.contains(step) ? Cut(step: step, due: nil) : nil
    }

    /// The cadence of checkpoints every `everyMs` over `schedule` (from its first step), on the
    /// step grid of `resolution`; nil if `everyMs` is not a positive whole number of steps. Every
    /// process builds it this way, so they agree.
    public init?(everyMs: Double, resolution: Double, schedule: EpochSchedule) {
        guard everyMs > 0, let every = TimeGrid(resolution: resolution)?.exactSteps(everyMs), every > 0 else { return nil }
        self.init(everySteps: every, totalSteps: schedule.totalSteps, after: schedule.firstStep)
    }

    /// Marks the checkpoint at `step` as taken, so that later boundaries are not taken for it.
    public mutating func take(_ cut: Cut) {
        lastTaken = max(lastTaken, cut.step / everySteps)
        outOfTurn.remove(cut.step)
    }

    /// Asks for a checkpoint at the boundary `step` whether or not one is due there.
    public mutating func ask(step: Int64) {
        outOfTurn.insert(step)
    }
}
