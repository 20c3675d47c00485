// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The epochs of a run, derived once for every process kind: `epochSteps` steps each (the last
/// may be shorter) from the model's epoch `firstEpoch` (0, or a resumed run's cut) to step
/// `totalSteps`. The k-th epoch of the schedule is the model's epoch `firstEpoch + k`; a
/// distributed run numbers epochs on the wire by k.
public struct EpochSchedule: Sendable, Equatable {
    public let totalSteps: Int64
    public let epochSteps: Int64
    public let firstEpoch: Int64

    public init(totalSteps: Int64, epochSteps: Int64, firstEpoch: Int64 = 0) {
        precondition(epochSteps > 0 && firstEpoch >= 0)
        self.totalSteps = totalSteps
        self.epochSteps = epochSteps
        self.firstEpoch = firstEpoch
    }

    /// The first step of the schedule.
    public var firstStep: Int64 { firstEpoch * epochSteps }

    /// Epochs from the first step to the end.
    public var count: UInt64 {
        totalSteps > firstStep ? UInt64((totalSteps - firstStep + epochSteps - 1) / epochSteps) : 0
    }

    /// The model's epoch number of the schedule's k-th epoch.
    public func epoch(_ k: UInt64) -> Int64 { firstEpoch + Int64(k) }

    /// The first step of the k-th epoch.
    public func start(_ k: UInt64) -> Int64 { epoch(k) * epochSteps }

    /// The steps of the k-th epoch (the last one may be shorter).
    public func steps(_ k: UInt64) -> Int64 { min(epochSteps, totalSteps - start(k)) }
}
