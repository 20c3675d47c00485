// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Writes spikes as `population,neuron,t_ms` rows (DESIGN §5) as epochs arrive: rows by time,
/// then population, then neuron; `t_ms` is NEST's stamp, the end of the step of the spike. A
/// run's spikes.csv and `volley tap --format csv` are this one writer, so a lossless tap's
/// file and the run's compare line by line.
public final class SpikeCSVWriter: EpochSink {
    private let file: BufferedFile
    private let layout: NetworkLayout
    private let names: [[UInt8]]
    private let written: [Bool]
    private let time: TimeFormatter
    private var closed = false

    /// Creates (truncates) `path` and writes the header.
    /// - Parameters:
    ///   - populations: names in global-id order, and `sizes` their neurons.
    ///   - only: the populations whose spikes are written (a run's `spike_populations`); nil
    ///     writes every spike.
    public init(path: String, populations: [String], sizes: [Int], resolution: Double, only: [Int]? = nil) throws {
        file = try BufferedFile(path: path)
        layout = NetworkLayout(sizes: sizes, shardCount: 1)
        names = populations.map { Array($0.utf8) }
        var written = [Bool](repeating: only == nil, count: populations.count)
        for p in only ?? [] { written[p] = true }
        self.written = written
        time = TimeFormatter(resolution: resolution)
        file.write("population,neuron,t_ms\n")
    }

    public func observe(_ record: EpochRecord) throws {
        for key in record.spikes {
            let gid = Int(key & 0xFFFF_FFFF)
            let p = layout.population(ofGlobal: gid)
            guard written[p] else { continue }
            for b in names[p] { file.write(byte: b) }
            file.write(byte: UInt8(ascii: ","))
            file.write(unsigned: UInt64(gid - layout.offsets[p]))
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
