// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyTestKit
@testable import VolleyCore

/// Explicit connection lists: a rule's own connections, written out row by row, must give the
/// rule's spikes bit for bit at any layout, and bad rows must be refused by row.
@Suite struct ExplicitListTests {
    /// Every projection of `spec` as the list of connections its rule makes, in the order the
    /// rule visits them, with the weights and delays (ms) it draws.
    private func asLists(_ spec: NetworkSpec, seed: UInt64) -> NetworkSpec {
        let layout = NetworkLayout(sizes: spec.populations.map(\.size), shardCount: 1)
        let philox = Philox(seed: seed)
        var out = spec
        for (i, p) in spec.projections.enumerated() {
            let g = ConnectionGenerator(spec: p, index: i, layout: layout, philox: philox)
            var list = ConnectionList(source: [], target: [], weight: [], delay: [])
            g.forEachConnection(shard: 0) { source, target, entity, counter in
                list.source.append(UInt32(g.sources.index(ofGlobal: source, layout: layout)!))
                list.target.append(UInt32(g.targets.index(ofGlobal: target, layout: layout)!))
                var rw = RandomSequence(philox, stream: RandomStreams.projection(i, .weights), entity: entity, counter: counter)
                list.weight!.append(p.weight.constantValue ?? Distributions.sample(p.weight, &rw)!)
                var rd = RandomSequence(philox, stream: RandomStreams.projection(i, .delays), entity: entity, counter: counter)
                list.delay!.append(p.delay.constantValue ?? Distributions.sample(p.delay, &rd)!)
            }
            out.projections[i].rule = .explicit(.inline(list))
            out.projections[i].allowAutapses = true
            out.projections[i].allowMultapses = true
            // The list's columns win; these would show if they did not.
            out.projections[i].weight = .constant(1e6)
            out.projections[i].delay = .constant(7)
        }
        return out
    }

    @Test func everyRuleWrittenOutAsAListGivesTheRulesSpikesAtAnyLayout() throws {
        let spec = ExampleNetworks.everything(size: 60)
        let listed = asLists(spec, seed: 3)
        let reference = try RunFingerprint.run(spec, seed: 3, tSim: 200, shards: 1, threads: 1)
        #expect(reference.spikes > 100)
        for (shards, threads) in [(1, 1), (3, 1), (3, 2), (1, 2)] {
            let run = try RunFingerprint.run(listed, seed: 3, tSim: 200, shards: shards, threads: threads)
            #expect(run.spikesSHA256 == reference.spikesSHA256, "shards \(shards), threads \(threads)")
            #expect(run.samples == reference.samples)
        }
    }

    @Test func rowsOffTheGridRoundAsNESTDoesAndSetTheEpoch() throws {
        let n = try NeuronModel(kind: .iafPscDelta)
        var spec = NetworkSpec(name: "l", populations: [PopulationSpec(name: "A", size: 3, model: n)])
        let list = ConnectionList(source: [0, 1, 2], target: [1, 2, 0], weight: [1, 2, 3], delay: [0.73, 0.25, 4.95])
        spec.projections = [ProjectionSpec(sources: [0], targets: [0], rule: .explicit(.inline(list)), weight: .constant(1), delay: .constant(1))]
        let compiled = try CompiledNetwork(spec: spec, seed: 1, shards: 1)
        #expect(compiled.tables[0]!.delaySteps! == [7, 3, 50])
        #expect(compiled.epochSteps == 3)
        #expect(compiled.maxDelaySteps == 50)
    }

    @Test(arguments: [
        (ConnectionList(source: [0, 3], target: [0, 0]), "row 1: source 3 is out of range (the sources have 3 neurons, 0–2)"),
        (ConnectionList(source: [0], target: [5]), "row 0: target 5 is out of range (the targets have 3 neurons, 0–2)"),
        (ConnectionList(source: [0, 1], target: [0, 1], weight: [1, .nan]), "row 1: weight is nan"),
        (ConnectionList(source: [0], target: [0], delay: [-0.5]), "row 0: delay -0.5 ms is negative"),
        (ConnectionList(source: [0, 0], target: [0, 1], delay: [1, 0.04]),
         "row 1: delay 0.04 ms rounds to 0 steps at resolution 0.1 ms (NEST: BadDelay)"),
    ])
    func badRowsAreRefusedByRow(list: ConnectionList, message: String) throws {
        let n = try NeuronModel(kind: .iafPscDelta)
        var spec = NetworkSpec(name: "l", populations: [PopulationSpec(name: "A", size: 3, model: n)])
        spec.projections = [ProjectionSpec(sources: [0], targets: [0], rule: .explicit(.inline(list)), weight: .constant(1), delay: .constant(1))]
        #expect(throws: CompileError("connection 1: " + message)) { try CompiledNetwork(spec: spec, seed: 1, shards: 1) }
    }

    @Test func aFileListMustBeGivenItsRows() throws {
        let n = try NeuronModel(kind: .iafPscDelta)
        var spec = NetworkSpec(name: "l", populations: [PopulationSpec(name: "A", size: 3, model: n)])
        let file = ConnectionListFile(path: "/x/ee.npy", bytes: 64, sha256: "00", columns: ["source", "target"], rows: 2, minDelay: nil, maxDelay: nil)
        spec.projections = [ProjectionSpec(sources: [0], targets: [0], rule: .explicit(.file(file)), weight: .constant(1), delay: .constant(1))]
        #expect(throws: CompileError("connection 1: the rows of /x/ee.npy were not loaded")) { try CompiledNetwork(spec: spec, seed: 1, shards: 1) }
        let rows = ConnectionList(source: [0, 1], target: [1, 2])
        let compiled = try CompiledNetwork(spec: spec, seed: 1, shards: 2, lists: [0: rows])
        #expect(compiled.tables[0]!.count == 2)
    }
}
