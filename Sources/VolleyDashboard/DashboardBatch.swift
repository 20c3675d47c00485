// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What the tap saw since the previous update: the shown neurons' spikes, the rate bins that
/// closed, the traces' points, and counts. The tap thread fills one and hands it to the hub about
/// ten times a second.
public struct DashboardBatch: Sendable, Equatable {
    /// (step, row) pairs, flat, ascending by step.
    public var raster: [Int64] = []
    /// The bin index of the first rate bin in `rates`.
    public var firstBin: Int64 = 0
    /// Rates in Hz, one value per population for each bin, bin after bin.
    public var rates: [Double] = []
    /// Spikes of every neuron (shown or not) per population.
    public var spikes: [Int]
    /// ATP per population in the epochs of this batch (the workers' energy frames).
    public var atp: [Double]
    /// Traces that appeared in this batch (their first points are in it too).
    public var traces: [DashboardMessage.Trace] = []
    /// (stamp, trace) pairs of the traces' points, flat, ascending by stamp: t_ms = stamp · resolution.
    public var samples: [Int64] = []
    /// The value of each point in `samples`, in its recordable's unit.
    public var values: [Double] = []
    /// Multimeter samples received (of every recorded neuron, on a trace or not).
    public var sampleCount = 0
    /// Epochs handed over so far (the next epoch's index).
    public var epochsDone: UInt64 = 0
    /// Steps of model time covered so far.
    public var stepsDone: Int64 = 0
    /// The first epoch the tap saw, and its first step (a tap may join mid-run).
    public var firstEpoch: UInt64?
    public var firstStep: Int64?
    /// Frames this tap missed in this batch (it was too slow for the run).
    public var missedFrames = 0

    public init(populations: Int) {
        spikes = Array(repeating: 0, count: populations)
        atp = Array(repeating: 0, count: populations)
    }

    /// Bins closed in this batch.
    public var binCount: Int { spikes.isEmpty ? 0 : rates.count / spikes.count }
}
