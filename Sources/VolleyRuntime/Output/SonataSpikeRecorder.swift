// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyTap

/// Writes `spikes.h5`, a SONATA spike report, as epochs arrive: the same spikes as spikes.csv,
/// one group for each population whose spikes are recorded. Runs on the thread that runs the
/// epoch loop, the only one that touches HDF5.
public final class SonataSpikeRecorder: EpochObserver {
    private let writer: SonataSpikeWriter
    private let layout: NetworkLayout
    /// For each population, what turns a global id into an id of the writer's populations
    /// (the recorded ones, packed in order); nil if the population is not recorded.
    private let shift: [Int?]
    private let recordsEverything: Bool
    private var kept: [UInt64] = []

    /// Creates `path` with a group for every population of `network` whose spikes are recorded.
    public init(path: String, network: NetworkSpec, layout: NetworkLayout) throws {
        self.layout = layout
        let recorded = Set(network.recording.spikePopulations ?? Array(network.populations.indices))
        var names: [String] = [], offsets = [0], shift = [Int?](repeating: nil, count: network.populations.count)
        for p in network.populations.indices where recorded.contains(p) {
            names.append(network.populations[p].name)
            shift[p] = offsets[offsets.count - 1] - layout.offsets[p]
            offsets.append(offsets[offsets.count - 1] + layout.sizes[p])
        }
        self.shift = shift
        recordsEverything = names.count == network.populations.count
        writer = try SonataSpikeWriter(path: path, populations: names, offsets: offsets, resolution: network.resolution)
    }

    public func observe(_ record: EpochRecord) throws {
        if recordsEverything { return try writer.append(keys: record.spikes) }
        kept.removeAll(keepingCapacity: true)
        for key in record.spikes {
            let gid = Int(key & 0xFFFF_FFFF)
            guard let s = shift[layout.population(ofGlobal: gid)] else { continue }
            kept.append(key & ~0xFFFF_FFFF | UInt64(gid + s))
        }
        try writer.append(keys: kept)
    }

    /// Writes what is buffered and closes the file.
    public func close() throws { try writer.close() }
}
