// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyTap

/// Writes `V_m.csv` (`population,neuron,t_ms,V_m`), the voltmeter readings of a run, by time,
/// then population, then neuron. Values are printed to round-trip exactly.
public final class VoltmeterCSVWriter: EpochObserver {
    private let file: BufferedFile
    private let names: [String]
    private let time: TimeFormatter

    public init(path: String, network: NetworkSpec) throws {
        file = try BufferedFile(path: path)
        names = network.populations.map(\.name)
        time = TimeFormatter(resolution: network.resolution)
        file.write("population,neuron,t_ms,V_m\n")
    }

    public func observe(_ record: EpochRecord) throws {
        for s in record.samples {
            file.write(names[s.population])
            file.write(byte: UInt8(ascii: ","))
            file.write(int: Int64(s.neuron))
            file.write(byte: UInt8(ascii: ","))
            time.write(s.stamp, to: file)
            file.write(",\(s.value)\n")
        }
    }

    public func close() throws { try file.flush() }
}
