// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Synchronization
import VolleyRuntime
import VolleyWire

/// Hashes the worker's final plastic weights on a thread of its own, so that the main thread
/// keeps answering the coordinator (heartbeats) meanwhile: tens of millions of synapses take
/// seconds, longer than the coordinator waits for a silent worker.
final class PlasticReportJob: @unchecked Sendable {
    // Written once by the hashing thread and read after `done` says so.
    private let done = Atomic<Bool>(false)
    private var report: PlasticReport?
    // Read by the hashing thread only; the main thread leaves the simulation alone meanwhile.
    private let simulation: Simulation

    init(simulation: Simulation) {
        self.simulation = simulation
        let thread = Thread { [self] in
            report = Self.make(self.simulation)
            done.store(true, ordering: .releasing)
        }
        thread.start()
    }

    /// The report once it is ready (`.some(nil)` for a model without plasticity), `nil` before.
    func result() -> PlasticReport?? {
        done.load(ordering: .acquiring) ? .some(report) : nil
    }

    private static func make(_ simulation: Simulation) -> PlasticReport? {
        guard simulation.network.spec.projections.contains(where: { $0.synapse.kind.isPlastic }) else { return nil }
        let hasher = WeightHasher()
        simulation.forEachPlasticChunk { hasher.add($0) }
        let parts = hasher.parts
        return PlasticReport(
            synapses: simulation.localPlasticSynapseCount, bytes: simulation.localPlasticSynapseBytes,
            targets: parts.map(\.target), projections: parts.map(\.projection), digests: parts.map(\.digest))
    }
}
