// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Where a resumed simulation starts: the epoch and step of the cut, every neuron's saved
/// state, the network's event counters, the spikes delivered before the cut that may still be
/// in flight, and the last epoch's events, which the first resumed epoch delivers.
public struct ResumePoint: Sendable {
    public let epoch: Int64
    public let step: Int64
    public let state: NetworkStateIndex
    public let deliveredEvents: Int
    public let eventsBySourcePopulation: [Int]
    /// Spikes of the epochs before the last, in canonical order epoch after epoch.
    public let inFlight: [UInt64]
    public let lastEpoch: EpochEvents

    public init(
        epoch: Int64, step: Int64, state: NetworkStateIndex, deliveredEvents: Int, eventsBySourcePopulation: [Int],
        inFlight: [UInt64], lastEpoch: EpochEvents
    ) {
        self.epoch = epoch
        self.step = step
        self.state = state
        self.deliveredEvents = deliveredEvents
        self.eventsBySourcePopulation = eventsBySourcePopulation
        self.inFlight = inFlight
        self.lastEpoch = lastEpoch
    }
}
