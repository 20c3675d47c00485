// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Writes spikes with the columns of a run's `spikes.csv` (`population,neuron,t_ms`), so a
/// lossless tap's file and the run's compare line by line.
public final class TapCSVSink: TapSink {
    private let file: BufferedFile
    private let lookup: PopulationLookup
    private let time: TimeFormatter
    private var closed = false

    public init(path: String, catalog: RunCatalog, resolution: Double) throws {
        file = try BufferedFile(path: path)
        lookup = PopulationLookup(catalog: catalog)
        time = TimeFormatter(resolution: resolution)
        file.write("population,neuron,t_ms\n")
    }

    public func write(_ epoch: TapEpoch) throws {
        for key in epoch.spikes {
            let gid = Int(key & 0xFFFF_FFFF)
            let p = lookup.population(of: gid)
            for b in lookup.names[p] { file.write(byte: b) }
            file.write(byte: UInt8(ascii: ","))
            file.write(unsigned: UInt64(gid - lookup.offsets[p]))
            file.write(byte: UInt8(ascii: ","))
            time.write(Int64(key >> 32) + 1, to: file)
            file.write(byte: UInt8(ascii: "\n"))
        }
    }

    public func flush() throws { try file.flush() }

    public func close() throws {
        guard !closed else { return }
        closed = true
        try file.flush()
    }
}
