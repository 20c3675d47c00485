// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyRuntime
import VolleyTestKit
import VolleyTransport

/// Loss is loud: every shard's epoch goes through the wire format and the receive checks; a
/// dropped, duplicated or reordered frame stops the run naming the shard and the epoch.
@Suite struct WireLoopbackTests {
    private func run(fault: FaultInjection?) throws -> String {
        let spec = ExampleNetworks.everything(size: 40)
        let network = try CompiledNetwork(spec: spec, seed: 2, shards: 3)
        let simulation = try Simulation(network: network, threads: 2)
        let hasher = SpikeHasher(network: spec, layout: network.layout)
        var exchange = WireLoopbackExchange(network: network, fault: fault)
        try simulation.run(steps: 1000, exchange: &exchange, observers: [hasher])
        return hasher.digest()
    }

    @Test func withoutFaultsTheWireChangesNothing() throws {
        let spec = ExampleNetworks.everything(size: 40)
        let reference = try RunFingerprint.run(spec, seed: 2, tSim: 100, shards: 1, threads: 1).spikesSHA256
        #expect(try run(fault: nil) == reference)
    }

    @Test(arguments: [
        (FaultInjection.Kind.drop, "data loss: no frame for epoch 40 from shard 1"),
        (.reorder, "data loss: no frame for epoch 40 from shard 1"),
        (.duplicate, "data duplicated: a second frame for epoch 40 from shard 1"),
    ])
    func aFaultStopsTheRunNamingShardAndEpoch(kind: FaultInjection.Kind, message: String) {
        do {
            _ = try run(fault: FaultInjection(kind: kind, shard: 1, epoch: 40))
            Issue.record("a \(kind) went unnoticed")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
