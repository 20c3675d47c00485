// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// A network whose connections come from a `.npy` list runs to the same spikes at any number
/// of shards, threads and worker processes, and refuses bad rows by file and row.
@Suite struct ConnectionListRunTests {
    /// A `.npy` (N, 4) float64 table of `rows` random rows over `neurons` neurons (sources in
    /// the first 80 %), with weights by source and delays off the grid in [0.5, 3).
    static func table(rows: Int, neurons: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var values: [Double] = []
        values.reserveCapacity(rows * 4)
        let excitatory = neurons * 4 / 5
        for _ in 0..<rows {
            let s = Int(next() * Double(neurons))
            values += [Double(s), Double(Int(next() * Double(neurons))), s < excitatory ? 0.1 : -0.5, 0.5 + 2.5 * next()]
        }
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), 4), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        out += Array(header.utf8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
        return out
    }

    static let model = """
        name: listed
        simulation: {resolution: 0.1, t_sim: 100.0, seed: 5}
        populations:
          E: {model: iaf_psc_delta, n: 1600, params: {C_m: 1.0, tau_m: 20.0, t_ref: 2.0, E_L: 0.0, V_reset: 10.0, V_m: 0.0, V_th: 20.0}}
          I: {model: iaf_psc_delta, n: 400, params: {C_m: 1.0, tau_m: 20.0, t_ref: 2.0, E_L: 0.0, V_reset: 10.0, V_m: 0.0, V_th: 20.0}}
        devices:
          noise: {model: poisson_generator, params: {rate: 20000.0}}
        connections:
          - {source: noise, target: [E, I], syn_spec: {weight: 0.1, delay: 1.5}}
          - {source: [E, I], target: [E, I], conn_spec: {rule: explicit, rows: {file: lists/net.npy}}}

        """

    @Test func aListFromAFileGivesTheSameSpikesAtAnyLayout() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/lists", withIntermediateDirectories: true)
        try Data(Self.table(rows: 200_000, neurons: 2000, seed: 11)).write(to: URL(fileURLWithPath: dir + "/lists/net.npy"))
        let model = try ExampleConfigs.write(Self.model, named: "listed.yaml", in: dir)
        var hashes: [String: String] = [:]
        for (name, options) in [
            ("1×1", ["--shards", "1", "--threads", "1"]), ("3×1", ["--shards", "3", "--threads", "1"]),
            ("1×2", ["--shards", "1", "--threads", "2"]), ("3×2", ["--shards", "3", "--threads", "2"]), ("workers 2", ["--workers", "2"]),
        ] {
            let out = dir + "/out-\(hashes.count)"
            let run = try VolleyProcess.run(["run", model, "--out", out, "--quiet"] + options)
            #expect(run.status == 0, "\(name): \(run.output)")
            hashes[name] = try VolleyProcess.spikeHash(in: out)
        }
        #expect(Set(hashes.values).count == 1, "\(hashes)")
        let summary = try VolleyProcess.summary(in: dir + "/out-0")
        #expect((summary["synapses"] as? Int).map { $0 >= 200_000 } == true, "\(summary)")
        #expect((summary["spikes"] as? Int).map { $0 > 500 } == true, "\(summary)")
    }

    @Test func aBadRowStopsTheRunNamingFileAndRow() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/lists", withIntermediateDirectories: true)
        var bytes = Self.table(rows: 50, neurons: 2000, seed: 3)
        // Row 17's target (column 1) becomes 2000, one past the last neuron.
        let at = 10 + Int(bytes[8]) + Int(bytes[9]) << 8 + (17 * 4 + 1) * 8
        withUnsafeBytes(of: Double(2000).bitPattern.littleEndian) { bytes.replaceSubrange(at..<(at + 8), with: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/lists/net.npy"))
        let model = try ExampleConfigs.write(Self.model, named: "listed.yaml", in: dir)
        let run = try VolleyProcess.run(["run", model, "--out", dir + "/out", "--quiet"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.stderr.contains("lists/net.npy: row 17: target 2000 is out of range (the targets have 2000 neurons, 0–1999)"), "\(run.stderr)")
    }
}
