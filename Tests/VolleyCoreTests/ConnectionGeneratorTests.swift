// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
@testable import VolleyCore

@Suite struct ConnectionGeneratorTests {
    let neuron = try! NeuronModel(kind: .iafPscDelta)

    private func spec(_ rule: ConnectionRule, sizes: (Int, Int) = (50, 40), autapses: Bool = true, multapses: Bool = true,
                      sameSourceAndTarget: Bool = false) -> NetworkSpec {
        NetworkSpec(
            name: "t",
            populations: [PopulationSpec(name: "S", size: sizes.0, model: neuron), PopulationSpec(name: "T", size: sizes.1, model: neuron)],
            projections: [ProjectionSpec(sources: [0], targets: sameSourceAndTarget ? [0] : [1], rule: rule, weight: .constant(1),
                                         delay: .constant(1), allowAutapses: autapses, allowMultapses: multapses)])
    }

    /// Every connection (source, target, entity, counter) per shard, for `shards` shards.
    private func connections(_ s: NetworkSpec, shards: Int, seed: UInt64 = 9) -> [[(Int, Int, UInt32, UInt64)]] {
        let layout = NetworkLayout(sizes: s.populations.map(\.size), shardCount: shards)
        let g = ConnectionGenerator(spec: s.projections[0], index: 0, layout: layout, philox: Philox(seed: seed))
        return (0..<shards).map { r in
            var out: [(Int, Int, UInt32, UInt64)] = []
            g.forEachConnection(shard: r) { out.append(($0, $1, $2, $3)) }
            return out
        }
    }

    private func perTarget(_ cs: [(Int, Int, UInt32, UInt64)]) -> [Int: [Int]] {
        var m: [Int: [Int]] = [:]
        for c in cs { m[c.1, default: []].append(c.0) }
        return m
    }

    @Test(arguments: [
        ConnectionRule.fixedIndegree(12), .fixedOutdegree(9), .fixedTotalNumber(777), .pairwiseBernoulli(0.3),
        .allToAll, .oneToOne,
    ])
    func connectionsDoNotDependOnTheNumberOfShards(rule: ConnectionRule) {
        let s = spec(rule, sizes: rule == .oneToOne ? (40, 40) : (50, 40))
        let one = perTarget(connections(s, shards: 1)[0])
        for shards in [2, 3, 7] {
            let split = perTarget(connections(s, shards: shards).flatMap { $0 })
            #expect(split == one, "\(rule.nestName) with \(shards) shards")
        }
    }

    @Test func fixedIndegreeGivesEveryTargetExactlyK() {
        let t = perTarget(connections(spec(.fixedIndegree(12)), shards: 3).flatMap { $0 })
        #expect(t.count == 40)
        #expect(t.values.allSatisfy { $0.count == 12 })
    }

    @Test func fixedOutdegreeGivesEverySourceExactlyK() {
        var out: [Int: Int] = [:]
        for c in connections(spec(.fixedOutdegree(9)), shards: 2).flatMap({ $0 }) { out[c.0, default: 0] += 1 }
        #expect(out.count == 50)
        #expect(out.values.allSatisfy { $0 == 9 })
    }

    @Test func fixedTotalNumberMakesExactlyN() {
        let all = connections(spec(.fixedTotalNumber(777)), shards: 3).flatMap { $0 }
        #expect(all.count == 777)
    }

    @Test func withoutMultapsesNoPairRepeats() {
        for rule in [ConnectionRule.fixedIndegree(45), .fixedOutdegree(38)] {
            let all = connections(spec(rule, multapses: false), shards: 2).flatMap { $0 }
            let pairs = Set(all.map { "\($0.0)-\($0.1)" })
            #expect(pairs.count == all.count, "\(rule.nestName)")
        }
    }

    @Test func withoutAutapsesNoNeuronConnectsToItself() {
        for rule in [ConnectionRule.fixedIndegree(30), .fixedOutdegree(30), .fixedTotalNumber(2000), .pairwiseBernoulli(0.5),
                     .allToAll, .oneToOne] {
            let all = connections(spec(rule, autapses: false, sameSourceAndTarget: true), shards: 3).flatMap { $0 }
            // one_to_one onto itself consists of autapses only.
            #expect(all.isEmpty == (rule == .oneToOne))
            #expect(all.allSatisfy { $0.0 != $0.1 }, "\(rule.nestName)")
        }
        // With autapses allowed, fixed_indegree 49 of 50 without multapses must include some.
        let with = connections(spec(.fixedIndegree(49), multapses: false, sameSourceAndTarget: true), shards: 1)[0]
        #expect(with.contains { $0.0 == $0.1 })
    }

    @Test func pairwiseBernoulliHasTheExpectedDensity() {
        let s = spec(.pairwiseBernoulli(0.3), sizes: (400, 300))
        let n = connections(s, shards: 2).flatMap { $0 }.count
        let expected = 0.3 * 400 * 300
        #expect(abs(Double(n) - expected) < 5 * (expected * 0.7).squareRoot())
    }

    @Test func drawsAreUniformOverSources() {
        let s = spec(.fixedIndegree(200), sizes: (10, 100))
        var counts = [Int](repeating: 0, count: 10)
        for c in connections(s, shards: 1)[0] { counts[c.0] += 1 }
        for c in counts { #expect(abs(c - 2000) < 5 * 42) }
    }

    @Test func theSeedChangesTheConnections() {
        let s = spec(.fixedIndegree(5))
        #expect(perTarget(connections(s, shards: 1, seed: 1)[0]) != perTarget(connections(s, shards: 1, seed: 2)[0]))
    }
}
