// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Which shards can send spikes to which: a worker subscribes only to the shards that project
/// onto its own (DESIGN §3), and waits only for the subscribers that need its shards.
public struct ShardTopology: Sendable {
    private let layout: NetworkLayout
    private let projections: [(sources: [Int], targets: [Int])]
    /// Heads and activations can reach any shard: a model with them listens to every shard.
    public let carriesActivations: Bool

    public init(network: NetworkSpec, shardCount: Int) {
        layout = NetworkLayout(sizes: network.populations.map(\.size), shardCount: shardCount)
        projections = network.projections.map { ($0.sources, $0.targets) }
        carriesActivations = !network.headPopulations.isEmpty
    }

    private func has(_ shard: Int, _ population: Int) -> Bool {
        !layout.localRange(population: population, shard: shard).isEmpty
    }

    /// Shards with neurons that some projection connects onto neurons of `targets`.
    public func sources(projectingTo targets: [Int]) -> [Int] {
        if carriesActivations { return Array(0..<layout.shardCount) }
        return (0..<layout.shardCount).filter { s in
            projections.contains { p in
                p.sources.contains { has(s, $0) } && p.targets.contains { q in targets.contains { has($0, q) } }
            }
        }
    }
}
