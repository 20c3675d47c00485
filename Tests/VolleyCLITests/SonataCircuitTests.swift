// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// `volley run CONFIG.json` on a SONATA circuit built and run by BMTK PointNet on NEST 3.10
/// (Tests/VolleyFormatsTests/Fixtures/sonata_example): BMTK's spikes exactly, in process and
/// over workers, and every circuit it cannot run refused by name with status 2.
@Suite struct SonataCircuitTests {
    static let fixture = VolleyProcess.repositoryRoot.appendingPathComponent("Tests/VolleyFormatsTests/Fixtures/sonata_example").path

    /// A copy of the circuit in a fresh folder (its configs locate everything from their own
    /// folder), with `edit` applied to it.
    static func copy(_ edit: (String) throws -> Void = { _ in }) throws -> String {
        let dir = try VolleyProcess.temporaryDirectory() + "/circuit"
        try FileManager.default.copyItem(atPath: fixture, toPath: dir)
        // The fixture's files are read-only copies; the edits need to write.
        let files = FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []
        for f in files { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir + "/" + f) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
        try edit(dir)
        return dir
    }

    /// (population, node_id, t rounded to 0.1 ms) of a spikes file with the id column `id`.
    static func spikes(_ path: String, id: String) throws -> Set<String> {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let p = header.firstIndex(of: "population")!, n = header.firstIndex(of: id)!, t = header.firstIndex(of: "t_ms")!
        return Set(lines.dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return "\(f[p]),\(f[n]),\(Int((Double(f[t])! * 10).rounded()))"
        })
    }

    @Test(arguments: [["--shards", "1"], ["--shards", "3", "--threads", "2"], ["--workers", "2"]])
    func theCircuitGivesBMTKsSpikes(layout: [String]) throws {
        let dir = try Self.copy()
        let out = dir + "/volley-out"
        let run = try VolleyProcess.run(["run", dir + "/simulation_config.json", "--out", out, "--quiet"] + layout)
        #expect(run.status == 0, "\(run.output)")
        let mine = try Self.spikes(out + "/spikes.csv", id: "neuron")
        let bmtk = try Self.spikes(dir + "/spikes.csv", id: "node_id")
        #expect(bmtk.count == 931)
        #expect(mine == bmtk, "\(mine.subtracting(bmtk).sorted().prefix(3)) extra, \(bmtk.subtracting(mine).sorted().prefix(3)) missing")
        // Virtual nodes are not recorded, as in BMTK.
        #expect(!(try String(contentsOfFile: out + "/spikes.csv", encoding: .utf8)).contains("input,"))
    }

    /// The summary says how spikes.csv names each population's neurons, so plots of a circuit's
    /// run read its spikes back.
    @Test func aCircuitsRunIsPlotted() throws {
        let dir = try Self.copy()
        let out = dir + "/volley-out"
        let run = try VolleyProcess.run(["run", dir + "/simulation_config.json", "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.output)")
        let summary = try VolleyProcess.summary(in: out)
        let populations = summary["populations"] as? [String: Any] ?? [:]
        let exc = populations["net:100"] as? [String: Any] ?? [:]
        let reported = exc["reported_as"] as? [String: Any] ?? [:]
        #expect(reported["population"] as? String == "net" && (reported["node_ids"] as? [Int])?.count == 160, "\(exc)")
        let plot = try VolleyProcess.run(["plot", out])
        #expect(plot.status == 0, "\(plot.output)")
        #expect(FileManager.default.fileExists(atPath: out + "/plots/raster.svg"))
    }

    static func replace(_ old: String, _ new: String, in file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains(old), "\(file) has no '\(old)'")
        try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    }

    @Test(arguments: [
        ("network/net_node_types.csv", "nest:iaf_psc_alpha point_neuron", "nest:iaf_psc_alpha biophysical", "model_type 'biophysical'"),
        ("network/net_node_types.csv", "nest:iaf_psc_alpha point_neuron", "nest:iaf_foo point_neuron", "NEST model 'iaf_foo'"),
        ("network/net_net_edge_types.csv", "1.5 18.0", "1.5 NULL", "has no syn_weight"),
        ("network/input_net_edge_types.csv", "wmax", "my_weights", "weight_function 'my_weights'"),
        ("network/net_net_edge_types.csv", "ExcToExc.json", "ExcToExc.json", "is not a parameter of static_synapse"),
        ("simulation_config.json", "\"node_set\": \"input\"", "\"node_set\": \"input\", \"use_parrot_neurons\": true", "use_parrot_neurons"),
        ("simulation_config.json", "\"reports\": {}", "\"reports\": {\"v\": {\"variable_name\": \"V_m\"}}", "reports (v)"),
        ("simulation_config.json", "\"NEST\"", "\"NEURON\"", "NEURON circuits are not read"),
        ("components/point_neuron_models/exc_iaf_psc_alpha.json", "\"tau_m\"", "\"tau_mem\"", "unknown key 'tau_mem'"),
    ])
    func circuitsItCannotRunAreRefusedByName(file: String, old: String, new: String, message: String) throws {
        let dir = try Self.copy { dir in
            try Self.replace(old, new, in: dir + "/" + file)
            if message.contains("static_synapse") {
                try "{\"U\": 0.5}".write(toFile: dir + "/components/synaptic_models/ExcToExc.json", atomically: true, encoding: .utf8)
            }
        }
        let run = try VolleyProcess.run(["run", dir + "/simulation_config.json", "--out", dir + "/out", "--quiet"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/spikes.csv"))
    }

    @Test func aMissingFileIsNamed() throws {
        let dir = try Self.copy { dir in try FileManager.default.removeItem(atPath: dir + "/inputs/input_spikes.h5") }
        let run = try VolleyProcess.run(["run", dir + "/simulation_config.json", "--out", dir + "/out", "--quiet"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.stderr.contains("inputs/input_spikes.h5"), "\(run.stderr)")
    }
}
