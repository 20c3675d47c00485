// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// The plastic section of a shard state file: a u64 flag (0: none, 1: one follows), then the
/// projections, the post histories and the plastic input in flight, each a run of columns.
extension ShardStateFile {
    static func writePlastic(_ p: PlasticShardState?, into w: inout CheckpointBytesWriter) {
        guard let p else {
            w.u64(0)
            return
        }
        w.u64(1)
        w.int(p.projections.count)
        for s in p.projections {
            w.int(s.projection)
            w.int(s.stateVariables)
            w.u32s(s.targets)
            w.u32s(s.synapseCounts)
            w.u32s(s.sources)
            w.f64s(s.weights)
            w.u32s(s.preSources)
            w.f64s(s.preValues)
        }
        let h = p.histories
        w.u32s(h.neurons)
        w.f64s(h.kminus)
        w.f64s(h.lastSpike)
        w.u32s(h.entryCounts)
        w.f64s(h.entryTimes)
        w.f64s(h.entryKminus)
        w.u32s(h.entryReads.map { UInt32(bitPattern: $0) })
        w.u64s(p.input.arrival.map { UInt64(bitPattern: $0) })
        w.u32s(p.input.neuron)
        w.blob(p.input.channel)
        w.f64s(p.input.value)
    }

    static func readPlastic(_ r: inout CheckpointBytesReader) throws(CheckpointError) -> PlasticShardState? {
        switch try r.u64() {
        case 0: return nil
        case 1: break
        case let flag: throw r.damaged("a plastic-state flag of \(flag)")
        }
        var projections: [PlasticProjectionState] = []
        for _ in 0..<(try r.count(unit: 64)) {
            var s = PlasticProjectionState(projection: try r.int(), stateVariables: try r.int())
            s.targets = try r.u32s()
            s.synapseCounts = try r.u32s()
            s.sources = try r.u32s()
            s.weights = try r.f64s()
            s.preSources = try r.u32s()
            s.preValues = try r.f64s()
            projections.append(s)
        }
        var h = PostHistoryState()
        h.neurons = try r.u32s()
        h.kminus = try r.f64s()
        h.lastSpike = try r.f64s()
        h.entryCounts = try r.u32s()
        h.entryTimes = try r.f64s()
        h.entryKminus = try r.f64s()
        h.entryReads = try r.u32s().map { Int32(bitPattern: $0) }
        var input = PlasticInputState()
        input.arrival = try r.u64s().map { Int64(bitPattern: $0) }
        input.neuron = try r.u32s()
        input.channel = try r.blob()
        input.value = try r.f64s()
        let state = PlasticShardState(projections: projections, histories: h, input: input)
        if let what = state.inconsistency { throw r.damaged(what) }
        return state
    }
}

extension CheckpointBytesWriter {
    /// A count, then the values' little-endian bytes (as `u64s` writes its values).
    mutating func u32s(_ values: [UInt32]) {
        u64(UInt64(values.count))
        values.map(\.littleEndian).withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func f64s(_ values: [Double]) { u64s(values.map(\.bitPattern)) }
}

extension CheckpointBytesReader {
    mutating func u32s() throws(CheckpointError) -> [UInt32] {
        let n = try count(unit: 4)
        let b = try take(n * 4)
        var out = [UInt32](repeating: 0, count: n)
        out.withUnsafeMutableBytes { $0.copyBytes(from: b) }
        return out.map(UInt32.init(littleEndian:))
    }

    mutating func f64s() throws(CheckpointError) -> [Double] { try u64s().map(Double.init(bitPattern:)) }
}
