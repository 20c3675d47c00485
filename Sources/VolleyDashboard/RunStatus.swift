// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What the dashboard knows about the run it watches: `/api/status` and every page update.
public struct RunStatus: Sendable, Equatable, Codable {
    /// Where the dashboard is with the run.
    public enum State: String, Sendable, Codable {
        /// No run yet: the coordinator is not up, or has not welcomed the tap.
        case waiting
        case running
        case finished
        case failed
    }

    /// One population's totals since the tap joined.
    public struct Population: Sendable, Equatable, Codable {
        public var name: String
        public var n: Int
        /// Neurons on the raster.
        public var shown: Int
        public var spikes: Int
        /// Mean rate over the time the tap has seen.
        public var rateHz: Double
        /// ATP its neurons and synapses spent in the time the tap has seen, and per second of
        /// model time (the run's energy budget, docs/energy.md).
        public var atp: Double = 0
        public var atpPerS: Double = 0
    }

    public var state: State = .waiting
    public var coordinator: String
    /// Why the dashboard is still waiting, or why the run failed.
    public var message: String?
    public var model: String?
    public var seed: UInt64?
    public var resolutionMs: Double?
    public var tSimMs: Double?
    public var workers: Int?
    public var epochsDone: UInt64 = 0
    public var epochsTotal: UInt64 = 0
    /// Model time reached, ms.
    public var tMs: Double = 0
    /// The first epoch the tap saw (later than 0 if it joined mid-run).
    public var firstEpoch: UInt64?
    public var spikes = 0
    /// Multimeter samples received (of every recorded neuron, on a trace or not).
    public var samples = 0
    public var missedFrames = 0
    public var populations: [Population] = []
    /// The whole network's ATP per second of model time, over the time the tap has seen.
    public var atpPerS: Double = 0
    /// Browsers connected now.
    public var clients = 0
    /// Updates sent since the start (the page uses it to notice a gap).
    public var sequence: UInt64 = 0

    public init(coordinator: String) { self.coordinator = coordinator }
}
