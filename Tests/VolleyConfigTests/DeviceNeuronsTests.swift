// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore

/// A device connection's `neurons`: a block of its target population, as NEST's `E[:50]`.
@Suite struct DeviceNeuronsTests {
    /// Two populations, two generators, and a connection from `pg` whose `neurons` is `block`.
    private func model(_ block: String, target: String = "E") -> String {
        """
        parameters: {Nstim: 5}
        populations:
          E: {model: iaf_psc_exp, n: 20}
          I: {model: iaf_psc_exp, n: 4}
        devices:
          pg: {model: poisson_generator, params: {rate: 300.0, start: 1.0, stop: 51.0}}
        connections:
          - source: pg
            target: \(target)
            neurons: \(block)
            syn_spec: {weight: 6.0, delay: 0.1}

        """
    }

    private func neurons(_ block: String, target: String = "E", overrides: [String] = []) throws -> Range<Int>? {
        let config = try ConfigLoader.load(yaml: model(block, target: target), name: "subset", overrides: overrides)
        let connections = config.network.deviceConnections
        try #require(connections.count == 1)
        return connections[0].neurons
    }

    private func error(_ block: String, target: String = "E") throws -> ConfigError {
        try #require(TestModels.error(model(block, target: target)))
    }

    @Test func aBlockBecomesARangeOfTheTarget() throws {
        let config = try ConfigLoader.load(yaml: model("{first: 0, count: 5}"), name: "subset")
        #expect(config.network.deviceConnections == [
            DeviceConnectionSpec(device: 0, targets: [0], weight: 6, delay: 0.1, neurons: 0..<5),
        ])
        #expect(try neurons("{first: 2, count: 2}", target: "I") == 2..<4)
        #expect(try neurons("{first: 19, count: 1}") == 19..<20)
    }

    @Test func firstAndCountDefaultToTheWholeRest() throws {
        #expect(try neurons("{count: 7}") == 0..<7)
        #expect(try neurons("{first: 12}") == 12..<20)
    }

    @Test func takesExpressionsAndOverrides() throws {
        #expect(try neurons("{first: 0, count: Nstim}") == 0..<5)
        #expect(try neurons("{first: 0, count: 2 * Nstim}") == 0..<10)
        #expect(try neurons("{first: 0, count: Nstim}", overrides: ["parameters.Nstim=8"]) == 0..<8)
        #expect(try neurons("{first: 0, count: Nstim}", overrides: ["connections[0].neurons.first=4"]) == 4..<9)
    }

    /// Every neuron, however written, is one spec: nil, as without `neurons`.
    @Test func theWholePopulationIsNil() throws {
        #expect(try neurons("all") == nil)
        #expect(try neurons("{first: 0, count: 20}") == nil)
        #expect(try neurons("{}") == nil)
        #expect(try neurons("all", target: "[E, I]") == nil)
        let without = try ConfigLoader.load(
            yaml: TestModels.replacingFirst("    neurons: {first: 0, count: 20}\n", with: "", in: model("{first: 0, count: 20}")),
            name: "subset")
        #expect(without.network.deviceConnections[0].neurons == nil)
    }

    @Test func outOfRange() throws {
        let first = try error("{first: 20, count: 1}")
        #expect(first.description == "connections[0].neurons.first: neuron 20 is out of range: E has 20 neurons (0 to 19)")
        let count = try error("{first: 3, count: 2}", target: "I")
        #expect(count.description == "connections[0].neurons.count: neurons 3 to 4 (first 3, count 2) run past the end: I has 4 neurons (0 to 3)")
        let empty = try #require(TestModels.error(model("{first: 0, count: 1}").replacingOccurrences(of: "n: 20", with: "n: 0")))
        #expect(empty.path == "connections[0].neurons.first" && empty.message.contains("E has no neurons"))
    }

    @Test func firstAndCountAreWholeNumbers() throws {
        let zero = try error("{first: 0, count: 0}")
        #expect(zero.path == "connections[0].neurons.count" && zero.message.contains("positive integer"))
        let negative = try error("{first: -1, count: 5}")
        #expect(negative.path == "connections[0].neurons.first" && negative.message.contains("non-negative integer"))
        let fraction = try error("{first: 0, count: Nstim / 2}")
        #expect(fraction.path == "connections[0].neurons.count" && fraction.message.contains("2.5"))
    }

    @Test func otherFormsAreRefused() throws {
        let list = try error("[0, 1, 2]")
        #expect(list.path == "connections[0].neurons" && list.message.contains("{first, count}") && list.message.contains("a list"))
        let number = try error("50")
        #expect(number.path == "connections[0].neurons" && number.message.contains("the number 50"))
        let key = try error("{first: 0, stop: 50}")
        #expect(key.path == "connections[0].neurons.stop" && key.message.contains("unknown key 'stop'") && key.message.contains("first, count"))
    }

    @Test func oneTargetPopulationOnly() throws {
        let e = try error("{first: 0, count: 2}", target: "[E, I]")
        #expect(e.description
            == "connections[0].neurons: neurons picks neurons of one population, but the target lists 2 (E, I); give each population a connection of its own")
    }

    @Test func onlyConnectionsFromDevices() throws {
        let e = try #require(TestModels.error(TestModels.minimal + "connections:\n  - {source: E, target: E, neurons: {first: 0, count: 2}}\n"))
        #expect(e.path == "connections[0].neurons" && e.message.contains("connection from a device"))
    }
}
