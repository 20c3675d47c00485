// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire
import VolleyFormats

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
/// and `pump_charge_pC` for models that keep an ion ledger; an epoch without steps (one no
/// schedule placed) has no `t_ms` or `duration_ms`.
public final class TapJSONLinesSink: EpochSink {
    private let file: BufferedFile
    private let layout: NetworkLayout
    private let names: [[UInt8]]
    private let activations: ActivationFormatter
    private let rhythms: [String]
    /// Per recordable, the JSON text between `"variable":` and the value: `"g_ex","g_ex":`.
    private let variables: [String]
    private let time: TimeFormatter
    private let resolution: Double
    private var closed = false

    public init(path: String, catalog: RunCatalog, resolution: Double) throws {
        file = try BufferedFile(path: path)
        layout = NetworkLayout(sizes: catalog.populations.map(\.size), shardCount: 1)
        names = catalog.populations.map { Array($0.name.utf8) }
        activations = ActivationFormatter(
            heads: catalog.heads.map(\.name), sizes: catalog.heads.map(\.size), resolution: resolution)
        rhythms = catalog.rhythms.map(JSONText.quoted)
        variables = catalog.variables.map { JSONText.quoted($0) + "," + JSONText.quoted($0) + ":" }
        time = TimeFormatter(resolution: resolution)
        self.resolution = resolution
    }

    public func observe(_ record: EpochRecord) throws {
        for r in record.timeline {
            file.write("{\"kind\":\"rhythm\",\"rhythm\":\(Int(r.rhythm) < rhythms.count ? rhythms[Int(r.rhythm)] : "null"),\"t_ms\":")
            time.write(Int64(r.step), to: file)
            file.write(",\"phase\":\(JSONText.number(r.phase)),\"frequency_hz\":\(JSONText.number(r.frequency))}\n")
        }
        for key in record.spikes {
            let gid = Int(key & 0xFFFF_FFFF)
            let p = layout.population(ofGlobal: gid)
            file.write("{\"kind\":\"spike\",\"population\":\"")
            for b in names[p] { file.write(byte: b) }
            file.write("\",\"neuron\":")
            file.write(unsigned: UInt64(gid - layout.offsets[p]))
            file.write(",\"t_ms\":")
            time.write(Int64(key >> 32) + 1, to: file)
            file.write("}\n")
        }
        for s in record.samples {
            file.write("{\"kind\":\"sample\",\"population\":\"")
            if names.indices.contains(s.population) { for b in names[s.population] { file.write(byte: b) } }
            file.write("\",\"neuron\":\(s.neuron),\"t_ms\":")
            time.write(s.stamp, to: file)
            // An index the catalogue lacks (a malformed frame) still writes a valid line.
            file.write(",\"variable\":" + (variables.indices.contains(s.variable) ? variables[s.variable] : "null,\"value\":"))
            file.write("\(JSONText.number(s.value))}\n")
        }
        for w in record.weights {
            file.write("{\"kind\":\"weight\",\"t_ms\":")
            time.write(w.emission + 1, to: file)
            file.write(",\"source\":\(w.source),\"target\":\(w.target),\"weight\":\(JSONText.number(w.weight))}\n")
        }
        if !record.energy.isEmpty { writeEnergy(record) }
        for a in record.activations { activations.writeJSONLine(a, to: file) }
    }

    private func writeEnergy(_ record: EpochRecord) {
        let end = record.start + record.steps
        let duration = Double(record.steps) * resolution
        for e in record.energy {
            let p = Int(e.population)
            file.write("{\"kind\":\"energy\",\"population\":\"")
            if p < names.count { for b in names[p] { file.write(byte: b) } }
            file.write("\"")
            if record.steps > 0 {
                file.write(",\"t_ms\":")
                time.write(end, to: file)
                file.write(",\"duration_ms\":\(JSONText.number(duration))")
            }
            file.write(",\"neurons\":\(e.neurons),\"spikes\":\(e.spikes),\"synaptic_events\":\(e.synapticEvents)")
            if e.naCharge != 0 || e.kCharge != 0 || e.pumpCharge != 0 {
                file.write(",\"na_charge_pC\":\(JSONText.number(e.naCharge)),\"k_charge_pC\":\(JSONText.number(e.kCharge))")
                file.write(",\"pump_charge_pC\":\(JSONText.number(e.pumpCharge))")
            }
            file.write(",\"atp\":\(JSONText.number(e.atp))")
            if duration > 0 { file.write(",\"atp_per_s\":\(JSONText.number(e.atp / (duration / 1000)))") }
            file.write("}\n")
        }
    }

    public func flush() throws { try file.flush() }

    public func close() throws {
        guard !closed else { return }
        closed = true
        try file.flush()
    }
}
