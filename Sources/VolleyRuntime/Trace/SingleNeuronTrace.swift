// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Runs a `TraceProtocol` for one model through the ordinary engine and collects every
/// recordable at every step and the spike stamps.
public enum SingleNeuronTrace {
    /// The trace: the stamps of every step, each recordable's value at them, and the output spike stamps.
    public struct Result: Sendable {
        /// The model's recordables, named as NEST names them (`V_m` first).
        public let variables: [String]
        public let stamps: [Int64]
        /// `values[v][k]`: recordable `v` at `stamps[k]`.
        public let values: [[Double]]
        public let spikeStamps: [Int64]
        public let resolution: Double

        /// (stamp, V_m) for every step.
        public var samples: [(stamp: Int64, value: Double)] { Array(zip(stamps, values[0])) }
    }

    public static func run(_ proto: TraceProtocol, model: String, integrator: NeuronIntegrator = .nest) throws -> Result {
        var spec = try proto.network(model: model)
        spec.integrator = integrator
        let plan = try RunPlan(spec: spec, seed: 1, shards: 1, tSim: proto.tStop, lengthName: "protocol: t_stop_ms")
        let network = plan.network, total = plan.totalSteps
        let simulation = try Simulation(network: network, threads: 1)
        let variables = spec.recording.variables
        let collector = Collector(variables: variables.count)
        var exchange = InMemoryExchange(network: network)
        try simulation.run(steps: total, exchange: &exchange, observers: [collector])
        return Result(variables: variables, stamps: collector.stamps, values: collector.values,
                      spikeStamps: collector.spikes, resolution: proto.resolution)
    }

    /// Writes the energy ledger between the trace's first and last rows as JSON: `na_charge_pC`
    /// (inward Na⁺, positive), `k_charge_pC` (outward K⁺), `atp`, `atp_source` (how `atp` was
    /// counted: "sodium_charge", Na⁺ charge / 3e, or, for a model with a pump, "pump", the pump's
    /// charge / e, which is then given as `pump_charge_pC`), `spikes`, `window_ms`. The model must
    /// have the `Q_Na` and `Q_K` recordables.
    public static func writeEnergy(_ result: Result, model: String, to path: String) throws {
        guard let na = result.variables.firstIndex(of: "Q_Na"), let k = result.variables.firstIndex(of: "Q_K"),
            let first = result.stamps.indices.first, let last = result.stamps.indices.last
        else { throw RunInputError("\(model) keeps no Na⁺/K⁺ ledger (no Q_Na and Q_K recordables)") }
        let naCharge = result.values[na][last] - result.values[na][first]
        let kCharge = result.values[k][last] - result.values[k][first]
        let pump = result.variables.firstIndex(of: IonLedger.pumpChargeRecordable)
        let pumpCharge = pump.map { result.values[$0][last] - result.values[$0][first] }
        let atp = pumpCharge.map { IonLedger.atp(pumpCharge: $0) } ?? IonLedger.atp(naCharge: naCharge)
        let spikes = result.spikeStamps.filter { $0 >= result.stamps[first] && $0 <= result.stamps[last] }.count
        var members: [(String, JSONValue)] = [
            ("model", .string(model)),
            ("na_charge_pC", .number(naCharge)),
            ("k_charge_pC", .number(kCharge)),
        ]
        if let pumpCharge { members.append(("pump_charge_pC", .number(pumpCharge))) }
        members += [
            ("atp", .number(atp)),
            ("atp_source", .string(pumpCharge == nil ? "sodium_charge" : "pump")),
            ("atp_per_spike", spikes > 0 ? .number(atp / Double(spikes)) : .null),
            ("spikes", .number(Double(spikes))),
            ("window_ms", .array([.number(Double(result.stamps[first]) * result.resolution),
                                  .number(Double(result.stamps[last]) * result.resolution)])),
            ("method", .string(pumpCharge == nil
                ? "∫I_Na dt and ∫I_K dt over the solver's own sub-steps (corrected trapezoid rule); ATP = Q_Na / (3e)"
                : "∫I_Na dt and ∫I_K dt over the solver's own sub-steps (corrected trapezoid rule), ∫I_pump dt by the solver "
                    + "itself; ATP = Q_pump / e (one ATP and one net charge per pump cycle)")),
        ]
        let json: JSONValue = .object(members)
        let file = try BufferedFile(path: path)
        file.write(json.pretty() + "\n")
        try file.flush()
    }

    /// Writes `t_ms,V_m` rows, one per step.
    public static func writeCSV(_ result: Result, to path: String) throws {
        try writeTable(result, columns: [0], to: path)
    }

    /// Writes `t_ms` and every recordable, one row per step.
    public static func writeState(_ result: Result, to path: String) throws {
        try writeTable(result, columns: Array(result.variables.indices), to: path)
    }

    /// Writes the output spike stamps as a `t_ms` column.
    public static func writeSpikes(_ result: Result, to path: String) throws {
        let file = try BufferedFile(path: path)
        let time = TimeFormatter(resolution: result.resolution)
        file.write("t_ms\n")
        for s in result.spikeStamps {
            time.write(s, to: file)
            file.write("\n")
        }
        try file.flush()
    }

    private static func writeTable(_ result: Result, columns: [Int], to path: String) throws {
        let file = try BufferedFile(path: path)
        let time = TimeFormatter(resolution: result.resolution)
        file.write("t_ms," + columns.map { result.variables[$0] }.joined(separator: ",") + "\n")
        for (k, stamp) in result.stamps.enumerated() {
            time.write(stamp, to: file)
            for c in columns { file.write(",\(result.values[c][k])") }
            file.write("\n")
        }
        try file.flush()
    }

    private final class Collector: EpochSink {
        var stamps: [Int64] = []
        var values: [[Double]]
        var spikes: [Int64] = []
        init(variables: Int) { values = Array(repeating: [], count: variables) }
        func observe(_ record: EpochRecord) throws {
            for s in record.samples {
                if s.variable == 0 { stamps.append(s.stamp) }
                values[s.variable].append(s.value)
            }
            for k in record.spikes { spikes.append(Int64(k >> 32) + 1) }
        }
    }
}
