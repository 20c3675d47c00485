// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Synchronization
import VolleyCore
import VolleyRuntime

/// Builds a worker's shards on a thread of its own, so that the worker's main thread keeps
/// answering the coordinator (heartbeats) during a long build.
final class BuildJob: @unchecked Sendable {
    // The result is written once by the build thread and read after `finished` says so.
    private let done = Atomic<Bool>(false)
    private var outcome: Result<Simulation, Error>?

    init(network: CompiledNetwork, shards: [Int], threads: Int) {
        let thread = Thread { [self] in
            let r = Result { try Simulation(network: network, shardIndices: shards, threads: threads) }
            outcome = r
            done.store(true, ordering: .releasing)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The built simulation, once the build has ended (`nil` before).
    func result() -> Result<Simulation, Error>? {
        done.load(ordering: .acquiring) ? outcome : nil
    }
}
