// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore
import VolleyRuntime
import VolleyFormats

/// A recurrent network with two STDP projections of different delays onto the same neurons
/// (Fixtures/nest_stdp_network): many synapses per post neuron read one spike history, which is
/// pruned as NEST prunes it. Volley gives NEST's post spikes and final weights bit for bit.
@Suite struct StdpNetworkTests {
    @Test func postSpikesAndFinalWeightsAreNESTs() throws {
        // Volley's own parser: it reads every double exactly (Foundation's may be an ulp off).
        let reference = try JSONParser.parse(try Fixtures.text("nest_stdp_network/nest.json"))
        func rows(_ v: JSONValue?) -> [[Double]] {
            guard case .array(let items)? = v else { return [] }
            return items.compactMap { $0.doubles }
        }
        let config = try ConfigLoader.load(yaml: try Fixtures.text("nest_stdp_network/network.yaml"), name: "stdpnet")
        let network = try CompiledNetwork(spec: config.network, seed: config.seed, shards: 3)
        let simulation = try Simulation(network: network, threads: 2)
        final class Spikes: EpochSink {
            var post: [[Double]] = []
            func observe(_ record: EpochRecord) throws {
                for k in record.spikes where k & 0xFFFF_FFFF >= 30 {
                    post.append([Double((k >> 32) + 1) / 10, Double((k & 0xFFFF_FFFF) - 30)])
                }
            }
        }
        let spikes = Spikes()
        var exchange = InMemoryExchange(network: network)
        try simulation.run(steps: network.grid.exactSteps(config.tSim)!, exchange: &exchange, observers: [spikes])

        let nestSpikes = rows(reference["spikes"])
        #expect(nestSpikes.count > 500)
        #expect(spikes.post.count == nestSpikes.count)
        for (ours, theirs) in zip(spikes.post, nestSpikes) {
            #expect(abs(ours[0] - theirs[0]) < 1e-9 && ours[1] == theirs[1], "post spike \(ours) vs NEST's \(theirs)")
        }

        let weights = reference["weights"]
        let synapses = simulation.plasticSynapses()
        for (projection, model) in [(0, "pl"), (1, "stdp_synapse")] {
            let nest = rows(weights?[model]).sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
            let ours = synapses.filter { $0.projection == projection }
                .map { [Double($0.source), Double($0.target - 30), $0.weight] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
            #expect(ours.count == 240)
            let first = ours.indices.first { $0 >= nest.count || ours[$0] != nest[$0] }
            #expect(ours.count == nest.count && first == nil,
                    "\(model): final weights differ from NEST's, first at \(first.map { "\(ours[$0]) vs \(nest[$0])" } ?? "-")")
            // The weights moved, each source's differently (the 8 identical neurons fire together).
            #expect(Set(ours.map { $0[2] }).count == 30)
        }
    }
}
