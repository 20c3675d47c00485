// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// How every process names a shard whose data went wrong: "shard 3 of worker 1 (tcp://…)".
public enum ShardNames {
    /// The names of every shard of `peers`, by shard index (the assemblers' source ids).
    public static func of(_ peers: [Peer]) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        for p in peers {
            for s in p.shards { names[UInt32(s)] = "shard \(s) of worker \(p.worker) (\(p.dataEndpoint))" }
        }
        return names
    }
}
