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
        ("simulation_config.json", "\"inputs\": {", "\"inputs\": {\"again\": {\"input_type\": \"spikes\", \"module\": \"sonata\", \"input_file\": \"$INPUT_DIR/input_spikes.h5\", \"node_set\": \"input\"},", "connect the population's edges twice"),
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

    /// An input's node_set may be a set of the node-sets file or an inline set: as in PointNet,
    /// it stands for the populations it names, and the circuit is the same.
    @Test(arguments: [
        ("\"node_set\": \"input\"", "\"node_set\": \"lgn\"", #"{"lgn": {"population": "input", "model_type": "virtual"}, "net": {"population": "net"}}"#),
        ("\"node_set\": \"input\"", "\"node_set\": {\"population\": [\"input\"]}", nil),
    ])
    func nodeSetsNameTheInputsPopulations(old: String, new: String, sets: String?) throws {
        let dir = try Self.copy { dir in
            try Self.replace(old, new, in: dir + "/simulation_config.json")
            if let sets {
                try sets.write(toFile: dir + "/node_sets.json", atomically: true, encoding: .utf8)
                try Self.replace("\"run\": {", "\"node_sets_file\": \"$BASE_DIR/node_sets.json\",\n  \"run\": {", in: dir + "/simulation_config.json")
            }
        }
        let out = dir + "/volley-out"
        let run = try VolleyProcess.run(["run", dir + "/simulation_config.json", "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.output)")
        #expect(try Self.spikes(out + "/spikes.csv", id: "neuron") == Self.spikes(dir + "/spikes.csv", id: "node_id"))
    }

    /// A node set of simulated cells, or of every population, cannot take spike trains; a name
    /// that is neither a set nor a population is named.
    @Test(arguments: [
        ("\"node_set\": {\"population\": \"net\"}", "population 'net', which is not a population of virtual nodes"),
        ("\"node_set\": {\"model_type\": \"virtual\"}", "which is not a population of virtual nodes"),
        ("\"node_set\": \"lgn\"", "node_set 'lgn' is neither a set of"),
        ("\"node_set\": \"all\"", "which is not a population of virtual nodes"),
    ])
    func nodeSetsThatAreNotVirtualPopulationsAreRefused(set: String, message: String) throws {
        let dir = try Self.copy { dir in try Self.replace("\"node_set\": \"input\"", set, in: dir + "/simulation_config.json") }
        let run = try VolleyProcess.run(["run", dir + "/simulation_config.json", "--out", dir + "/out", "--quiet"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    /// NEST's spikes for an edit of the circuit (Tests/VolleyFormatsTests/Fixtures/README.md).
    static let variants = VolleyProcess.repositoryRoot.appendingPathComponent("Tests/VolleyFormatsTests/Fixtures/sonata_variants").path

    /// Node type 100 and 101 as `exc` and `inh` models with these dynamics_params, the
    /// input-onto-inh weight scaled for a conductance target.
    static func models(_ exc: String, _ excParams: String, _ inh: String, _ inhParams: String) -> (String) throws -> Void {
        { dir in
            try """
                node_type_id dynamics_params ei pop_name model_template model_type
                100 exc.json e exc nest:\(exc) point_neuron
                101 inh.json i inh nest:\(inh) point_neuron

                """.write(toFile: dir + "/network/net_node_types.csv", atomically: true, encoding: .utf8)
            try excParams.write(toFile: dir + "/components/point_neuron_models/exc.json", atomically: true, encoding: .utf8)
            try inhParams.write(toFile: dir + "/components/point_neuron_models/inh.json", atomically: true, encoding: .utf8)
            try replace("1.3 InputToInh.json NULL static_synapse 55.0", "1.3 InputToInh.json NULL static_synapse 0.8", in: dir + "/network/input_net_edge_types.csv")
        }
    }

    /// Circuits beyond the example, each against NEST 3.10 running it as BMTK PointNet would:
    /// inputs relayed through parrot neurons (one step later), and other point-neuron models,
    /// current- and conductance-based, including the adaptive exponential ones.
    @Test(arguments: ["parrots", "psc_exp_cond_exp", "aeif"])
    func variantsGiveNESTsSpikes(variant: String) throws {
        let edit: (String) throws -> Void = switch variant {
        case "parrots":
            { dir in try Self.replace("\"node_set\": \"input\"", "\"node_set\": \"input\", \"use_parrot_neurons\": true", in: dir + "/simulation_config.json") }
        case "psc_exp_cond_exp":
            Self.models(
                "iaf_psc_exp", #"{"C_m": 250.0, "tau_m": 20.0, "t_ref": 2.0, "E_L": -68.0, "V_th": -55.0, "V_reset": -70.0, "tau_syn_ex": 2.0, "tau_syn_in": 4.0}"#,
                "iaf_cond_exp", #"{"C_m": 100.0, "g_L": 10.0, "t_ref": 1.0, "E_L": -65.0, "V_m": -60.0, "V_th": -52.0, "V_reset": -65.0, "tau_syn_ex": 1.0, "tau_syn_in": 2.0, "I_e": 60.0, "E_ex": 0.0, "E_in": -80.0}"#)
        default:
            Self.models("aeif_cond_exp", #"{"C_m": 250.0, "V_th": -55.0, "a": 2.0, "b": 40.0}"#, "aeif_cond_alpha", #"{"I_e": 200.0}"#)
        }
        let dir = try Self.copy(edit)
        let out = dir + "/volley-out"
        let run = try VolleyProcess.run(["run", dir + "/simulation_config.json", "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.output)")
        let mine = try Self.spikes(out + "/spikes.csv", id: "neuron")
        let nest = try Self.spikes(Self.variants + "/\(variant)_nest.csv", id: "node_id")
        #expect(nest.count > 100)
        #expect(mine == nest, "\(mine.subtracting(nest).sorted().prefix(3)) extra, \(nest.subtracting(mine).sorted().prefix(3)) missing")
    }
}
