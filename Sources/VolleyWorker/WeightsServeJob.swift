// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyRuntime
import VolleyWire

/// Produces one segment of the final plastic weights on a thread of its own, a few chunks ahead
/// of what the main thread sends: putting tens of millions of synapses in order takes seconds,
/// during which the main thread must keep answering the coordinator.
final class WeightsServeJob: @unchecked Sendable {
    let segment: WeightsSegment
    /// Chunks made and not yet taken, at most `capacity`; guarded by `condition`.
    private var queue: [WeightsChunk.Columns] = []
    private var finished = false
    private let condition = NSCondition()
    private let capacity = 4
    // Read by the producing thread only; the main thread leaves the simulation alone meanwhile.
    private let simulation: Simulation

    init(simulation: Simulation, segment: WeightsSegment) {
        self.simulation = simulation
        self.segment = segment
        let thread = Thread { [self] in
            self.simulation.forEachPlasticChunk(projection: segment.projection, population: segment.population, shard: segment.shard) { c in
                let columns = WeightsChunk.Columns(source: c.source, target: c.target, delay: c.delay, weight: c.weight, state: c.state)
                condition.lock()
                while queue.count >= capacity { condition.wait() }
                queue.append(columns)
                condition.unlock()
            }
            condition.lock()
            finished = true
            condition.unlock()
        }
        thread.start()
    }

    /// The next chunk's columns if one is ready; `.some(nil)` once the segment is exhausted.
    func take() -> WeightsChunk.Columns?? {
        condition.lock()
        defer { condition.unlock() }
        if !queue.isEmpty {
            condition.signal()
            return .some(queue.removeFirst())
        }
        return finished ? .some(nil) : nil
    }
}
