// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// The binary file of a checkpoint's records (`records-<from>-<to>.bin`, by step): the epoch records from the
/// previous checkpoint's cut (or the start) to this one's.
enum RecordSegmentFile {
    static let magic = "VOLLEYRC"
    static let version: UInt32 = 1

    static func encode(_ records: [EpochRecord], identity: CheckpointIdentity) -> [UInt8] {
        var w = CheckpointBytesWriter()
        w.bytes.append(contentsOf: Array(magic.utf8))
        w.u32(version)
        identity.write(&w)
        w.int(records.count)
        for r in records {
            w.i64(r.epoch)
            w.i64(r.start)
            w.i64(r.steps)
            w.u64s(r.spikes)
            w.int(r.samples.count)
            for s in r.samples {
                w.int(s.population)
                w.int(s.neuron)
                w.i64(s.stamp)
                w.f64(s.value)
                w.int(s.variable)
            }
            w.int(r.activations.count)
            for a in r.activations {
                w.i64(a.step)
                w.int(a.head)
                w.int(a.vector.count)
                for x in a.vector { w.f32(x) }
            }
            w.int(r.rhythms.count)
            for s in r.rhythms {
                w.f64(s.phase)
                w.f64(s.advance)
            }
            w.int(r.weights.count)
            for x in r.weights {
                w.i64(x.emission)
                w.u32(x.source)
                w.u32(x.target)
                w.u32(UInt32(bitPattern: x.projection))
                w.f64(x.weight)
            }
        }
        return w.bytes
    }

    /// The records of a segment; `identity.step` is the cut the segment ends at (`ending`) —
    /// a segment's own identity names the cut it was written at.
    static func decode(_ bytes: [UInt8], file: String, identity: CheckpointIdentity) throws(CheckpointError) -> [EpochRecord] {
        var r = CheckpointBytesReader(bytes, file: file)
        try r.magic(magic)
        let v = try r.u32()
        guard v == version else { throw CheckpointError("\(file) has format version \(v); this Volley reads version \(version)") }
        try identity.expect(try CheckpointIdentity.read(&r), in: file)
        var records: [EpochRecord] = []
        for _ in 0..<(try r.count(unit: 24)) {
            let epoch = try r.i64(), start = try r.i64(), steps = try r.i64()
            let spikes = try r.u64s()
            var samples: [ProbeSample] = []
            for _ in 0..<(try r.count(unit: 40)) {
                let p = try r.int(), n = try r.int(), stamp = try r.i64(), value = try r.f64(), variable = try r.int()
                samples.append(ProbeSample(population: p, neuron: n, stamp: stamp, value: value, variable: variable))
            }
            var activations: [Activation] = []
            for _ in 0..<(try r.count(unit: 24)) {
                let step = try r.i64(), head = try r.int()
                var vector: [Float] = []
                for _ in 0..<(try r.count(unit: 4)) { vector.append(try r.f32()) }
                activations.append(Activation(step: step, head: head, vector: vector))
            }
            var rhythms: [RhythmState] = []
            for _ in 0..<(try r.count(unit: 16)) { rhythms.append(RhythmState(phase: try r.f64(), advance: try r.f64())) }
            var weights: [WeightRecord] = []
            for _ in 0..<(try r.count(unit: 28)) {
                let e = try r.i64(), s = try r.u32(), t = try r.u32(), p = Int32(bitPattern: try r.u32()), w = try r.f64()
                weights.append(WeightRecord(emission: e, source: s, target: t, projection: p, weight: w))
            }
            records.append(EpochRecord(
                epoch: epoch, start: start, steps: steps, spikes: spikes, samples: samples, activations: activations,
                rhythms: rhythms, weights: weights))
        }
        guard r.atEnd else { throw r.damaged("bytes follow the last record") }
        return records
    }
}
