// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyTap

/// Writes `spikes.csv` (`population,neuron,t_ms`, DESIGN §5) as epochs arrive: rows by time,
/// then population, then neuron; `t_ms` is NEST's stamp, the end of the step of the spike.
public final class SpikeCSVWriter: EpochObserver {
    private let file: BufferedFile
    private let layout: NetworkLayout
    private let names: [[UInt8]]
    private let recorded: [Bool]
    private let time: TimeFormatter

    public init(path: String, network: NetworkSpec, layout: NetworkLayout) throws {
        file = try BufferedFile(path: path)
        self.layout = layout
        names = network.populations.map { Array($0.name.utf8) }
        var recorded = [Bool](repeating: network.recording.spikePopulations == nil, count: network.populations.count)
        for p in network.recording.spikePopulations ?? [] { recorded[p] = true }
        self.recorded = recorded
        time = TimeFormatter(resolution: network.resolution)
        file.write("population,neuron,t_ms\n")
    }

    public func observe(_ record: EpochRecord) throws {
        for key in record.spikes {
            let gid = Int(key & 0xFFFF_FFFF)
            let p = layout.population(ofGlobal: gid)
            guard recorded[p] else { continue }
            for b in names[p] { file.write(byte: b) }
            file.write(byte: UInt8(ascii: ","))
            file.write(unsigned: UInt64(gid - layout.offsets[p]))
            file.write(byte: UInt8(ascii: ","))
            time.write(Int64(key >> 32) + 1, to: file)
            file.write(byte: UInt8(ascii: "\n"))
        }
    }

    /// Writes what is buffered.
    public func close() throws { try file.flush() }
}
