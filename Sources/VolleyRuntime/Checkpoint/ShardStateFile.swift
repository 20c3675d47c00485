// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// The binary file of one shard's state (`shard-<index>.state`).
enum ShardStateFile {
    static let magic = "VOLLEYSS"
    static let version: UInt32 = 1

    static func encode(_ s: ShardState, identity: CheckpointIdentity) -> [UInt8] {
        var w = CheckpointBytesWriter()
        w.bytes.append(contentsOf: Array(magic.utf8))
        w.u32(version)
        identity.write(&w)
        w.int(s.shard)
        // Counters grow with the run (5.8·10⁸ events per model second in Brunel): full 64 bits.
        w.u64(UInt64(s.deliveredEvents))
        w.int(s.eventsBySourcePopulation.count)
        for e in s.eventsBySourcePopulation { w.u64(UInt64(e)) }
        w.int(s.blocks.count)
        for b in s.blocks {
            w.int(b.population)
            w.int(b.firstIndex)
            w.int(b.count)
            w.int(b.columns.count)
            for c in b.columns {
                w.string(c.name)
                w.int(c.bytesPerNeuron)
                w.blob(c.data)
            }
        }
        w.int(s.heads.count)
        for h in s.heads {
            w.int(h.head)
            w.u64s(h.context.steps.map { UInt64(bitPattern: $0) })
            w.u64s(h.context.cycles.map { UInt64(bitPattern: $0) })
            w.u64s(h.context.keys.map(\.bitPattern))
            w.u64s(h.context.values.map(\.bitPattern))
        }
        writePlastic(s.plastic, into: &w)
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], file: String, identity: CheckpointIdentity) throws(CheckpointError) -> ShardState {
        var r = CheckpointBytesReader(bytes, file: file)
        try r.magic(magic)
        let v = try r.u32()
        guard v == version else { throw CheckpointError("\(file) has format version \(v); this Volley reads version \(version)") }
        try identity.expect(try CheckpointIdentity.read(&r), in: file)
        let shard = try r.int()
        let delivered = try r.counter()
        var bySource: [Int] = []
        for _ in 0..<(try r.count(unit: 8)) { bySource.append(try r.counter()) }
        var blocks: [BlockState] = []
        for _ in 0..<(try r.count(unit: 32)) {
            let population = try r.int(), first = try r.int(), count = try r.int()
            var columns: [NeuronColumn] = []
            for _ in 0..<(try r.count(unit: 20)) {
                let name = try r.string()
                let width = try r.int()
                let data = try r.blob()
                guard data.count == width * count else { throw r.damaged("column \(name) holds \(data.count) bytes for \(count) neurons of \(width)") }
                columns.append(NeuronColumn(name: name, bytesPerNeuron: width, data: data))
            }
            blocks.append(BlockState(population: population, firstIndex: first, count: count, columns: columns))
        }
        var state = ShardState(shard: shard, blocks: blocks, deliveredEvents: delivered, eventsBySourcePopulation: bySource)
        for _ in 0..<(try r.count(unit: 40)) {
            let head = try r.int()
            let steps = try r.u64s().map { Int64(bitPattern: $0) }, cycles = try r.u64s().map { Int64(bitPattern: $0) }
            let keys = try r.u64s().map(Double.init(bitPattern:)), values = try r.u64s().map(Double.init(bitPattern:))
            guard cycles.count == steps.count else { throw r.damaged("head \(head)'s context has \(steps.count) steps and \(cycles.count) cycles") }
            state.heads.append(HeadState(head: head, context: AttentionHead.Context(steps: steps, cycles: cycles, keys: keys, values: values)))
        }
        state.plastic = try readPlastic(&r)
        guard r.atEnd else { throw r.damaged("bytes follow the last block") }
        return state
    }
}
