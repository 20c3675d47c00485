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
    /// Per population, the ids its neurons are reported under (nil: their index).
    private let ids: [[Int]?]
    private let time: TimeFormatter
    private var closed = false

    /// Creates (truncates) `path` and writes the header.
    /// - Parameters:
    ///   - populations: names in global-id order, and `sizes` their neurons.
    ///   - only: the populations whose spikes are written (a run's `spike_populations`); nil
    ///     writes every spike.
    ///   - reported: per population, the name and ids its spikes are written under, when they
    ///     are not its own (a SONATA population split by node type).
    public init(
        path: String, populations: [String], sizes: [Int], resolution: Double, only: [Int]? = nil, reported: [ReportedIdentity?]? = nil
    ) throws {
        file = try BufferedFile(path: path)
        layout = NetworkLayout(sizes: sizes, shardCount: 1)
        names = populations.indices.map { Array((reported?[$0]?.population ?? populations[$0]).utf8) }
        ids = populations.indices.map { reported?[$0]?.nodeIds }
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
            let i = gid - layout.offsets[p]
            file.write(unsigned: UInt64(ids[p].map { $0[i] } ?? i))
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
