// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CHDF5
import Foundation
import Testing
import VolleyFormats
import VolleyTestKit

/// spikes.h5 as SONATA and libsonata define it, read back through libhdf5. Serialized: the
/// serial libhdf5 must not be called from two threads at once.
@Suite("SONATA spike writer", .serialized)
struct SonataSpikeWriterTests {
    let dir: String

    init() throws { dir = try VolleyProcess.temporaryDirectory() }

    private func key(step: UInt64, neuron: Int) -> UInt64 { step << 32 | UInt64(neuron) }

    @Test("the root, the groups, the types and the attributes are SONATA's")
    func layout() throws {
        let path = dir + "/layout.h5"
        let writer = try SonataSpikeWriter(path: path, populations: ["E", "I"], offsets: [0, 8, 10], resolution: 0.1)
        try writer.append(keys: [key(step: 0, neuron: 3), key(step: 4, neuron: 9)])
        try writer.close()

        let file = try #require(HDF5TestFile(path: path))
        let magic = try #require(file.uint32Attribute("magic", of: "/"))
        #expect(magic.values == [0x0A7A] && magic.scalar)
        let version = try #require(file.uint32Attribute("version", of: "/"))
        #expect(version.values == [0, 1] && !version.scalar)
        #expect(file.members(of: "/") == ["spikes"])
        #expect(file.members(of: "/spikes") == ["E", "I"])
        for p in ["E", "I"] {
            let group = "/spikes/\(p)"
            #expect(file.members(of: group) == ["node_ids", "timestamps"])
            #expect(file.dataset(group + "/timestamps", isStoredAs: volley_H5T_IEEE_F64LE()))
            #expect(file.dataset(group + "/node_ids", isStoredAs: volley_H5T_STD_U64LE()))
            #expect(file.isExtendable(group + "/timestamps") && file.isExtendable(group + "/node_ids"))
            #expect(file.stringAttribute("units", of: group + "/timestamps") == "ms")
            let sorting = try #require(file.enumAttribute("sorting", of: group))
            #expect(sorting.value == "by_time")
            #expect(sorting.members == ["none": 0, "by_id": 1, "by_time": 2])
            #expect(sorting.uint8)
        }
    }

    @Test("times are spikes.csv's t_ms to the last bit, node ids are indices within the population")
    func values() throws {
        let path = dir + "/values.h5"
        for resolution in [0.1, 0.05, 0.25] {
            let writer = try SonataSpikeWriter(path: path, populations: ["A", "B"], offsets: [100, 103, 110], resolution: resolution)
            let keys = [key(step: 0, neuron: 100), key(step: 0, neuron: 105), key(step: 2, neuron: 102), key(step: 29, neuron: 109),
                        key(step: 70_001, neuron: 103), key(step: 3_000_000, neuron: 101)]
            try writer.append(keys: keys)
            try writer.close()

            let csv = TimeFormatter(resolution: resolution)
            let file = try #require(HDF5TestFile(path: path))
            let a = keys.filter { $0 & 0xFFFF_FFFF < 103 }, b = keys.filter { $0 & 0xFFFF_FFFF >= 103 }
            #expect(file.doubles("/spikes/A/timestamps") == a.map { Double(csv.string(Int64($0 >> 32) + 1))! })
            #expect(file.unsigned("/spikes/A/node_ids") == a.map { ($0 & 0xFFFF_FFFF) - 100 })
            #expect(file.doubles("/spikes/B/timestamps") == b.map { Double(csv.string(Int64($0 >> 32) + 1))! })
            #expect(file.unsigned("/spikes/B/node_ids") == b.map { ($0 & 0xFFFF_FFFF) - 103 })
        }
    }

    @Test("appends of every size, across batches and chunks, come back whole and in order")
    func manyAppends() throws {
        let path = dir + "/many.h5"
        let writer = try SonataSpikeWriter(path: path, populations: ["E", "I"], offsets: [0, 1000, 1250], resolution: 0.1)
        // 200,003 spikes: E gets four fifths, more than three 64 k batches; I about 40,000.
        let keys = (0..<200_003).map { i in key(step: UInt64(i / 7), neuron: (i * 7919) % 1250) }
        var start = 0
        for size in [1, 8191, 8193, 65_535, 65_537, 3, 0] + [Int.max] {
            let end = start + min(keys.count - start, size)
            try writer.append(keys: Array(keys[start..<end]))
            start = end
        }
        try writer.close()

        let file = try #require(HDF5TestFile(path: path))
        let csv = TimeFormatter(resolution: 0.1)
        for (name, range) in [("E", 0..<1000), ("I", 1000..<1250)] {
            let mine = keys.filter { range.contains(Int($0 & 0xFFFF_FFFF)) }
            let times = try #require(file.doubles("/spikes/\(name)/timestamps"))
            let nodes = try #require(file.unsigned("/spikes/\(name)/node_ids"))
            #expect(times.count == mine.count && nodes.count == mine.count)
            #expect(times == mine.map { Double(csv.string(Int64($0 >> 32) + 1))! })
            #expect(nodes == mine.map { ($0 & 0xFFFF_FFFF) - UInt64(range.lowerBound) })
        }
    }

    @Test("a population without spikes, or without neurons, still gets its group and empty datasets")
    func emptyPopulations() throws {
        let path = dir + "/empty.h5"
        let writer = try SonataSpikeWriter(path: path, populations: ["A", "none", "C"], offsets: [0, 5, 5, 9], resolution: 0.1)
        try writer.append(keys: [key(step: 1, neuron: 4), key(step: 1, neuron: 5)])
        try writer.close()
        let file = try #require(HDF5TestFile(path: path))
        #expect(file.members(of: "/spikes") == ["A", "C", "none"])
        #expect(file.unsigned("/spikes/A/node_ids") == [4])
        #expect(file.unsigned("/spikes/C/node_ids") == [0])
        #expect(file.doubles("/spikes/none/timestamps") == [])
        #expect(file.unsigned("/spikes/none/node_ids") == [])
        #expect(file.stringAttribute("units", of: "/spikes/none/timestamps") == "ms")
        #expect(file.enumAttribute("sorting", of: "/spikes/none")?.value == "by_time")

        let silent = dir + "/silent.h5"
        try SonataSpikeWriter(path: silent, populations: ["X"], offsets: [0, 3], resolution: 0.1).close()
        let empty = try #require(HDF5TestFile(path: silent))
        #expect(empty.doubles("/spikes/X/timestamps") == [] && empty.unsigned("/spikes/X/node_ids") == [])
        #expect(empty.isExtendable("/spikes/X/timestamps"))
    }

    @Test("close is idempotent; appending after it is an error naming the file")
    func closeTwice() throws {
        let path = dir + "/twice.h5"
        let writer = try SonataSpikeWriter(path: path, populations: ["E"], offsets: [0, 2], resolution: 0.1)
        try writer.append(keys: [key(step: 3, neuron: 1)])
        try writer.close()
        try writer.close()
        #expect(HDF5TestFile(path: path)?.unsigned("/spikes/E/node_ids") == [1])
        let error = #expect(throws: OutputError.self) { try writer.append(keys: [key(step: 4, neuron: 0)]) }
        #expect(error?.description.contains(path) == true)
    }

    @Test("failures name the file and what failed")
    func errors() throws {
        let missing = dir + "/no/such/folder/spikes.h5"
        let create = #expect(throws: OutputError.self) {
            try SonataSpikeWriter(path: missing, populations: ["E"], offsets: [0, 2], resolution: 0.1)
        }
        #expect(create?.description.hasPrefix(missing + ": cannot create the file") == true, "\(String(describing: create))")

        let path = dir + "/bad.h5"
        let counts = #expect(throws: OutputError.self) {
            try SonataSpikeWriter(path: path, populations: ["E", "I"], offsets: [0, 2], resolution: 0.1)
        }
        #expect(counts?.description.contains("offsets") == true)
        #expect(throws: OutputError.self) { try SonataSpikeWriter(path: path, populations: ["E/x"], offsets: [0, 2], resolution: 0.1) }
        #expect(throws: OutputError.self) { try SonataSpikeWriter(path: path, populations: ["E", "E"], offsets: [0, 1, 2], resolution: 0.1) }

        let writer = try SonataSpikeWriter(path: path, populations: ["E"], offsets: [0, 2], resolution: 0.1)
        let order = #expect(throws: OutputError.self) { try writer.append(keys: [key(step: 5, neuron: 0), key(step: 4, neuron: 1)]) }
        #expect(order?.description.contains("time order") == true)
        let range = #expect(throws: OutputError.self) { try writer.append(keys: [key(step: 6, neuron: 2)]) }
        #expect(range?.description.contains("neuron 2") == true)
        try writer.close()
    }
}
