// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyFormats
import VolleyTestKit

/// BMTK's config rules on configs written for the purpose: manifest variables that use each
/// other, per-file ${configdir}, child configs, and the errors for what cannot be resolved.
@Suite("SONATA config")
struct SonataConfigTests {
    let dir: String

    init() throws { dir = try VolleyProcess.temporaryDirectory() }

    /// Writes `text` to `name` under the test's directory (creating folders); returns the path.
    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("$A may use $B, declared after it; ${configdir} is the file's folder; $X and ${X} both work")
    func chainedVariables() throws {
        let path = try write("sim.json", """
            {"manifest": {"$A": "${B}/a", "$B": "$BASE/b", "$BASE": "${configdir}"},
             "networks": {"nodes": [{"nodes_file": "$A/n.h5", "node_types_file": "${A}_types/t.csv"}],
                          "edges": [{"edges_file": "$B/../e.h5", "edge_types_file": "relative/et.csv"}]},
             "run": {"tstop": 10, "dt": 0.025}}
            """)
        let config = try SonataConfig.load(path: path)
        #expect(config.nodes == [.init(nodesFile: dir + "/b/a/n.h5", nodeTypesFile: dir + "/b/a_types/t.csv")])
        #expect(config.edges == [.init(edgesFile: dir + "/e.h5", edgeTypesFile: dir + "/relative/et.csv")])
        #expect(config.tstop == 10 && config.dt == 0.025 && config.tstart == nil)
        #expect(config.inputs.isEmpty && config.targetSimulator == nil && config.outputDir == nil)
    }

    @Test("a cycle of manifest variables is an error that shows the cycle")
    func cycle() throws {
        let path = try write("cycle.json", #"{"manifest": {"$A": "$B/x", "$B": "${C}", "$C": "$A"}, "run": {"tstop": 1}}"#)
        #expect(throws: FileFormatError(path: path, reason: "manifest variables form a cycle: $A → $B → $C → $A")) {
            try SonataConfig.load(path: path)
        }
        let own = try write("self.json", #"{"manifest": {"$A": "$A"}}"#)
        #expect(throws: FileFormatError(path: own, reason: "manifest variables form a cycle: $A → $A")) { try SonataConfig.load(path: own) }
    }

    @Test("an unknown variable is an error naming it and where it is used")
    func unknownVariable() throws {
        let inEntry = try write("a.json", #"{"manifest": {"$A": "$NOPE/x"}}"#)
        #expect(throws: FileFormatError(path: inEntry, reason: "unknown variable $NOPE in manifest entry $A")) {
            try SonataConfig.load(path: inEntry)
        }
        let inValue = try write("b.json", #"{"networks": {"nodes": [{"nodes_file": "${MISSING}/n.h5", "node_types_file": "t.csv"}]}}"#)
        #expect(throws: FileFormatError(path: inValue, reason: "unknown variable $MISSING in networks.nodes[0].nodes_file")) {
            try SonataConfig.load(path: inValue)
        }
        // A `$` that starts no name is text, as in BMTK.
        let literal = try write("c.json", #"{"target_simulator": "costs $ 5", "run": {"tstop": 1}}"#)
        #expect(try SonataConfig.load(path: literal).targetSimulator == "costs $ 5")
    }

    @Test("the network child config is found beside its parent and has its own ${configdir} and manifest")
    func childConfig() throws {
        try write("circuit/circuit.json", """
            {"manifest": {"$NET": "${configdir}/net"},
             "components": {"synaptic_models_dir": "syn"},
             "networks": {"nodes": [{"nodes_file": "$NET/n.h5", "node_types_file": "$NET/t.csv"}], "edges": []}}
            """)
        let path = try write("sim/sim.json", """
            {"manifest": {"$OUT": "${configdir}/out"},
             "network": "../circuit/circuit.json",
             "components": {"point_neuron_models_dir": "${configdir}/cells"},
             "inputs": {"b": {"input_type": "spikes", "module": "sonata", "input_file": "in.h5", "node_set": "virt",
                              "use_parrot_neurons": true},
                        "a": {"input_type": "current_clamp", "module": "IClamp", "node_set": {"population": "net"}}},
             "output": {"output_dir": "$OUT", "spikes_file": "s.h5"},
             "reports": {"v": {"variable_name": "V_m"}, "empty": {}},
             "node_sets_file": "node_sets.json"}
            """)
        let config = try SonataConfig.load(path: path)
        #expect(config.nodes == [.init(nodesFile: dir + "/circuit/net/n.h5", nodeTypesFile: dir + "/circuit/net/t.csv")])
        #expect(config.synapticModelsDir == dir + "/circuit/syn" && config.pointNeuronModelsDir == dir + "/sim/cells")
        #expect(config.inputs.map(\.name) == ["b", "a"])
        #expect(config.inputs[0].inputFile == dir + "/sim/in.h5" && config.inputs[0].useParrotNeurons && config.inputs[0].nodeSet == "virt")
        #expect(config.inputs[1].nodeSet == nil && config.inputs[1].inputFile == nil && config.inputs[1].raw["node_set"]?["population"] == .string("net"))
        #expect(config.outputDir == dir + "/sim/out" && config.spikesFile == "s.h5")
        #expect(config.reports == ["v"] && config.nodeSetsFile == dir + "/sim/node_sets.json")
    }

    @Test("an inline network object is read like a circuit config")
    func inlineNetwork() throws {
        let path = try write("inline.json", """
            {"network": {"nodes": [{"nodes_file": "n.h5", "node_types_file": "t.csv"}],
                         "edges": [{"edges_file": "e.h5", "edge_types_file": "et.csv"}]}}
            """)
        let config = try SonataConfig.load(path: path)
        #expect(config.nodes == [.init(nodesFile: dir + "/n.h5", nodeTypesFile: dir + "/t.csv")])
        #expect(config.edges == [.init(edgesFile: dir + "/e.h5", edgeTypesFile: dir + "/et.csv")])
    }

    @Test("a missing or broken config, or a missing child, is an error naming the file")
    func brokenFiles() throws {
        let missing = dir + "/nope.json"
        #expect(throws: FileFormatError(path: missing, reason: "no such file")) { try SonataConfig.load(path: missing) }
        let broken = try write("broken.json", #"{"run": {"tstop": 1,}}"#)
        #expect(performing: { try SonataConfig.load(path: broken) }, throws: { error in
            guard let error = error as? FileFormatError else { return false }
            return error.path == broken && error.reason.hasPrefix("not valid JSON")
        })
        let parent = try write("parent.json", #"{"network": "circuit_config.json"}"#)
        #expect(throws: FileFormatError(path: dir + "/circuit_config.json", reason: "no such file (a child config named by \(parent))")) {
            try SonataConfig.load(path: parent)
        }
        let loop = try write("loop.json", #"{"network": "loop.json"}"#)
        #expect(throws: FileFormatError(path: loop, reason: "the configs name each other in a loop: \(loop) → \(loop)")) {
            try SonataConfig.load(path: loop)
        }
        let badRun = try write("bad_run.json", #"{"run": {"tstop": "long"}}"#)
        #expect(throws: FileFormatError(path: badRun, reason: "run.tstop is not a number")) { try SonataConfig.load(path: badRun) }
        let noTypes = try write("no_types.json", #"{"networks": {"nodes": [{"nodes_file": "n.h5"}]}}"#)
        #expect(throws: FileFormatError(path: noTypes, reason: "networks.nodes[0] has no node_types_file")) { try SonataConfig.load(path: noTypes) }
    }
}
