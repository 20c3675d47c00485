// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Writes a run's multimeter readings as CSV, by time, then population, then neuron, then
/// variable; values are printed to round-trip exactly. Two layouts: `V_m.csv`
/// (`population,neuron,t_ms,V_m`: the membrane potentials only, as a voltmeter records them) and
/// `multimeter.csv` (`population,neuron,t_ms,variable,value`: every recordable recorded).
public final class VoltmeterCSVWriter: EpochSink {
    private let file: BufferedFile
    private let names: [String]
    private let variables: [String]
    private let time: TimeFormatter
    /// The one variable written (V_m.csv), or nil for every variable (multimeter.csv).
    private let only: Int?

    /// `V_m.csv`, when some voltmeter or multimeter records V_m; nil otherwise.
    public static func membranePotentials(path: String, network: NetworkSpec) throws -> VoltmeterCSVWriter? {
        guard let v = network.recording.variables.firstIndex(of: "V_m") else { return nil }
        return try VoltmeterCSVWriter(path: path, network: network, only: v, header: "population,neuron,t_ms,V_m\n")
    }

    /// `multimeter.csv`, when some multimeter records a variable other than V_m; nil otherwise.
    public static func allVariables(path: String, network: NetworkSpec) throws -> VoltmeterCSVWriter? {
        guard network.recording.variables.contains(where: { $0 != "V_m" }) else { return nil }
        return try VoltmeterCSVWriter(path: path, network: network, only: nil, header: "population,neuron,t_ms,variable,value\n")
    }

    private init(path: String, network: NetworkSpec, only: Int?, header: String) throws {
        file = try BufferedFile(path: path)
        names = network.populations.map(\.name)
        variables = network.recording.variables
        time = TimeFormatter(resolution: network.resolution)
        self.only = only
        file.write(header)
    }

    public func observe(_ record: EpochRecord) throws {
        for s in record.samples {
            if let only, s.variable != only { continue }
            file.write(names[s.population])
            file.write(byte: UInt8(ascii: ","))
            file.write(int: Int64(s.neuron))
            file.write(byte: UInt8(ascii: ","))
            time.write(s.stamp, to: file)
            if only == nil {
                file.write(byte: UInt8(ascii: ","))
                file.write(variables[s.variable])
            }
            file.write(",\(s.value)\n")
        }
    }

    public func flush() throws { try file.flush() }

    public func close() throws { try file.flush() }
}
