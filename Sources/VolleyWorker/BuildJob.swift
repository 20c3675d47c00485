// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Synchronization
import VolleyCore
import VolleyRuntime
import VolleyWire

/// Builds a worker's shards on a thread of its own, so that the worker's main thread keeps
/// answering the coordinator (heartbeats) during a long build.
final class BuildJob: @unchecked Sendable {
    // The result is written once by the build thread and read after `finished` says so.
    private let done = Atomic<Bool>(false)
    private var outcome: Result<Simulation, Error>?

    /// With `resume`, the shards are built from that checkpoint (read and checked here too).
    /// Connection lists kept in files are read here as well: reading and hashing a large one
    /// takes longer than the coordinator waits between heartbeats.
    init(network: CompiledNetwork, shards: [Int], threads: Int, resume: ResumeFrom? = nil) {
        let thread = Thread { [self] in
            let r = Result {
                let point = try resume.map { from in
                    let loaded = try CheckpointStore.open(from.directory, at: Double(from.name))
                    guard loaded.manifest.step == from.step, loaded.manifest.epoch == from.epoch else {
                        throw CheckpointError("\(loaded.directory) is cut at step \(loaded.manifest.step), the coordinator resumes at \(from.step)")
                    }
                    return try loaded.resumePoint(network: network)
                }
                let network = try RunPlan.withLists(network)
                return try Simulation(network: network, shardIndices: shards, threads: threads, resume: point)
            }
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
