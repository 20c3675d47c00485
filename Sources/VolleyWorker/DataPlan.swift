// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyTransport
import VolleyWire

/// What a worker's data plane is, decided from its assignment alone: whose frames its shards
/// need and where those are published, who must be listening to its own frames before the first
/// epoch, and which kinds of frame every shard sends each epoch. The shell opens the sockets.
public struct DataPlan: Sendable, Equatable {
    /// Shards of other workers that project onto this worker's shards.
    public var remoteSources: [Int]
    /// The data endpoints of the workers that hold them.
    public var endpoints: [String]
    /// Subscribers to wait for before the first epoch: every worker that needs one of this
    /// worker's shards, and the coordinator's recorder (`HelloTopic.coordinator`) if it records.
    public var expectedSubscribers: Set<UInt32>
    /// "shard 3 of worker 1 (tcp://…)", for every shard, to name a peer in an error.
    public var names: [UInt32: String]
    /// Every shard sends an activations frame each epoch (the model has heads).
    public var activations: Bool
    /// … a samples frame (the model has multimeters).
    public var samples: Bool
    /// … a weights frame (the model has weight recorders).
    public var weights: Bool

    public init(_ a: Assignment) {
        let mine = a.shards
        let topology = ShardTopology(network: a.network, shardCount: a.shardCount)
        remoteSources = topology.sources(projectingTo: mine).filter { !mine.contains($0) }
        let sources = remoteSources
        endpoints = a.peers.filter { p in p.worker != a.worker && p.shards.contains(where: sources.contains) }.map(\.dataEndpoint)
        expectedSubscribers = a.coordinatorSubscribes ? [HelloTopic.coordinator] : []
        for peer in a.peers where peer.worker != a.worker {
            if topology.sources(projectingTo: peer.shards).contains(where: mine.contains) { expectedSubscribers.insert(peer.worker) }
        }
        names = ShardNames.of(a.peers)
        activations = topology.carriesActivations
        samples = !a.network.recording.voltmeters.isEmpty
        weights = !a.network.recording.weightRecorders.isEmpty
    }
}
