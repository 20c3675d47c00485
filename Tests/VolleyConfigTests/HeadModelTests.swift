// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyConfig
import VolleyCore

/// Rhythms, attention heads, their couplings and the induction task, loaded from files.
@Suite struct HeadModelTests {
    /// Loads `model` from a fresh folder holding it and its weight files.
    private func load(_ model: String = TestModels.induction, overrides: [String] = []) throws -> ModelConfig {
        let dir = try NpyFiles.makeDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try ConfigLoader.load(path: try TestModels.writeInduction(model: model, to: dir), overrides: overrides)
    }

    @Test func fullModelLoadsIntoTheExpectedSpec() throws {
        let network = try load().network
        let exp = try NeuronModel(kind: .iafPscExp, parameters: [:])
        let sizes = [("S0", 2), ("S1", 4), ("S2", 2), ("S3", 2), ("M0", 1), ("M1", 1), ("M2", 2), ("M3", 1)]
        var populations = sizes.map { PopulationSpec(name: $0.0, size: $0.1, model: exp) }
        populations[0].rhythmDrives = [RhythmDriveSpec(rhythm: 0, amplitude: 50, offset: 0)]
        populations[1].rhythmDrives = [RhythmDriveSpec(rhythm: 0, amplitude: 20, offset: 5), RhythmDriveSpec(rhythm: 1, amplitude: 10)]
        #expect(network.populations == populations)

        #expect(network.rhythms == [
            RhythmSpec(name: "theta", frequency: 2.5, mode: .on),
            RhythmSpec(name: "gamma", frequency: 40, initialPhase: 0.5, nesting: RhythmNesting(parent: 0, cycles: 16)),
            RhythmSpec(name: "alpha", frequency: 10, entrainment: RhythmEntrainment(population: 2, gain: 0.001, lagEpochs: 3), mode: .off),
            RhythmSpec(name: "beta", frequency: 80, nesting: RhythmNesting(parent: 1, cycles: 2), mode: .scrambled),
        ])

        let prev = HeadPopulationSpec(
            name: "prev", count: 2, inputDimension: 4, keyDimension: 4, valueDimension: 2, outputDimension: 2,
            queries: .given(.identity(4)), keys: .given(Matrix(rows: 4, columns: 4, values: TestModels.prevKeys)),
            values: .seeded(std: 0.2), rotary: RotarySpec(rhythm: 0, harmonics: [1, 2]), context: .window(ms: 375),
            temperature: 0.5, threshold: 0.6)
        let induction = HeadPopulationSpec(
            name: "induction", count: 1, inputDimension: 2, keyDimension: 2, valueDimension: 3, outputDimension: 2,
            embedding: Matrix(rows: 3, columns: 2, values: [1, 0, 0, 1, 1, 1]),
            queries: .seeded(std: 0.1), keys: .seeded(std: 0.1),
            values: .given(Matrix(rows: 3, columns: 2, values: TestModels.inductionValues.map(Double.init))),
            output: .given(Matrix(rows: 2, columns: 3, values: [1, 0, 0, 0, 1, 0])),
            context: .rhythmCycle(0), residual: true, scoreScale: 0.25)
        #expect(network.headPopulations == [prev, induction])

        #expect(network.projections == [
            ProjectionSpec(sources: [0], targets: [1], rule: .allToAll, weight: .constant(5), delay: .constant(1)),
        ])
        #expect(network.spikeHeadCouplings == [
            SpikeHeadCoupling(source: 3, target: 0, firstRow: 2, neuronsPerRow: 1, delay: 1),
            SpikeHeadCoupling(source: 1, target: 1, firstRow: 1, neuronsPerRow: 2, delay: 1),
        ])
        #expect(network.activationHeadCouplings == [
            ActivationHeadCoupling(source: 0, target: 1, projection: nil, delay: 0.5),
            ActivationHeadCoupling(source: 1, target: 0, projection: Matrix(rows: 4, columns: 2, values: [1, 0, 0, 1, 1, 1, 0, 0]), delay: 1),
        ])
        #expect(network.activationNeuronCouplings == [
            ActivationNeuronCoupling(source: 1, target: 7, readout: Matrix(rows: 1, columns: 2, values: [0, 300]), delay: 1),
            ActivationNeuronCoupling(source: 0, target: 6, readout: Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4]), delay: 1),
        ])

        let task = InductionTask(
            vocabulary: 4, prefixLength: 3, sequences: 5, seed: 7, slot: 25, gap: 400, start: 50,
            sensory: [0, 1, 2, 3], motor: [4, 5, 6, 7])
        #expect(network.task == .induction(task))
        #expect(network.devices.map(\.name) == ["noise", "task_token_0", "task_token_1", "task_token_2", "task_token_3"])
        #expect(network.deviceConnections.first == DeviceConnectionSpec(device: 0, targets: [0], weight: 1, delay: 1))
    }

    @Test func taskExpandsIntoOneSpikeGeneratorPerToken() throws {
        let network = try load().network
        guard case .induction(let task)? = network.task else {
            Issue.record("no induction task")
            return
        }
        let sequences = task.tokens()
        // Each sequence is three distinct tokens, then the same three again.
        #expect(sequences.count == 5)
        for s in sequences {
            #expect(s.count == 6 && Set(s.prefix(3)).count == 3 && Array(s.prefix(3)) == Array(s.suffix(3)))
        }
        // One sequence lasts 2 · 3 slots of 25 ms plus the 400 ms gap.
        let period = 550.0
        for token in 0..<4 {
            var expected: [Double] = []
            for (s, sequence) in sequences.enumerated() {
                for (position, t) in sequence.enumerated() where t == token {
                    expected.append(50 + Double(s) * period + Double(position) * 25)
                }
            }
            let device = try #require(network.devices.first { $0.name == "task_token_\(token)" })
            #expect(device.model == .spikeGenerator(spikeTimes: expected, spikeWeights: []))
            let index = try #require(network.devices.firstIndex(of: device))
            #expect(network.deviceConnections.contains(DeviceConnectionSpec(device: index, targets: [token], weight: 1000, delay: 0.1)))
        }
        // Every token of every sequence is presented exactly once.
        let spikes = network.devices.dropFirst().reduce(0) { n, d in
            if case .spikeGenerator(let times, _) = d.model { return n + times.count }
            return n
        }
        #expect(spikes == 5 * 6)
        #expect(network.deviceConnections.count == 1 + 4)
    }

    @Test func taskOnsetsAreRoundedToTheGrid() throws {
        // An onset that rounds to 0 ms cannot be a spike time.
        let early = try #require(TestModels.error(TestModels.replacingFirst("start: 10.0", with: "start: 0.04", in: TestModels.heads)))
        #expect(early.path == "task.start" && early.message.contains("positive"))
        let network = try load(TestModels.replacingFirst("slot: 25.0", with: "slot: 0.27", in: TestModels.induction)).network
        guard case .induction(let task)? = network.task else {
            Issue.record("no induction task")
            return
        }
        let grid = try #require(TimeGrid(resolution: 0.1))
        var all: [Double] = []
        for device in network.devices.dropFirst() {
            guard case .spikeGenerator(let times, _) = device.model else { continue }
            #expect(times == times.sorted() && times.allSatisfy { $0 > 0 && grid.exactSteps($0) != nil })
            all += times
        }
        // Rounding moves no onset by more than half a step, and loses none.
        var onsets: [Double] = []
        for s in 0..<task.sequences { for p in 0..<6 { onsets.append(task.onset(sequence: s, position: p)) } }
        #expect(all.count == onsets.count)
        for (t, onset) in zip(all.sorted(), onsets.sorted()) { #expect(abs(t - onset) <= 0.05 + 1e-9) }
    }

    @Test func modeComesFromAStringParameter() throws {
        let scrambled = TestModels.replacingFirst("{value: on,", with: "{value: scrambled,", in: TestModels.heads)
        #expect(try ConfigLoader.load(yaml: scrambled, name: "m").network.rhythms[0].mode == .scrambled)
        let quoted = TestModels.replacingFirst(
            "{value: on, choices: [on, off, scrambled]}", with: "{value: 'off', choices: ['on', 'off', 'scrambled']}", in: TestModels.heads)
        #expect(try ConfigLoader.load(yaml: quoted, name: "m").network.rhythms[0].mode == .off)
        // `value: on` is YAML's boolean true, which a mode reads as on.
        #expect(try ConfigLoader.load(yaml: TestModels.heads, name: "m").network.rhythms[0].mode == .on)
    }

    @Test func modeAcceptsBareOnAndOff() throws {
        func mode(_ text: String) throws -> RhythmMode {
            let model = TestModels.replacingFirst("mode: rhythm", with: "mode: \(text)", in: TestModels.heads)
            return try ConfigLoader.load(yaml: model, name: "m").network.rhythms[0].mode
        }
        #expect(try mode("off") == .off)
        #expect(try mode("on") == .on)
        #expect(try mode("\"off\"") == .off)
        #expect(try mode("false") == .off)
        #expect(try mode("scrambled") == .scrambled)
        #expect(try mode("\"if(rhythm, 'scrambled', 'off')\"") == .scrambled)
        let absent = TestModels.replacingFirst(", mode: rhythm", with: "", in: TestModels.heads)
        #expect(try ConfigLoader.load(yaml: absent, name: "m").network.rhythms[0].mode == .on)
    }

    @Test func setReachesARhythmsMode() throws {
        let scrambled = try ConfigLoader.load(yaml: TestModels.heads, name: "m", overrides: ["parameters.rhythm=scrambled"])
        #expect(scrambled.network.rhythms[0].mode == .scrambled)
        #expect(scrambled.parameters.first { $0.name == "rhythm" }?.value == .string("scrambled"))
        let off = try ConfigLoader.load(yaml: TestModels.heads, name: "m", overrides: ["parameters.rhythm=off"])
        #expect(off.network.rhythms[0].mode == .off)
        let direct = try ConfigLoader.load(yaml: TestModels.heads, name: "m", overrides: ["rhythms.theta.mode=off"])
        #expect(direct.network.rhythms.map(\.mode) == [.off, .on])
        let bad = try #require(TestModels.error(TestModels.heads, overrides: ["parameters.rhythm=sideways"]))
        #expect(bad.path == "parameters.rhythm" && bad.message.contains("not one of"))
    }

    @Test func taskSeedDefaultsToTheSimulationSeedAndGapToZero() throws {
        let network = try ConfigLoader.load(yaml: TestModels.heads + "simulation: {seed: 99}\n", name: "m").network
        guard case .induction(let task)? = network.task else {
            Issue.record("no induction task")
            return
        }
        #expect(task.seed == 99 && task.gap == 0 && task.start == 10)
        #expect(network.deviceConnections == [
            DeviceConnectionSpec(device: 0, targets: [0], weight: 500, delay: 1),
            DeviceConnectionSpec(device: 1, targets: [1], weight: 500, delay: 1),
        ])
    }

    @Test func modelWithoutTheNewSectionsHasNone() throws {
        let network = try ConfigLoader.load(yaml: TestModels.brunel, name: "b").network
        #expect(network.rhythms.isEmpty && network.headPopulations.isEmpty && network.task == nil)
        #expect(network.spikeHeadCouplings.isEmpty && network.activationHeadCouplings.isEmpty && network.activationNeuronCouplings.isEmpty)
    }
}
