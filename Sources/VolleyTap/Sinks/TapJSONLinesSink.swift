// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Writes one JSON object per event, for jq, pandas (`read_json(lines=True)`) and friends:
/// `{"kind":"spike","population":"E","neuron":3,"t_ms":12.3}`, and likewise `activation`
/// (`population`, `head`, `t_ms`, `vector`, as in activations.csv), `sample` and `rhythm`
/// (`rhythm`, `t_ms`, `phase`, `frequency_hz`) lines. Times are stamps as in the run's files.
/// A sample line names its recordable and keys the value by that name,
/// `{"kind":"sample","population":"E","neuron":0,"t_ms":0.1,"variable":"g_ex","g_ex":1.5}`, so a
/// reader of the `V_m` lines of a voltmeter-only run finds `V_m` where it always was.
/// A weight line is one row of the run's `weights.csv` (global neuron ids, as there):
/// `{"kind":"weight","t_ms":12.3,"source":4,"target":950,"weight":1.25}`.
/// An energy line is one population's budget over one epoch, ending at `t_ms`:
/// `{"kind":"energy","population":"E","t_ms":1.5,"duration_ms":1.5,"neurons":10000,"spikes":12,
/// "synaptic_events":9600,"atp":6.1e9,"atp_per_s":4.1e12}`, with `na_charge_pC`, `k_charge_pC`
/// and `pump_charge_pC` for models that keep an ion ledger.
public final class TapJSONLinesSink: TapSink {
    private let file: BufferedFile
    private let lookup: PopulationLookup
    private let heads: [(name: String, offset: Int)]
    private let rhythms: [String]
    /// Per recordable, the JSON text between `"variable":` and the value: `"g_ex","g_ex":`.
    private let variables: [String]
    private let time: TimeFormatter
    private let resolution: Double
    private let epochSteps: Int64
    private let totalSteps: Int64
    private var closed = false

    /// `epochSteps` and `totalSteps` time the energy lines (the epochs' ends); without them (0)
    /// an energy line has no `t_ms`.
    public init(path: String, catalog: RunCatalog, resolution: Double, epochSteps: Int64 = 0, totalSteps: Int64 = 0) throws {
        file = try BufferedFile(path: path)
        lookup = PopulationLookup(catalog: catalog)
        var offset = 0
        heads = catalog.heads.map { h in
            defer { offset += h.size }
            return (Self.quoted(h.name), offset)
        }
        rhythms = catalog.rhythms.map(Self.quoted)
        variables = catalog.variables.map { Self.quoted($0) + "," + Self.quoted($0) + ":" }
        time = TimeFormatter(resolution: resolution)
        self.resolution = resolution
        self.epochSteps = epochSteps
        self.totalSteps = totalSteps
    }

    public func write(_ epoch: TapEpoch) throws {
        for r in epoch.rhythms {
            file.write("{\"kind\":\"rhythm\",\"rhythm\":\(Int(r.rhythm) < rhythms.count ? rhythms[Int(r.rhythm)] : "null"),\"t_ms\":")
            time.write(Int64(r.step), to: file)
            file.write(",\"phase\":\(Self.number(r.phase)),\"frequency_hz\":\(Self.number(r.frequency))}\n")
        }
        for key in epoch.spikes {
            let gid = Int(key & 0xFFFF_FFFF)
            let p = lookup.population(of: gid)
            file.write("{\"kind\":\"spike\",\"population\":\"")
            for b in lookup.names[p] { file.write(byte: b) }
            file.write("\",\"neuron\":")
            file.write(unsigned: UInt64(gid - lookup.offsets[p]))
            file.write(",\"t_ms\":")
            time.write(Int64(key >> 32) + 1, to: file)
            file.write("}\n")
        }
        for s in epoch.samples {
            let p = Int(s.population)
            file.write("{\"kind\":\"sample\",\"population\":\"")
            if p < lookup.names.count { for b in lookup.names[p] { file.write(byte: b) } }
            file.write("\",\"neuron\":\(s.neuron),\"t_ms\":")
            time.write(Int64(s.stamp), to: file)
            // An index the catalogue lacks (a malformed frame) still writes a valid line.
            file.write(",\"variable\":" + (Int(s.variable) < variables.count ? variables[Int(s.variable)] : "null,\"value\":"))
            file.write("\(Self.number(s.value))}\n")
        }
        for w in epoch.weights {
            file.write("{\"kind\":\"weight\",\"t_ms\":")
            time.write(w.emission + 1, to: file)
            file.write(",\"source\":\(w.source),\"target\":\(w.target),\"weight\":\(Self.number(w.weight))}\n")
        }
        if !epoch.energy.isEmpty { writeEnergy(epoch) }
        for a in epoch.activations {
            let h = heads.lastIndex { $0.offset <= Int(a.source) }
            file.write("{\"kind\":\"activation\",\"population\":\(h.map { heads[$0].name } ?? "null"),")
            file.write("\"head\":\(h.map { Int(a.source) - heads[$0].offset } ?? Int(a.source)),\"t_ms\":")
            time.write(Int64(a.step) + 1, to: file)
            file.write(",\"vector\":[" + a.vector.map { Self.number(Double($0)) }.joined(separator: ",") + "]}\n")
        }
    }

    private func writeEnergy(_ epoch: TapEpoch) {
        let start = Int64(epoch.epoch) * epochSteps
        let end = min(start + epochSteps, totalSteps)
        let duration = Double(end - start) * resolution
        for e in epoch.energy {
            let p = Int(e.population)
            file.write("{\"kind\":\"energy\",\"population\":\"")
            if p < lookup.names.count { for b in lookup.names[p] { file.write(byte: b) } }
            file.write("\"")
            if epochSteps > 0 {
                file.write(",\"t_ms\":")
                time.write(end, to: file)
                file.write(",\"duration_ms\":\(Self.number(duration))")
            }
            file.write(",\"neurons\":\(e.neurons),\"spikes\":\(e.spikes),\"synaptic_events\":\(e.synapticEvents)")
            if e.naCharge != 0 || e.kCharge != 0 || e.pumpCharge != 0 {
                file.write(",\"na_charge_pC\":\(Self.number(e.naCharge)),\"k_charge_pC\":\(Self.number(e.kCharge))")
                file.write(",\"pump_charge_pC\":\(Self.number(e.pumpCharge))")
            }
            file.write(",\"atp\":\(Self.number(e.atp))")
            if duration > 0 { file.write(",\"atp_per_s\":\(Self.number(e.atp / (duration / 1000)))") }
            file.write("}\n")
        }
    }

    public func flush() throws { try file.flush() }

    public func close() throws {
        guard !closed else { return }
        closed = true
        try file.flush()
    }

    /// JSON has no infinities or NaN: those become null.
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
