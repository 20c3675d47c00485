// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Writes spikes as a SONATA spike report (HDF5, `/spikes/<population>/timestamps` and
/// `node_ids`), appended epoch by epoch: a run's spikes.h5 and `volley tap --format sonata`,
/// the same spikes as the CSV writer's. h5py and libsonata read it. It runs on the thread that
/// hands it epochs, the only one that touches HDF5.
public final class SonataSpikeSink: EpochSink {
    private let writer: SonataSpikeWriter
    private let layout: NetworkLayout
    /// For each population, what turns a global id into an id of the writer's populations
    /// (the written ones, packed in order); nil if the population is not written.
    private let shift: [Int?]
    private let writesEverything: Bool
    /// With reported identities: each global id's place among the writer's ids (−1: not written).
    private let packed: [Int]?
    private var kept: [UInt64] = []

    /// Creates `path` with a group for every population written.
    /// - Parameters:
    ///   - populations: names in global-id order, and `sizes` their neurons.
    ///   - only: the populations whose spikes are written (a run's `spike_populations`); nil
    ///     writes every spike.
    ///   - reported: per population, the name and ids its spikes are written under, when they
    ///     are not its own: populations reported under one name share its group.
    public init(
        path: String, populations: [String], sizes: [Int], resolution: Double, only: [Int]? = nil, reported: [ReportedIdentity?]? = nil
    ) throws {
        layout = NetworkLayout(sizes: sizes, shardCount: 1)
        let written = Set(only ?? Array(populations.indices))
        if let reported, reported.contains(where: { $0 != nil }) {
            // Groups by reported name, in order of first appearance; a group's id space spans
            // its largest id, and each neuron's place in it is its reported id.
            var names: [String] = [], span: [Int] = [], group = [Int?](repeating: nil, count: populations.count)
            for p in populations.indices where written.contains(p) {
                let name = reported[p]?.population ?? populations[p]
                let top = reported[p].map { ($0.nodeIds.max() ?? -1) + 1 } ?? sizes[p]
                if let g = names.firstIndex(of: name) {
                    span[g] = max(span[g], top)
                    group[p] = g
                } else {
                    names.append(name)
                    span.append(top)
                    group[p] = names.count - 1
                }
            }
            var offsets = [0]
            for s in span { offsets.append(offsets[offsets.count - 1] + s) }
            var packed = [Int](repeating: -1, count: layout.neuronCount)
            for p in populations.indices {
                guard let g = group[p] else { continue }
                for i in 0..<sizes[p] { packed[layout.offsets[p] + i] = offsets[g] + (reported[p]?.nodeIds[i] ?? i) }
            }
            self.packed = packed
            shift = []
            writesEverything = false
            writer = try SonataSpikeWriter(path: path, populations: names, offsets: offsets, resolution: resolution)
            return
        }
        packed = nil
        var names: [String] = [], offsets = [0], shift = [Int?](repeating: nil, count: populations.count)
        for p in populations.indices where written.contains(p) {
            names.append(populations[p])
            shift[p] = offsets[offsets.count - 1] - layout.offsets[p]
            offsets.append(offsets[offsets.count - 1] + sizes[p])
        }
        self.shift = shift
        writesEverything = names.count == populations.count
        writer = try SonataSpikeWriter(path: path, populations: names, offsets: offsets, resolution: resolution)
    }

    public func observe(_ record: EpochRecord) throws {
        if writesEverything { return try writer.append(keys: record.spikes) }
        kept.removeAll(keepingCapacity: true)
        if let packed {
            for key in record.spikes {
                let at = packed[Int(key & 0xFFFF_FFFF)]
                if at >= 0 { kept.append(key & ~0xFFFF_FFFF | UInt64(at)) }
            }
            return try writer.append(keys: kept)
        }
        for key in record.spikes {
            let gid = Int(key & 0xFFFF_FFFF)
            guard let s = shift[layout.population(ofGlobal: gid)] else { continue }
            kept.append(key & ~0xFFFF_FFFF | UInt64(gid + s))
        }
        try writer.append(keys: kept)
    }

    /// HDF5 files are complete only once closed; there is nothing useful to flush midway.
    public func flush() throws {}

    /// Writes what is buffered and closes the file; idempotent.
    public func close() throws { try writer.close() }
}
