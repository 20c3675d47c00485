// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The one seam between the epoch loop and the world (DESIGN §7): it takes the spikes this
/// process's shards emitted in an epoch and returns every spike of the network for that epoch.
///
/// Spikes are keys `emission step << 32 | global neuron id`; both lists are in canonical order
/// (ascending keys), which is what makes delivery independent of arrival order.
public protocol SpikeExchange {
    /// Publishes `local` (this process's spikes of `epoch`) and returns all spikes of `epoch`.
    mutating func exchange(epoch: Int64, local: [UInt64]) throws -> [UInt64]
}

/// The exchange of an in-process run: every shard is here, so the local spikes are all spikes.
public struct InMemoryExchange: SpikeExchange {
    public init() {}

    public mutating func exchange(epoch: Int64, local: [UInt64]) throws -> [UInt64] { local }
}
