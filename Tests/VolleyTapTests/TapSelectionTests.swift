// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyTap
import VolleyTestKit
import VolleyWire

@Suite("Tap selections")
struct TapSelectionTests {
    let spec = ExampleNetworks.brunel(order: 20)

    @Test("no populations and no ranges select every neuron")
    func everything() throws {
        let s = try TapSelection(TapFilter(), catalog: RunCatalog(network: spec))
        let n = spec.populations.reduce(0) { $0 + $1.size }
        #expect((0..<n).allSatisfy { s.contains(neuron: $0) })
        #expect(!s.contains(neuron: n + 64))
    }

    @Test("a population and a range select exactly those neurons")
    func populationAndRange() throws {
        let second = spec.populations[1]
        let offset = spec.populations[0].size
        let s = try TapSelection(TapFilter(populations: [second.name], neurons: [NeuronRange(first: 2, last: 4)]), catalog: RunCatalog(network: spec))
        let picked = (0..<(offset + second.size)).filter { s.contains(neuron: $0) }
        #expect(picked == [offset + 2, offset + 3, offset + 4])
        #expect(s.contains(population: 1) && !s.contains(population: 0))
    }

    @Test("an unknown population or a range past the end is refused by name")
    func refusals() {
        #expect(throws: TapFilterError.self) { try TapSelection(TapFilter(populations: ["X"]), catalog: RunCatalog(network: spec)) }
        let big = spec.populations.map(\.size).max()!
        #expect(throws: TapFilterError.self) {
            try TapSelection(TapFilter(neurons: [NeuronRange(first: 0, last: big)]), catalog: RunCatalog(network: spec))
        }
    }

    @Test("ranges parse as NEST users write them")
    func parsing() {
        #expect(NeuronRange("0-99") == NeuronRange(first: 0, last: 99))
        #expect(NeuronRange("7") == NeuronRange(first: 7, last: 7))
        #expect(NeuronRange("9-3") == nil)
        #expect(NeuronRange("a-b") == nil)
    }
}
