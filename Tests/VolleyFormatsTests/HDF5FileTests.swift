// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CHDF5
import Foundation
import Testing
import VolleyFormats
import VolleyTestKit

/// The HDF5 reader on files written for the purpose: every integer type read with its sign,
/// errors that name the file and the dataset, members in name order, both kinds of string.
@Suite("HDF5 file reader")
struct HDF5FileTests {
    let dir: String

    init() throws { dir = try VolleyProcess.temporaryDirectory() }

    /// A file with datasets of the types SONATA writers use, and a few they should not.
    private func sample() throws -> String {
        let path = dir + "/sample.h5"
        let writer = try HDF5TestWriter(path: path)
        try writer.dataset("/ints/i64", int64: [-1, 0, Int64.max, Int64.min])
        try writer.dataset("/ints/i8", int64: [-1, -128, 127], storedAs: volley_H5T_STD_I8LE())
        try writer.dataset("/ints/i64be", int64: [-2, 300], storedAs: volley_H5T_STD_I64BE())
        try writer.dataset("/ints/u16", int64: [0, 65535], storedAs: volley_H5T_STD_U16LE())
        try writer.dataset("/ints/u64", uint64: [0, UInt64(Int64.max)])
        try writer.dataset("/ints/u64big", uint64: [1, UInt64(Int64.max) + 1])
        try writer.dataset("/ints/empty", int64: [])
        try writer.dataset("/floats/f64", doubles: [0.1, -2.5, .infinity])
        try writer.dataset("/floats/f32", doubles: [0.5, -3], storedAs: volley_H5T_IEEE_F32LE())
        try writer.dataset("/matrix", int64: [1, 2, 3, 4, 5, 6], rows: 2)
        try writer.stringDataset("/text", ["net"])
        for name in ["b", "a", "B", "10", "2"] { try writer.group("/order/" + name) }
        try writer.attribute("variable", "τ = 16.8 ms", on: "/floats/f64")
        try writer.attribute("fixed", "by_time", on: "/floats", variable: false, padding: 3)
        try writer.attribute("spaced", "ms", on: "/floats", variable: false, padding: 4, pad: H5T_STR_SPACEPAD)
        try writer.attribute("terminated", "net", on: "/", variable: false, padding: 2, pad: H5T_STR_NULLTERM)
        try writer.attribute("number", number: 2.5, on: "/")
        return path
    }

    @Test("signed data reads signed: −1 stays −1, whatever the width and byte order")
    func signed() throws {
        let file = try HDF5File(path: try sample())
        #expect(try file.integers("/ints/i64") == [-1, 0, Int64.max, Int64.min])
        #expect(try file.integers("/ints/i8") == [-1, -128, 127])
        #expect(try file.integers("/ints/i64be") == [-2, 300])
        #expect(try file.doubles("/ints/i8") == [-1, -128, 127])
    }

    @Test("unsigned data reads up to Int64.max; beyond is an error naming the dataset and the row")
    func unsigned() throws {
        let path = try sample()
        let file = try HDF5File(path: path)
        #expect(try file.integers("/ints/u16") == [0, 65535])
        #expect(try file.integers("/ints/u64") == [0, Int64.max])
        #expect(throws: FileFormatError(path: path, reason: "row 1 of dataset /ints/u64big is 9223372036854775808, beyond the largest Int64")) {
            try file.integers("/ints/u64big")
        }
        #expect(try file.integers("/ints/empty") == [])
        #expect(try file.count("/ints/i64") == 4 && file.count("/ints/empty") == 0)
    }

    @Test("a float dataset asked as integers is an error naming it; doubles read floats and integers")
    func floats() throws {
        let path = try sample()
        let file = try HDF5File(path: path)
        #expect(throws: FileFormatError(path: path, reason: "dataset /floats/f64 holds float64, not integers")) {
            try file.integers("/floats/f64")
        }
        #expect(throws: FileFormatError(path: path, reason: "dataset /floats/f32 holds float32, not integers")) {
            try file.integers("/floats/f32")
        }
        #expect(try file.doubles("/floats/f64") == [0.1, -2.5, .infinity])
        #expect(try file.doubles("/floats/f32") == [0.5, -3])
        #expect(try file.doubles("/ints/u16") == [0, 65535])
        #expect(throws: FileFormatError(path: path, reason: "dataset /text holds strings, not numbers")) { try file.doubles("/text") }
    }

    @Test("a missing dataset, a group and a 2-D dataset are errors that say which")
    func wrongObjects() throws {
        let path = try sample()
        let file = try HDF5File(path: path)
        #expect(throws: FileFormatError(path: path, reason: "no dataset /ints/missing")) { try file.integers("/ints/missing") }
        #expect(throws: FileFormatError(path: path, reason: "no dataset /nowhere/x/y")) { try file.doubles("/nowhere/x/y") }
        #expect(throws: FileFormatError(path: path, reason: "/ints is not a dataset")) { try file.count("/ints") }
        #expect(throws: FileFormatError(path: path, reason: "dataset /matrix has 2 dimensions; a column has one")) {
            try file.integers("/matrix")
        }
        #expect(throws: FileFormatError(path: path, reason: "no group /missing")) { try file.members(of: "/missing") }
        #expect(throws: FileFormatError(path: path, reason: "/text is not a group")) { try file.members(of: "/text") }
    }

    @Test("members are listed in name order (byte order, as h5py), and exists and isGroup follow links")
    func members() throws {
        let file = try HDF5File(path: try sample())
        #expect(try file.members(of: "/order") == ["10", "2", "B", "a", "b"])
        #expect(try file.members(of: "/") == ["floats", "ints", "matrix", "order", "text"])
        #expect(file.exists("/ints/i8") && file.exists("ints/i8") && file.exists("/"))
        #expect(!file.exists("/ints/nope") && !file.exists("/nope/deeper/still") && !file.exists("/text/below"))
        #expect(file.isGroup("/ints") && file.isGroup("/") && !file.isGroup("/ints/i8") && !file.isGroup("/nope"))
    }

    @Test("string attributes: variable-length UTF-8 and fixed-length of every padding; nil if absent")
    func attributes() throws {
        let path = try sample()
        let file = try HDF5File(path: path)
        #expect(try file.stringAttribute("variable", of: "/floats/f64") == "τ = 16.8 ms")
        #expect(try file.stringAttribute("fixed", of: "/floats") == "by_time")
        #expect(try file.stringAttribute("spaced", of: "/floats") == "ms")
        #expect(try file.stringAttribute("terminated", of: "/") == "net")
        #expect(try file.stringAttribute("absent", of: "/floats") == nil)
        #expect(throws: FileFormatError(path: path, reason: "attribute number of / holds float64, not a string")) {
            try file.stringAttribute("number", of: "/")
        }
        #expect(throws: FileFormatError(path: path, reason: "no object /nope (looking for its attribute units)")) {
            try file.stringAttribute("units", of: "/nope")
        }
    }

    @Test("a missing file, a directory and a file that is not HDF5 are errors that say so")
    func notFiles() throws {
        let missing = dir + "/missing.h5"
        #expect(throws: FileFormatError(path: missing, reason: "no such file")) { try HDF5File(path: missing) }
        #expect(throws: FileFormatError(path: dir, reason: "is a directory, not an HDF5 file")) { try HDF5File(path: dir) }
        let text = dir + "/spikes.csv"
        try "population,node_id,t_ms\n".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: FileFormatError(path: text, reason: "not an HDF5 file")) { try HDF5File(path: text) }
    }

    @Test("one file read from many threads at once gives the same values (the lock serialises libhdf5)")
    func concurrentReads() async throws {
        let file = try HDF5File(path: SonataFixture.file("network/net_net_edges.h5"))
        let expected = try file.integers("/edges/net_to_net/target_node_id")
        try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<16 {
                group.addTask { try file.integers("/edges/net_to_net/target_node_id") }
            }
            for try await values in group { #expect(values == expected) }
        }
    }
}
