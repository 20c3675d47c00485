// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// Enumerates the connections of one projection whose targets a given shard owns, under NEST's
/// rules, drawing only from keys of model quantities so that every partition of the network
/// produces the same connections (DESIGN §2).
///
/// Every connection comes with a (entity, counter) pair that keys its weight and delay draws.
struct ConnectionGenerator {
    let spec: ProjectionSpec
    let index: Int
    let layout: NetworkLayout
    let philox: Philox
    let sources: NodeCollection
    let targets: NodeCollection
    /// The rows of an explicit projection.
    let table: ConnectionTable?

    init(spec: ProjectionSpec, index: Int, layout: NetworkLayout, philox: Philox, table: ConnectionTable? = nil) {
        self.table = table
        self.spec = spec
        self.index = index
        self.layout = layout
        self.philox = philox
        self.sources = NodeCollection(spec.sources, layout: layout)
        self.targets = NodeCollection(spec.targets, layout: layout)
    }

    private var endpointStream: UInt32 { RandomStreams.projection(index, .endpoints) }

    /// Calls `body(source, target, entity, counter)` for each connection onto a neuron of shard
    /// `shard`, in an order that depends only on the model: by target, then draw order (by
    /// source, then draw order, for `fixed_outdegree`).
    func forEachConnection(shard: Int, _ body: (Int, Int, UInt32, UInt64) -> Void) {
        let local = targets.localIntervals(shard: shard, layout: layout)
        switch spec.rule {
        case .explicit:
            // The counter is the row, so a drawn weight or delay is keyed by the row as NEST's
            // array connect keys nothing: only the layout-free (target, row) pair.
            guard let table else { preconditionFailure("explicit projection \(index) compiled without its table") }
            for interval in local {
                for t in interval {
                    let tg = targets.globalId(t)
                    for k in table.targetStart[t]..<table.targetStart[t + 1] {
                        let r = Int(table.byTarget[k])
                        body(sources.globalId(Int(table.source[r])), tg, UInt32(tg), UInt64(r))
                    }
                }
            }
        case .oneToOne:
            for interval in local {
                for t in interval {
                    let tg = targets.globalId(t), sg = sources.globalId(t)
                    if sg == tg && !spec.allowAutapses { continue }
                    body(sg, tg, UInt32(tg), 0)
                }
            }
        case .allToAll:
            for interval in local {
                for t in interval {
                    let tg = targets.globalId(t)
                    for s in 0..<sources.count {
                        let sg = sources.globalId(s)
                        if sg == tg && !spec.allowAutapses { continue }
                        body(sg, tg, UInt32(tg), UInt64(s))
                    }
                }
            }
        case .fixedIndegree(let k):
            var chooser = SubsetChooser(count: sources.count)
            for interval in local {
                for t in interval {
                    let tg = targets.globalId(t)
                    let exclude = spec.allowAutapses ? nil : sources.index(ofGlobal: tg, layout: layout)
                    chooser.choose(k, excluding: exclude, withReplacement: spec.allowMultapses,
                                   philox: philox, stream: endpointStream, entity: UInt32(tg)) { n, s in
                        body(sources.globalId(s), tg, UInt32(tg), UInt64(n))
                    }
                }
            }
        case .fixedOutdegree(let k):
            // Drawn per source, so every shard draws all of them and keeps its own targets.
            var owned = [Bool](repeating: false, count: targets.count)
            for interval in local { for t in interval { owned[t] = true } }
            var chooser = SubsetChooser(count: targets.count)
            for s in 0..<sources.count {
                let sg = sources.globalId(s)
                let exclude = spec.allowAutapses ? nil : targets.index(ofGlobal: sg, layout: layout)
                chooser.choose(k, excluding: exclude, withReplacement: spec.allowMultapses,
                               philox: philox, stream: endpointStream, entity: UInt32(sg)) { n, t in
                    if owned[t] { body(sg, targets.globalId(t), UInt32(sg), UInt64(n)) }
                }
            }
        case .fixedTotalNumber(let total):
            var chooser = SubsetChooser(count: sources.count)
            splitTotal(total, over: 0..<targets.count, node: 1, local: local) { t, k in
                let tg = targets.globalId(t)
                let exclude = spec.allowAutapses ? nil : sources.index(ofGlobal: tg, layout: layout)
                chooser.choose(k, excluding: exclude, withReplacement: true,
                               philox: philox, stream: endpointStream, entity: UInt32(tg)) { n, s in
                    body(sources.globalId(s), tg, UInt32(tg), UInt64(n))
                }
            }
        case .pairwiseBernoulli(let p):
            guard p > 0 else { return }
            let logQ = p < 1 ? Double.log(onePlus: -p) : -Double.infinity
            for interval in local {
                for t in interval {
                    let tg = targets.globalId(t)
                    var s = -1
                    var gap: UInt64 = 0
                    var made: UInt64 = 0
                    while true {
                        if p >= 1 {
                            s += 1
                        } else {
                            var r = RandomSequence(philox, stream: endpointStream, entity: UInt32(tg), counter: gap)
                            let skip = Distributions.geometricGap(logQ, &r)
                            gap += 1
                            if skip >= Double(sources.count) { break }
                            s += 1 + Int(skip)
                        }
                        if s >= sources.count { break }
                        let sg = sources.globalId(s)
                        if sg == tg && !spec.allowAutapses { continue }
                        body(sg, tg, UInt32(tg), made)
                        made += 1
                    }
                }
            }
        }
    }

    /// Splits `total` connections multinomially over the target indices `range` by a binary tree
    /// of binomial draws keyed by the tree node, visiting only subtrees that hold local targets.
    private func splitTotal(
        _ total: Int, over range: Range<Int>, node: UInt64, local: [Range<Int>], _ visit: (Int, Int) -> Void
    ) {
        guard total > 0, local.contains(where: { $0.overlaps(range) }) else { return }
        if range.count == 1 {
            visit(range.lowerBound, total)
            return
        }
        let mid = range.lowerBound + range.count / 2
        var r = RandomSequence(
            philox, stream: RandomStreams.projection(index, .totalNumberSplit),
            entity: UInt32(truncatingIfNeeded: node), counter: node >> 32)
        let left = Distributions.binomial(total, Double(mid - range.lowerBound) / Double(range.count), &r)
        splitTotal(left, over: range.lowerBound..<mid, node: 2 * node, local: local, visit)
        splitTotal(total - left, over: mid..<range.upperBound, node: 2 * node + 1, local: local, visit)
    }
}

/// Draws `k` indices from 0..<count for one entity: with replacement, or as a set by Floyd's
/// algorithm (exactly `k` draws, order fixed by the keys). An excluded index (the neuron
/// itself, when autapses are off) is skipped by drawing from one fewer and shifting.
struct SubsetChooser {
    let count: Int
    private var member: [Bool]

    init(count: Int) {
        self.count = count
        self.member = []
    }

    mutating func choose(
        _ k: Int, excluding excluded: Int?, withReplacement: Bool,
        philox: Philox, stream: UInt32, entity: UInt32, _ emit: (Int, Int) -> Void
    ) {
        let n = excluded == nil ? count : count - 1
        guard k > 0, n > 0 else { return }
        @inline(__always) func shift(_ i: Int) -> Int {
            if let e = excluded, i >= e { return i + 1 }
            return i
        }
        if withReplacement {
            for j in 0..<k {
                var r = RandomSequence(philox, stream: stream, entity: entity, counter: UInt64(j))
                emit(j, shift(Int(r.nextInt(below: UInt64(n)))))
            }
            return
        }
        precondition(k <= n, "cannot draw \(k) distinct indices from \(n)")
        if member.count != count + 1 { member = [Bool](repeating: false, count: count + 1) }
        var chosen: [Int] = []
        chosen.reserveCapacity(k)
        for (j, upper) in ((n - k)..<n).enumerated() {
            var r = RandomSequence(philox, stream: stream, entity: entity, counter: UInt64(j))
            let t = Int(r.nextInt(below: UInt64(upper + 1)))
            let pick = member[t] ? upper : t
            member[pick] = true
            chosen.append(pick)
        }
        for (j, i) in chosen.enumerated() {
            member[i] = false
            emit(j, shift(i))
        }
    }
}
