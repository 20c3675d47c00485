// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CHDF5
import Foundation
import Testing
import VolleyFormats
import VolleyTestKit

/// The plastic-weights file as a user reads it: through h5py (every value to the last bit, every
/// attribute and type), and through libhdf5 for a projection spanning many chunks.
@Suite("Plastic weights HDF5 writer", .serialized)
struct WeightsHDF5Tests {
    let dir: String

    init() throws { dir = try VolleyProcess.temporaryDirectory() }

    /// One append's worth of synapses.
    struct Piece {
        var source: [UInt32] = [], target: [UInt32] = [], delay: [Double] = [], weight: [Double] = []
        var state: [[Double]]
    }

    /// A projection as the test writes it, and what reading it back must give.
    struct Projection {
        let name: String, index: Int, model: String, variables: [String]
        let pieces: [Piece]

        func column(_ values: (Piece) -> [Double]) -> [Double] { pieces.flatMap(values) }
    }

    static let rootAttributes = [
        ("model", "brunel_stdp"), ("volley_version", "0.9.0"),
        ("id_convention", "source and target are 0-based global neuron ids: populations in file order"),
        ("note", "τ₊ = 16.8 ms"),  // not ASCII: the attribute must be UTF-8 for this to come back
    ]

    /// Two projections, three appends each, one of them empty; values that lose bits if anything
    /// on the way converts them (−0, a subnormal, ±∞, NaN, 0.1, the largest uint32).
    static let projections = [
        Projection(name: "EE", index: 2, model: "stdp_synapse", variables: ["Kplus", "t_lastspike"], pieces: [
            Piece(source: [0, 1, 2, 3, 4], target: [4_294_967_295, 7, 8, 9, 0], delay: [1.5, 0.1, 2, 1.5, 10],
                  weight: [20.0, -0.0, .leastNonzeroMagnitude, 1.0 / 3.0, .greatestFiniteMagnitude],
                  state: [[0.0, 0.25, .pi, 1e-300, 7], [-.infinity, 12.3, 99.9, 0.1, 1000]]),
            Piece(state: [[], []]),
            Piece(source: [11, 12, 13], target: [1, 2, 3], delay: [0.1, 0.2, 0.30000000000000004],
                  weight: [.nan, .infinity, -20.5], state: [[2.5, 3.5, 4.5], [200.1, 200.2, 200.3]]),
        ]),
        Projection(name: "EI_facilitating", index: 0, model: "tsodyks2_synapse", variables: ["x", "u", "t_lastspike"], pieces: [
            Piece(source: [5, 6], target: [100, 101], delay: [1, 1], weight: [-1, 2], state: [[1, 0.5], [0.2, 0.3], [-1, 30]]),
            Piece(source: [7, 8, 9, 10], target: [102, 103, 104, 105], delay: [3, 3, 4, 4], weight: [0.1, 0.2, 0.3, 0.4],
                  state: [[0.9, 0.8, 0.7, 0.6], [0.01, 0.02, 0.03, 0.04], [10, 20, 30, 40]]),
            Piece(state: [[], [], []]),
        ]),
    ]

    private func write(_ path: String) throws {
        let writer = try PlasticWeightsWriter(path: path)
        for p in Self.projections {
            try writer.beginProjection(name: p.name, index: p.index, synapseModel: p.model, stateVariables: p.variables)
            for piece in p.pieces {
                try writer.append(source: piece.source, target: piece.target, delay: piece.delay, weight: piece.weight, state: piece.state)
            }
            try writer.endProjection()
        }
        try writer.close(attributes: Self.rootAttributes)
    }

    @Test(
        "h5py reads back every value, type and attribute",
        .enabled(if: VolleyProcess.python != nil, "VOLLEY_PYTHON is unset; make test sets it to .venv-test's Python with h5py"))
    func readBackWithH5py() throws {
        let path = dir + "/weights.h5"
        try write(path)
        let dump = try H5pyDump.read(path)

        #expect(dump.members == ["projections"])
        #expect(Set(dump.attrs.keys) == Set(Self.rootAttributes.map(\.0)))
        for (name, value) in Self.rootAttributes {
            let attribute = try #require(dump.attrs[name])
            #expect(attribute.string == value && attribute.isScalarUTF8String, "root attribute \(name): \(attribute)")
        }
        #expect(dump.projections.keys.sorted() == Self.projections.map(\.name).sorted())

        for p in Self.projections {
            let group = try #require(dump.projections[p.name])
            #expect(group.members.sorted() == (["source", "target", "delay", "weight"] + p.variables).sorted())
            #expect(Set(group.attrs.keys) == ["synapse_model", "projection"])
            let model = try #require(group.attrs["synapse_model"])
            #expect(model.string == p.model && model.isScalarUTF8String)
            let index = try #require(group.attrs["projection"])
            #expect(index.int == p.index && index.dtype == "<u4" && index.shape == [])

            let count = p.pieces.reduce(0) { $0 + $1.source.count }
            var expected: [String: (dtype: String, values: [UInt64])] = [
                "source": ("<u4", p.pieces.flatMap(\.source).map(UInt64.init)),
                "target": ("<u4", p.pieces.flatMap(\.target).map(UInt64.init)),
                "delay": ("<f8", p.column(\.delay).map(\.bitPattern)),
                "weight": ("<f8", p.column(\.weight).map(\.bitPattern)),
            ]
            for (i, variable) in p.variables.enumerated() {
                expected[variable] = ("<f8", p.column { $0.state[i] }.map(\.bitPattern))
            }
            for (name, want) in expected {
                let dataset = try #require(group.datasets[name], "\(p.name)/\(name) missing")
                #expect(dataset.dtype == want.dtype, "\(p.name)/\(name)")
                #expect(dataset.shape == [count] && dataset.maxshape == [nil], "\(p.name)/\(name): \(dataset.shape) \(dataset.maxshape)")
                #expect(dataset.chunks?.count == 1 && dataset.compression == nil, "\(p.name)/\(name)")
                // Floats compare as bit patterns: NaN equals itself, and −0 differs from +0.
                #expect(dataset.values == want.values, "\(p.name)/\(name)")
                if name == "delay" {
                    #expect(Set(dataset.attrs.keys) == ["units"] && dataset.attrs["units"]?.string == "ms")
                } else {
                    #expect(dataset.attrs.isEmpty, "\(p.name)/\(name): \(dataset.attrs.keys)")
                }
            }
        }
    }

    @Test("a projection appended in pieces across many chunks comes back whole and in order")
    func manyChunks() throws {
        let path = dir + "/many.h5"
        let writer = try PlasticWeightsWriter(path: path)
        try writer.beginProjection(name: "big", index: 7, synapseModel: "stdp_synapse", stateVariables: ["Kplus"])
        let total = 150_001
        let source = (0..<total).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) }
        let target = (0..<total).map { UInt32($0 % 1250) }
        let delay = (0..<total).map { Double($0 % 40 + 1) * 0.1 }
        let weight = (0..<total).map { sin(Double($0)) * 50 }
        let kplus = (0..<total).map { Double($0) / 7 }
        var start = 0
        for size in [1, 16_383, 16_385, 0, 65_536, 3] + [Int.max] {
            let end = start + min(total - start, size)
            try writer.append(source: Array(source[start..<end]), target: Array(target[start..<end]), delay: Array(delay[start..<end]),
                              weight: Array(weight[start..<end]), state: [Array(kplus[start..<end])])
            start = end
        }
        try writer.endProjection()
        try writer.close(attributes: [])

        let file = try #require(HDF5TestFile(path: path))
        let group = "/projections/big"
        #expect(file.members(of: "/") == ["projections"])
        #expect(file.members(of: group) == ["Kplus", "delay", "source", "target", "weight"])
        #expect(file.uint32Attribute("projection", of: group).map { $0.values == [7] && $0.scalar } == true)
        #expect(file.stringAttribute("synapse_model", of: group) == "stdp_synapse")
        for name in ["source", "target"] { #expect(file.dataset(group + "/" + name, isStoredAs: volley_H5T_STD_U32LE())) }
        for name in ["delay", "weight", "Kplus"] { #expect(file.dataset(group + "/" + name, isStoredAs: volley_H5T_IEEE_F64LE())) }
        for name in ["source", "target", "delay", "weight", "Kplus"] { #expect(file.isExtendable(group + "/" + name)) }
        #expect(file.unsigned(group + "/source") == source.map(UInt64.init))
        #expect(file.unsigned(group + "/target") == target.map(UInt64.init))
        #expect(file.doubles(group + "/delay") == delay)
        #expect(file.doubles(group + "/weight") == weight)
        #expect(file.doubles(group + "/Kplus") == kplus)
    }

    @Test("a projection that never gets a synapse still has its group and empty datasets")
    func emptyProjection() throws {
        let path = dir + "/empty.h5"
        let writer = try PlasticWeightsWriter(path: path)
        try writer.beginProjection(name: "quiet", index: 0, synapseModel: "stdp_synapse", stateVariables: [])
        try writer.endProjection()
        try writer.close(attributes: [("model", "m")])
        let file = try #require(HDF5TestFile(path: path))
        #expect(file.members(of: "/projections/quiet") == ["delay", "source", "target", "weight"])
        #expect(file.unsigned("/projections/quiet/source") == [] && file.doubles("/projections/quiet/weight") == [])
        #expect(file.stringAttribute("model", of: "/") == "m")
    }

    @Test("misuse is refused with an error naming the file, and leaves what was written readable")
    func misuse() throws {
        let path = dir + "/misuse.h5"
        let writer = try PlasticWeightsWriter(path: path)
        let outside = #expect(throws: OutputError.self) {
            try writer.append(source: [1], target: [2], delay: [1], weight: [1], state: [])
        }
        #expect(outside?.description.hasPrefix(path + ": ") == true, "\(String(describing: outside))")
        #expect(throws: OutputError.self) { try writer.endProjection() }
        #expect(throws: OutputError.self) {
            try writer.beginProjection(name: "a/b", index: 0, synapseModel: "stdp_synapse", stateVariables: [])
        }
        #expect(throws: OutputError.self) {
            try writer.beginProjection(name: "a", index: -1, synapseModel: "stdp_synapse", stateVariables: [])
        }
        #expect(throws: OutputError.self) {
            try writer.beginProjection(name: "a", index: 0, synapseModel: "stdp_synapse", stateVariables: ["weight"])
        }
        #expect(throws: OutputError.self) {
            try writer.beginProjection(name: "a", index: 0, synapseModel: "stdp_synapse", stateVariables: ["x", "x"])
        }

        try writer.beginProjection(name: "a", index: 0, synapseModel: "stdp_synapse", stateVariables: ["Kplus"])
        #expect(throws: OutputError.self) {
            try writer.beginProjection(name: "b", index: 1, synapseModel: "stdp_synapse", stateVariables: [])
        }
        try writer.append(source: [1, 2], target: [3, 4], delay: [1, 2], weight: [5, 6], state: [[7, 8]])
        let lengths = #expect(throws: OutputError.self) {
            try writer.append(source: [1], target: [3, 4], delay: [1], weight: [5], state: [[7]])
        }
        #expect(lengths?.description.contains("must be equal") == true, "\(String(describing: lengths))")
        #expect(throws: OutputError.self) { try writer.append(source: [1], target: [3], delay: [1], weight: [5], state: []) }
        #expect(throws: OutputError.self) { try writer.append(source: [1], target: [3], delay: [1], weight: [5], state: [[7, 8]]) }
        try writer.append(source: [9], target: [9], delay: [9], weight: [9], state: [[9]])
        try writer.endProjection()
        #expect(throws: OutputError.self) {
            try writer.beginProjection(name: "a", index: 3, synapseModel: "stdp_synapse", stateVariables: [])
        }
        // Left open on purpose: close ends it.
        try writer.beginProjection(name: "b", index: 1, synapseModel: "tsodyks2_synapse", stateVariables: ["u"])
        try writer.append(source: [5], target: [6], delay: [1], weight: [0.5], state: [[0.25]])
        #expect(throws: OutputError.self) { try writer.close(attributes: [("k", "1"), ("k", "2")]) }
        #expect(throws: OutputError.self) { try writer.close(attributes: []) }
        #expect(throws: OutputError.self) { try writer.beginProjection(name: "c", index: 2, synapseModel: "s", stateVariables: []) }

        // The refused calls wrote nothing: the rows still line up.
        let file = try #require(HDF5TestFile(path: path))
        #expect(file.members(of: "/projections") == ["a", "b"])
        #expect(file.unsigned("/projections/a/source") == [1, 2, 9] && file.unsigned("/projections/a/target") == [3, 4, 9])
        #expect(file.doubles("/projections/a/Kplus") == [7, 8, 9] && file.doubles("/projections/a/weight") == [5, 6, 9])
        #expect(file.doubles("/projections/b/u") == [0.25])

        let missing = dir + "/no/such/folder/weights.h5"
        let create = #expect(throws: OutputError.self) { try PlasticWeightsWriter(path: missing) }
        #expect(create?.description.hasPrefix(missing + ": cannot create the file") == true, "\(String(describing: create))")
    }
}

/// What h5py sees in a weights file, dumped by a Python script as JSON; floats travel as their
/// bit patterns so nothing is lost or rounded on the way.
struct H5pyDump: Decodable {
    struct Attribute: Decodable, CustomStringConvertible {
        /// numpy's dtype string (`<u4`), or "string" for a string attribute.
        let dtype: String
        let shape: [Int]
        let variableUTF8: Bool
        let string: String?
        let int: Int?

        var isScalarUTF8String: Bool { dtype == "string" && variableUTF8 && shape.isEmpty }
        var description: String { "\(dtype) \(shape) utf8=\(variableUTF8) \(string ?? int.map(String.init) ?? "?")" }
    }

    struct Dataset: Decodable {
        let dtype: String
        let shape: [Int]
        let maxshape: [Int?]
        let chunks: [Int]?
        let compression: String?
        let attrs: [String: Attribute]
        /// Integers as they are; floats as their IEEE bit patterns.
        let values: [UInt64]
    }

    struct Group: Decodable {
        let attrs: [String: Attribute]
        let members: [String]
        let datasets: [String: Dataset]
    }

    let attrs: [String: Attribute]
    let members: [String]
    let projections: [String: Group]

    static let script = #"""
        import json, sys
        import h5py

        def attributes(obj):
            out = {}
            for name in obj.attrs:
                aid = obj.attrs.get_id(name)
                info = h5py.check_string_dtype(aid.dtype)
                value = obj.attrs[name]
                entry = {"dtype": "string" if info else aid.dtype.str, "shape": list(aid.shape),
                         "variableUTF8": bool(info and info.encoding == "utf-8" and info.length is None)}
                if info:
                    entry["string"] = value if isinstance(value, str) else value.decode("utf-8")
                else:
                    entry["int"] = int(value)
                out[name] = entry
            return out

        def dataset(ds):
            data = ds[()]
            if ds.dtype.kind == "f":
                values = [int(b) for b in data.astype("<f8").view("<u8")]
            else:
                values = [int(v) for v in data]
            return {"dtype": ds.dtype.str, "shape": list(ds.shape), "maxshape": list(ds.maxshape),
                    "chunks": list(ds.chunks) if ds.chunks else None, "compression": ds.compression,
                    "attrs": attributes(ds), "values": values}

        with h5py.File(sys.argv[1], "r") as f:
            projections = {}
            for name, group in f["projections"].items():
                projections[name] = {"attrs": attributes(group), "members": list(group.keys()),
                                     "datasets": {k: dataset(v) for k, v in group.items() if isinstance(v, h5py.Dataset)}}
            json.dump({"attrs": attributes(f), "members": list(f.keys()), "projections": projections}, sys.stdout)
        """#

    /// Runs the script on `path` with `VOLLEY_PYTHON`.
    static func read(_ path: String) throws -> H5pyDump {
        let python = try #require(VolleyProcess.python)
        let run = try VolleyProcess.run(["-c", script, path], executable: python)
        try #require(run.status == 0, "h5py could not read \(path): \(run.output)")
        return try JSONDecoder().decode(H5pyDump.self, from: Data(run.stdout.utf8))
    }
}
