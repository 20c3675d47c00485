// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore

/// Weight matrices from `.npy` files: the layouts NumPy writes are read exactly, every other
/// layout fails with the file's name and the reason.
@Suite struct NpyReaderTests {
    private static let model = """
        populations:
          P: {model: iaf_psc_exp, n: 1}
        heads:
          h:
            dimensions: {input: 3, key: 2, value: 2}
            weights: {W_Q: {file: q.npy}, W_K: {seeded: 0.1}, W_V: {seeded: 0.1}}
            context: {last: 1}
        connections:
          - {source: h, target: P, readout: {file: r.npy}}

        """

    /// W_Q as every test writes it (2 × 3), and the readout row (1 × 2).
    private static let q: [Double] = [1.5, -2, 0, 0.25, 7, -0.125]
    private static let readout: [Double] = [300, -0.5]

    /// Loads `model` from a folder holding `q.npy` and `r.npy` with these bytes.
    private func load(q: [UInt8], readout: [UInt8]? = nil, model: String = Self.model) throws(ConfigError) -> NetworkSpec {
        let r = readout ?? NpyFiles.bytes(descr: "<f8", shape: [2], payload: NpyFiles.float64(Self.readout))
        let dir: URL
        do {
            dir = try NpyFiles.makeDirectory()
            try NpyFiles.write(q, to: dir, "q.npy")
            try NpyFiles.write(r, to: dir, "r.npy")
        } catch {
            throw ConfigError(path: "", message: "test setup failed: \(error)")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        return try ConfigLoader.load(yaml: model, name: "npy", baseDirectory: dir.path).network
    }

    private func queries(_ network: NetworkSpec) -> MatrixSource? { network.headPopulations.first?.queries }

    private func failure(q: [UInt8]) throws -> ConfigError {
        do {
            _ = try load(q: q)
        } catch {
            return error
        }
        Issue.record("the file loaded")
        throw ConfigError(path: "", message: "the file loaded")
    }

    @Test func readsEveryTypeInBothVersions() throws {
        let expected = MatrixSource.given(Matrix(rows: 2, columns: 3, values: Self.q))
        for version: UInt8 in [1, 2] {
            let f8 = NpyFiles.bytes(descr: "<f8", shape: [2, 3], version: version, payload: NpyFiles.float64(Self.q))
            #expect(queries(try load(q: f8)) == expected)
            let f4 = NpyFiles.bytes(descr: "<f4", shape: [2, 3], version: version, payload: NpyFiles.float32(Self.q.map(Float.init)))
            #expect(queries(try load(q: f4)) == expected)
        }
        let ints: [Int64] = [3, -4, 0, 1, 2_000_000_000_000, -1]
        let i8 = NpyFiles.bytes(descr: "<i8", shape: [2, 3], payload: NpyFiles.int64(ints))
        #expect(queries(try load(q: i8)) == .given(Matrix(rows: 2, columns: 3, values: ints.map(Double.init))))
        let i4 = NpyFiles.bytes(descr: "<i4", shape: [2, 3], version: 2, payload: NpyFiles.int32([3, -4, 0, 1, Int32.max, Int32.min]))
        #expect(queries(try load(q: i4)) == .given(Matrix(rows: 2, columns: 3, values: [3, -4, 0, 1, Double(Int32.max), Double(Int32.min)])))
    }

    @Test func aOneDimensionalArrayIsARow() throws {
        let q = NpyFiles.bytes(descr: "<f8", shape: [2, 3], payload: NpyFiles.float64(Self.q))
        let network = try load(q: q)
        #expect(network.activationNeuronCouplings.first?.readout == Matrix(rows: 1, columns: 2, values: Self.readout))
        // A 1-D W_Q is one row, which is the wrong shape for 2 × 3.
        let row = NpyFiles.bytes(descr: "<f8", shape: [6], payload: NpyFiles.float64(Self.q))
        let e = try failure(q: row)
        #expect(e.path == "heads.h.weights.W_Q" && e.message.contains("2 × 3") && e.message.contains("got 1 × 6"))
    }

    @Test func readsFilesNumPyWrites() throws {
        let dir = try NpyFiles.makeDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Without NumPy the hand-written files of the other tests stand in for it.
        guard NpyFiles.runNumPy("""
            q = np.array([[1.5, -2, 0], [0.25, 7, -0.125]])
            np.save('f8.npy', q)
            np.save('f4.npy', q.astype(np.float32))
            np.save('i8.npy', np.array([[3, -4, 0], [1, 2, -1]], dtype=np.int64))
            np.save('i4.npy', np.array([[3, -4, 0], [1, 2, -1]], dtype=np.int32))
            np.save('r.npy', np.array([300.0, -0.5]))
            np.save('fortran.npy', np.asfortranarray(q))
            np.save('big.npy', q.astype('>f8'))
            np.save('cube.npy', np.zeros((2, 3, 1)))
            """, in: dir) else { return }
        func file(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))) }
        let expected = MatrixSource.given(Matrix(rows: 2, columns: 3, values: Self.q))
        // NumPy's own bytes equal the hand-written layout, header padding included.
        #expect(try file("f8.npy") == NpyFiles.bytes(descr: "<f8", shape: [2, 3], payload: NpyFiles.float64(Self.q)))
        let network = try load(q: try file("f8.npy"), readout: try file("r.npy"))
        #expect(queries(network) == expected)
        #expect(network.activationNeuronCouplings.first?.readout == Matrix(rows: 1, columns: 2, values: Self.readout))
        #expect(queries(try load(q: try file("f4.npy"))) == expected)
        let ints = MatrixSource.given(Matrix(rows: 2, columns: 3, values: [3, -4, 0, 1, 2, -1]))
        #expect(queries(try load(q: try file("i8.npy"))) == ints)
        #expect(queries(try load(q: try file("i4.npy"))) == ints)
        #expect(try failure(q: try file("fortran.npy")).message.contains("Fortran order"))
        #expect(try failure(q: try file("big.npy")).message.contains("'>f8' is not supported"))
        #expect(try failure(q: try file("cube.npy")).message.contains("3-D"))
    }

    @Test func rejectsLayoutsItDoesNotRead() throws {
        let payload = NpyFiles.float64(Self.q)
        let cases: [(bytes: [UInt8], reason: String)] = [
            (NpyFiles.bytes(descr: ">f8", shape: [2, 3], payload: payload), "dtype '>f8' is not supported"),
            (NpyFiles.bytes(descr: "|u1", shape: [2, 3], payload: [UInt8](repeating: 1, count: 6)), "dtype '|u1' is not supported"),
            (NpyFiles.bytes(descr: "<f8", shape: [3, 2], fortranOrder: true, payload: payload), "Fortran order"),
            (NpyFiles.bytes(descr: "<f8", shape: [1, 2, 3], payload: payload), "3-D array"),
            (NpyFiles.bytes(descr: "<f8", shape: [], payload: Array(payload.prefix(8))), "0-D array"),
            (NpyFiles.bytes(descr: "<f8", shape: [2, 0], payload: []), "empty"),
            (NpyFiles.bytes(descr: "<f8", shape: [2, 3], payload: Array(payload.dropLast(8))), "needs 48 data bytes, but the file has 40"),
            (NpyFiles.bytes(descr: "<f8", shape: [2, 3], payload: payload + [0]), "needs 48 data bytes, but the file has 49"),
            (NpyFiles.bytes(descr: "<f8", shape: [2, 3], version: 4, payload: payload), "version 4.0 is not supported"),
            (NpyFiles.bytes(descr: "<f8", shape: [2, 3], payload: NpyFiles.float64([1, 2, .nan, 4, 5, 6])), "element [0, 2] is nan"),
            (Array("not numpy at all".utf8), "not a .npy file"),
            (Array(NpyFiles.bytes(descr: "<f8", shape: [2, 3], payload: payload).prefix(40)), "ends inside its header"),
        ]
        for (bytes, reason) in cases {
            let e = try failure(q: bytes)
            #expect(e.path == "heads.h.weights.W_Q.file", "\(reason)")
            #expect(e.message.contains("cannot read 'q.npy'") && e.message.contains(reason), "\(e.message)")
        }
    }

    @Test func pathsAreRelativeToTheModelFile() throws {
        let dir = try NpyFiles.makeDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try NpyFiles.write(NpyFiles.bytes(descr: "<f8", shape: [2, 3], payload: NpyFiles.float64(Self.q)), to: dir, "w/q.npy")
        try NpyFiles.write(NpyFiles.bytes(descr: "<f8", shape: [2], payload: NpyFiles.float64(Self.readout)), to: dir, "r.npy")
        let model = TestModels.replacingFirst("file: q.npy", with: "file: ../w/q.npy", in: Self.model)
        let file = dir.appendingPathComponent("models/m.yaml")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        // From models/, `../w/q.npy` is found and `r.npy` (which lies beside models/) is not.
        try model.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigLoader.load(path: file.path)
            Issue.record("r.npy was found relative to the wrong folder")
        } catch {
            #expect(error.path == "connections[0].readout.file" && error.message.contains("'r.npy'") && error.message.contains("no such file"))
        }
        let absolute = TestModels.replacingFirst("file: r.npy", with: "file: \(dir.appendingPathComponent("r.npy").path)", in: model)
        try absolute.write(to: file, atomically: true, encoding: .utf8)
        let network = try ConfigLoader.load(path: file.path).network
        #expect(network.headPopulations.first?.queries == .given(Matrix(rows: 2, columns: 3, values: Self.q)))
    }
}
