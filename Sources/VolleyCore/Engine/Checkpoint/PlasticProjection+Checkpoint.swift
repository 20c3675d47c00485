// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

extension PlasticProjection {
    /// The projection's synapses onto the shard in canonical order, and its rule's state for
    /// every source with synapses here, by global id.
    func captureState(tables: PlasticState) -> PlasticProjectionState {
        let n = tables.globalOfOrdinal.count
        let (starts, entries) = byTarget(ordinals: 0..<n, tables: tables)
        var s = PlasticProjectionState(projection: projection, stateVariables: rule.stateValues(rule.initialPre).count)
        s.sources.reserveCapacity(entries.count)
        s.weights.reserveCapacity(entries.count)
        for o in 0..<n where starts[o] < starts[o + 1] {
            s.targets.append(tables.globalOfOrdinal[o])
            s.synapseCounts.append(UInt32(starts[o + 1] - starts[o]))
            for e in entries[starts[o]..<starts[o + 1]] {
                s.sources.append(e.source)
                s.weights.append(synapses.weight[Int(e.synapse)])
            }
        }
        // Only sources with a row here have moved from the initial state: `deliver` skips the others.
        for g in 0..<(synapses.rowStart.count - 1) where synapses.rowStart[g] < synapses.rowStart[g + 1] {
            s.preSources.append(UInt32(g))
            s.preValues.append(contentsOf: rule.stateValues(pre[g]))
        }
        return s
    }

    /// Takes the weights of this shard's synapses and the state of its sources from `saved`,
    /// matching synapses by target and canonical position (and checking the source).
    mutating func restoreState(from saved: PlasticStateIndex, tables: PlasticState) -> StateRestoreError? {
        let n = tables.globalOfOrdinal.count
        let (starts, entries) = byTarget(ordinals: 0..<n, tables: tables)
        let what = "connection \(projection + 1)"
        for o in 0..<n where starts[o] < starts[o + 1] {
            let target = tables.globalOfOrdinal[o]
            let count = starts[o + 1] - starts[o]
            guard let run = saved.synapses(projection: projection, target: target), run.weights.count == count else {
                return StateRestoreError("\(what): the checkpoint lacks the \(count) synapses onto neuron \(target)")
            }
            for (j, e) in entries[starts[o]..<starts[o + 1]].enumerated() {
                guard run.sources[run.sources.startIndex + j] == e.source else {
                    return StateRestoreError("\(what): the saved synapses onto neuron \(target) have other sources")
                }
                synapses.weight[Int(e.synapse)] = run.weights[run.weights.startIndex + j]
            }
        }
        let values = rule.stateValues(rule.initialPre).count
        for g in 0..<(synapses.rowStart.count - 1) where synapses.rowStart[g] < synapses.rowStart[g + 1] {
            guard let v = saved.pre(projection: projection, source: UInt32(g)), v.count == values else {
                return StateRestoreError("\(what): the checkpoint holds no synapse state of source \(g)")
            }
            pre[g] = rule.pre(stateValues: Array(v))
        }
        return nil
    }
}

extension PlasticGroup {
    func captureState(tables: PlasticState) -> PlasticProjectionState {
        switch self {
        case .empty: PlasticProjectionState(projection: -1, stateVariables: 0)
        case .stdp(let p): p.captureState(tables: tables)
        case .stdpPowerLaw(let p): p.captureState(tables: tables)
        case .tsodyks2(let p): p.captureState(tables: tables)
        }
    }

    /// `PlasticProjection.restoreState`, with the projection moved out while it runs (its arrays
    /// stay uniquely referenced).
    mutating func restoreState(from saved: PlasticStateIndex, tables: PlasticState) -> StateRestoreError? {
        switch consume self {
        case .empty:
            self = .empty
            return nil
        case .stdp(var p):
            let failure = p.restoreState(from: saved, tables: tables)
            self = .stdp(p)
            return failure
        case .stdpPowerLaw(var p):
            let failure = p.restoreState(from: saved, tables: tables)
            self = .stdpPowerLaw(p)
            return failure
        case .tsodyks2(var p):
            let failure = p.restoreState(from: saved, tables: tables)
            self = .tsodyks2(p)
            return failure
        }
    }
}
