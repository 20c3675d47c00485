// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore

/// `rule: explicit` (inline rows and `.npy` files) and `volley_spike_source` populations: what
/// they read, and every bad row named by key path, file and row.
@Suite struct ConnectionListConfigTests {
    private let populations = """
        populations:
          A: {model: iaf_psc_exp, n: 4}
          B: {model: iaf_psc_exp, n: 3}

        """

    private func model(_ connection: String, folder: String? = nil) throws -> NetworkSpec {
        try ConfigLoader.load(yaml: populations + "connections:\n" + connection, name: "t", baseDirectory: folder).network
    }

    private func error(_ connection: String, folder: String? = nil) -> ConfigError? {
        do {
            _ = try ConfigLoader.load(yaml: populations + "connections:\n" + connection, name: "t", baseDirectory: folder)
            return nil
        } catch {
            return error
        }
    }

    @Test func inlineRowsIndexTheConcatenatedPopulations() throws {
        let spec = try model("""
              - source: [A, B]
                target: B
                conn_spec: {rule: explicit, rows: [[0, 2, 5.5, 1.5], [6, 0, -3, 0.73]]}

            """)
        guard case .explicit(.inline(let list)) = spec.projections[0].rule else { Issue.record("not an inline list"); return }
        #expect(list == ConnectionList(source: [0, 6], target: [2, 0], weight: [5.5, -3], delay: [1.5, 0.73]))
    }

    @Test func absentColumnsTakeTheSynSpec() throws {
        let spec = try model("""
              - {source: A, target: A, conn_spec: {rule: explicit, columns: [target, source], rows: [[1, 0], [1, 0]]}, syn_spec: {weight: 2.0, delay: 0.5}}

            """)
        guard case .explicit(.inline(let list)) = spec.projections[0].rule else { Issue.record("not an inline list"); return }
        #expect(list == ConnectionList(source: [0, 0], target: [1, 1]))
        #expect(spec.projections[0].weight == .constant(2) && spec.projections[0].delay == .constant(0.5))
    }

    @Test func badInlineRowsAreNamedByRow() throws {
        let range = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: [[0, 0, 1, 1], [4, 0, 1, 1]]}}\n"))
        #expect(range.description == "connections[0].conn_spec.rows: row 1: source 4 is out of range (the sources have 4 neurons, 0–3)")
        let delay = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: [[0, 0, 1, 0.04]]}}\n"))
        #expect(delay.message == "row 0: delay 0.04 ms rounds to 0 steps at resolution 0.1 ms (NEST: BadDelay)")
        let shape = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: [[0, 0, 1]]}}\n"))
        #expect(shape.path == "connections[0].conn_spec.rows[0]")
        let negative = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: [[-1, 0, 1, 1]]}}\n"))
        #expect(negative.path == "connections[0].conn_spec.rows[0][0]")
        let autapses = try #require(error("  - {source: A, target: A, conn_spec: {rule: explicit, rows: [], allow_autapses: false}}\n"))
        #expect(autapses.message.contains("unknown key 'allow_autapses' for rule explicit"))
        let column = try #require(error("  - {source: A, target: A, conn_spec: {rule: explicit, columns: [source, target, weigth], rows: []}}\n"))
        #expect(column.message.hasPrefix("unknown column 'weigth'"))
    }

    @Test func npyFilesAreReadWithTheirDigestAndCheckedByRow() throws {
        let dir = try NpyFiles.makeDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows: [Double] = [0, 2, 5.5, 1.5, 3, 0, -3, 0.73]
        try NpyFiles.write(NpyFiles.bytes(descr: "<f8", shape: [2, 4], payload: NpyFiles.float64(rows)), to: dir, "lists/ab.npy")
        let spec = try model("  - {source: A, target: B, conn_spec: {rule: explicit, rows: {file: lists/ab.npy}}}\n", folder: dir.path)
        guard case .explicit(.file(let file)) = spec.projections[0].rule else { Issue.record("not a file list"); return }
        #expect(file.path == dir.appendingPathComponent("lists/ab.npy").path)
        #expect(file.rows == 2 && file.minDelay == 0.73 && file.maxDelay == 1.5 && file.sha256.count == 64)

        var bad = rows
        bad[6] = .nan
        try NpyFiles.write(NpyFiles.bytes(descr: "<f8", shape: [2, 4], payload: NpyFiles.float64(bad)), to: dir, "nan.npy")
        let nan = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: {file: nan.npy}}}\n", folder: dir.path))
        #expect(nan.description == "connections[0].conn_spec.rows.file: nan.npy: row 1: weight is nan")
        bad = rows
        bad[1] = 3
        try NpyFiles.write(NpyFiles.bytes(descr: "<f8", shape: [2, 4], payload: NpyFiles.float64(bad)), to: dir, "range.npy")
        let range = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: {file: range.npy}}}\n", folder: dir.path))
        #expect(range.message == "range.npy: row 0: target 3 is out of range (the targets have 3 neurons, 0–2)")
        bad = rows
        bad[7] = -0.5
        try NpyFiles.write(NpyFiles.bytes(descr: "<f8", shape: [2, 4], payload: NpyFiles.float64(bad)), to: dir, "delay.npy")
        let delay = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: {file: delay.npy}}}\n", folder: dir.path))
        #expect(delay.message == "delay.npy: row 1: delay -0.5 ms is negative")
        let missing = try #require(error("  - {source: A, target: B, conn_spec: {rule: explicit, rows: {file: none.npy}}}\n", folder: dir.path))
        #expect(missing.message.hasPrefix("none.npy: cannot read the file"))
        let shape = try #require(error(
            "  - {source: A, target: B, conn_spec: {rule: explicit, columns: [source, target], rows: {file: lists/ab.npy}}}\n", folder: dir.path))
        #expect(shape.message == "lists/ab.npy: the array has shape (2, 4); 2 columns (source, target) need shape (N, 2)")
        // A plastic synapse's Wmax against each row's weight (row 0 is +5.5, Wmax negative).
        let sign = try #require(error(
            "  - {source: A, target: B, conn_spec: {rule: explicit, rows: {file: lists/ab.npy}}, syn_spec: {synapse_model: stdp_synapse, Wmax: -10}}\n",
            folder: dir.path))
        #expect(sign.message.hasPrefix("lists/ab.npy: row 0: weight 5.5 and Wmax -10.0 must have the same sign"), "\(sign)")
    }

    @Test func spikeSourcesTakeOneListPerNeuron() throws {
        let spec = try ConfigLoader.load(
            yaml: "populations:\n  S: {model: volley_spike_source, n: 2, spike_times: [[1.0, 0.35], []]}\n", name: "t").network
        #expect(spec.populations[0].spikeTimes == [[1.0, 0.35], []])
        let count = try #require(TestModels.error("populations:\n  S: {model: volley_spike_source, n: 2, spike_times: [[1.0]]}\n"))
        #expect(count.message == "spike_times must be a list of 2 lists of times (ms), one per neuron")
        let negative = try #require(TestModels.error("populations:\n  S: {model: volley_spike_source, n: 1, spike_times: [[1.0, -2]]}\n"))
        #expect(negative.path == "populations.S.spike_times[0][1]")
        let other = try #require(TestModels.error("populations:\n  S: {model: iaf_psc_exp, n: 1, spike_times: [[1.0]]}\n"))
        #expect(other.message.hasPrefix("only a volley_spike_source population has spike_times"))
    }

    /// A script that draws initial potentials itself gives them one per neuron.
    @Test func initialPotentialsMayBeListedPerNeuron() throws {
        let spec = try ConfigLoader.load(yaml: "populations:\n  A: {model: iaf_psc_alpha, n: 3, V_m: [-70.0, -54.0, -60.5]}\n", name: "t").network
        #expect(spec.populations[0].membranePotentials == [-70, -54, -60.5])
        #expect(spec.populations[0].initialMembranePotential == nil)
        let count = try #require(TestModels.error("populations:\n  A: {model: iaf_psc_alpha, n: 3, V_m: [-70.0]}\n"))
        #expect(count.description == "populations.A.V_m: V_m lists 1 values for 3 neurons")
    }
}
