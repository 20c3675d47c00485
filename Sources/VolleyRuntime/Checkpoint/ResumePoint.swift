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
    /// The events of the epochs before the last that may still be in flight, epoch by epoch.
    public let inFlight: [EpochEvents]
    /// The attention heads' contexts, by global head id.
    public let heads: [Int: AttentionHead.Context]
    /// Every shard's saved plastic state (empty for a model without plastic synapses).
    public let plastic: PlasticStateIndex
    public let lastEpoch: EpochEvents

    public init(
        epoch: Int64, step: Int64, state: NetworkStateIndex, deliveredEvents: Int, eventsBySourcePopulation: [Int],
        inFlight: [EpochEvents], heads: [Int: AttentionHead.Context] = [:], plastic: PlasticStateIndex = PlasticStateIndex([]),
        lastEpoch: EpochEvents
    ) {
        self.heads = heads
        self.plastic = plastic
        self.epoch = epoch
        self.step = step
        self.state = state
        self.deliveredEvents = deliveredEvents
        self.eventsBySourcePopulation = eventsBySourcePopulation
        self.inFlight = inFlight
        self.lastEpoch = lastEpoch
    }
}
