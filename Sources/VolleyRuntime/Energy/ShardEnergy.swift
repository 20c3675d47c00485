// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// One shard's part of the energy budget for one epoch: what its synapses and ion ledgers
/// counted in the epoch, its neurons and their spikes per population, and the epoch's length
/// (which prices their rest). Taps receive it as energy frames.
public struct ShardEnergy: Sendable {
    /// This epoch's synaptic events (by source population) and ion charges, on this shard.
    public let counts: EnergyCounts
    /// The shard's neurons of each population.
    public let neurons: [Int]
    /// Their spikes in the epoch, per population.
    public let spikes: [Int]
    /// The epoch's length in model time (the last epoch may be shorter).
    public let durationMs: Double

    public init(counts: EnergyCounts, neurons: [Int], spikes: [Int], durationMs: Double) {
        self.counts = counts
        self.neurons = neurons
        self.spikes = spikes
        self.durationMs = durationMs
    }
}
