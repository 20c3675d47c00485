// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore

@Suite struct NetworkLayoutTests {
    @Test(arguments: [1, 2, 3, 7, 16])
    func shardsPartitionEveryPopulation(shards: Int) {
        let layout = NetworkLayout(sizes: [10, 3, 0, 25], shardCount: shards)
        for p in 0..<4 {
            var next = 0
            for r in 0..<shards {
                let range = layout.localRange(population: p, shard: r)
                #expect(range.lowerBound == next)
                next = range.upperBound
                for i in range { #expect(layout.shard(population: p, index: i) == r) }
            }
            #expect(next == layout.sizes[p])
        }
        #expect((0..<shards).reduce(0) { $0 + layout.localCount(shard: $1) } == 38)
    }

    @Test func globalIdsFollowPopulationOrder() {
        let layout = NetworkLayout(sizes: [4, 0, 6], shardCount: 2)
        #expect(layout.offsets == [0, 4, 4, 10])
        #expect(layout.population(ofGlobal: 3) == 0)
        #expect(layout.population(ofGlobal: 4) == 2)
        #expect(layout.population(ofGlobal: 9) == 2)
    }
}
