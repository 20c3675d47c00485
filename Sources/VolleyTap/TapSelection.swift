// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

/// A tap filter checked against a network and compiled to bitmaps over global neuron and head
/// indices, so a worker filters each event with one load and a mask.
public struct TapSelection: Sendable {
    public let filter: TapFilter
    private let neuronBits: [UInt64]
    private let headBits: [UInt64]
    private let populationSelected: [Bool]

    /// Compiles `filter` for a run's catalog; throws naming an unknown population or a range
    /// past its end.
    public init(_ filter: TapFilter, catalog: RunCatalog) throws(TapFilterError) {
        self.filter = filter
        let names = catalog.populations.map(\.name)
        let headNames = catalog.heads.map(\.name)
        for p in filter.populations where !names.contains(p) && !headNames.contains(p) {
            throw TapFilterError("unknown population '\(p)'; the model has \((names + headNames).joined(separator: ", "))")
        }
        let sizes = catalog.populations.map(\.size)
        let headSizes = catalog.heads.map(\.size)
        var selected = names.map { filter.populations.isEmpty || filter.populations.contains($0) }
        var headSelected = headNames.map { filter.populations.isEmpty || filter.populations.contains($0) }
        if !filter.populations.isEmpty {
            // Naming only heads selects no neurons, and the other way round.
            if !filter.populations.contains(where: names.contains) { selected = selected.map { _ in false } }
            if !filter.populations.contains(where: headNames.contains) { headSelected = headSelected.map { _ in false } }
        }
        if filter.kinds.isEmpty { throw TapFilterError("a tap must ask for at least one kind of event") }
        for r in filter.neurons {
            let largest = zip(sizes + headSizes, selected + headSelected).filter(\.1).map(\.0).max() ?? 0
            if r.last >= largest {
                throw TapFilterError("neuron range \(r.first)-\(r.last) goes past the selected populations (largest: \(largest) neurons)")
            }
        }
        populationSelected = selected
        neuronBits = Self.bitmap(sizes: sizes, selected: selected, ranges: filter.neurons)
        headBits = Self.bitmap(sizes: headSizes, selected: headSelected, ranges: filter.neurons)
    }

    private static func bitmap(sizes: [Int], selected: [Bool], ranges: [NeuronRange]) -> [UInt64] {
        let total = sizes.reduce(0, +)
        var bits = [UInt64](repeating: 0, count: (total + 63) / 64)
        var offset = 0
        for (size, on) in zip(sizes, selected) {
            defer { offset += size }
            guard on else { continue }
            let spans = ranges.isEmpty ? [0..<size] : ranges.map { min($0.first, size)..<min($0.last + 1, size) }
            for span in spans {
                for i in span { bits[(offset + i) >> 6] |= 1 << UInt64((offset + i) & 63) }
            }
        }
        return bits
    }

    /// Whether the neuron with this global index is selected.
    @inline(__always)
    public func contains(neuron global: Int) -> Bool {
        let w = global >> 6
        return w < neuronBits.count && neuronBits[w] & (1 << UInt64(global & 63)) != 0
    }

    /// Whether the head with this global head index is selected.
    @inline(__always)
    public func contains(head global: Int) -> Bool {
        let w = global >> 6
        return w < headBits.count && headBits[w] & (1 << UInt64(global & 63)) != 0
    }

    /// Whether population `p` (an index into the spec's populations) is selected at all.
    public func contains(population p: Int) -> Bool { p < populationSelected.count && populationSelected[p] }
}

/// A tap filter that does not fit the network.
public struct TapFilterError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TapSelection {
    /// Drops what the filter does not select (a lossless tap filters on its own side: the data
    /// sockets it reads carry everything).
    public func apply(to epoch: inout TapEpoch, offsets: [Int]) {
        epoch.record.spikes.removeAll { !contains(neuron: Int($0 & 0xFFFF_FFFF)) }
        epoch.record.activations.removeAll { !contains(head: $0.head) }
        epoch.record.samples.removeAll {
            $0.population >= offsets.count - 1 || !contains(neuron: offsets[$0.population] + $0.neuron)
        }
        if !filter.wants(.spikes) { epoch.record.spikes = [] }
        if !filter.wants(.activations) { epoch.record.activations = [] }
        epoch.record.weights.removeAll { !contains(neuron: Int($0.target)) }
        if !filter.wants(.samples) { epoch.record.samples = [] }
        if !filter.wants(.weights) { epoch.record.weights = [] }
        if !filter.wants(.rhythms) { epoch.record.timeline = [] }
        epoch.record.energy.removeAll { !contains(population: Int($0.population)) }
        if !filter.wants(.energy) { epoch.record.energy = [] }
    }
}
