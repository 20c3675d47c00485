// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyConfig

/// Bad rhythms, rhythm drives and tasks: each error names the key path and says what is wrong.
@Suite struct RhythmTaskErrorTests {
    /// The error after replacing `target` by `replacement` in the valid head model.
    private func error(_ target: String, _ replacement: String, overrides: [String] = []) throws -> ConfigError {
        let model = TestModels.replacingFirst(target, with: replacement, in: TestModels.heads)
        try #require(model != TestModels.heads, "'\(target)' is not in the model")
        return try #require(TestModels.error(model, overrides: overrides))
    }

    @Test func theBaseModelLoads() {
        #expect(TestModels.error(TestModels.heads) == nil)
    }

    @Test func rhythmNumbersAreChecked() throws {
        let frequency = try error("frequency: 4.0", "frequency: 0")
        #expect(frequency.path == "rhythms.theta.frequency" && frequency.message.contains("must be positive"))
        let cycles = try error("cycles: 8", "cycles: -2")
        #expect(cycles.path == "rhythms.gamma.cycles" && cycles.message.contains("must be positive"))
        let missing = try error("{frequency: 4.0, mode: rhythm}", "{mode: rhythm}")
        #expect(missing.path == "rhythms.theta.frequency" && missing.message.contains("needs 'frequency'"))
        let entrain = "{frequency: 4.0, entrain: {population: S0, gain: GAIN, lag: LAG}}"
        let gain = try error("{frequency: 4.0, mode: rhythm}", entrain.replacingOccurrences(of: "GAIN", with: "inf").replacingOccurrences(of: "LAG", with: "1"))
        #expect(gain.path == "rhythms.theta.entrain.gain" && gain.message.contains("finite"))
        let lag = try error("{frequency: 4.0, mode: rhythm}", entrain.replacingOccurrences(of: "GAIN", with: "0.1").replacingOccurrences(of: "LAG", with: "0"))
        #expect(lag.path == "rhythms.theta.entrain.lag" && lag.message.contains("positive integer"))
        let phase = try error("{frequency: 4.0,", "{frequency: 4.0, phase: nan,")
        #expect(phase.path == "rhythms.theta.phase")
    }

    @Test func nestingIsChecked() throws {
        let order = """
              gamma: {nested_in: theta, cycles: 8}
              theta: {frequency: 4.0, mode: rhythm}
            """
        let swapped = try error("  theta: {frequency: 4.0, mode: rhythm}\n  gamma: {nested_in: theta, cycles: 8}", order)
        #expect(swapped.path == "rhythms.gamma.nested_in" && swapped.message.contains("'theta' must come before 'gamma'"))
        let itself = try error("nested_in: theta", "nested_in: gamma")
        #expect(itself.path == "rhythms.gamma.nested_in" && itself.message.contains("nested in itself"))
        let typo = try error("nested_in: theta", "nested_in: tehta")
        #expect(typo.path == "rhythms.gamma.nested_in" && typo.message.contains("unknown rhythm 'tehta'") && typo.message.contains("did you mean 'theta'?"))
        let population = try error("nested_in: theta", "nested_in: S0")
        #expect(population.message.contains("'S0' is a population, not a rhythm"))
        let both = try error("{nested_in: theta, cycles: 8}", "{nested_in: theta, cycles: 8, frequency: 40.0}")
        #expect(both.path == "rhythms.gamma.frequency" && both.message.contains("leave frequency out"))
        let noCycles = try error("{nested_in: theta, cycles: 8}", "{nested_in: theta}")
        #expect(noCycles.path == "rhythms.gamma.cycles" && noCycles.message.contains("needs 'cycles'"))
        let noParent = try error("{frequency: 4.0, mode: rhythm}", "{frequency: 4.0, cycles: 2}")
        #expect(noParent.path == "rhythms.theta.cycles" && noParent.message.contains("needs nested_in"))
        let entrained = try error("{nested_in: theta, cycles: 8}", "{nested_in: theta, cycles: 8, entrain: {population: S0, gain: 1}}")
        #expect(entrained.path == "rhythms.gamma.entrain" && entrained.message.contains("entrain the parent ('theta')"))
    }

    @Test func modeMustBeOnOffOrScrambled() throws {
        let typo = try error("mode: rhythm", "mode: scrambeld")
        #expect(typo.path == "rhythms.theta.mode" && typo.message.contains("on, off or scrambled") && typo.message.contains("did you mean 'scrambled'?"))
        let number = try error("mode: rhythm", "mode: 1")
        #expect(number.path == "rhythms.theta.mode" && number.message.contains("got the number 1"))
        let string = try error("mode: rhythm", "mode: \"'sideways'\"")
        #expect(string.path == "rhythms.theta.mode" && string.message.contains("got the string 'sideways'"))
    }

    @Test func referencesFromRhythmsAndDrivesMustExist() throws {
        let population = try error("{frequency: 4.0, mode: rhythm}", "{frequency: 4.0, entrain: {population: S9, gain: 1}}")
        #expect(population.path == "rhythms.theta.entrain.population" && population.message.contains("unknown population 'S9'"))
        #expect(population.message.contains("did you mean 'S0' or 'S1'?"))
        let drive = try error("S0: {model: iaf_psc_exp, n: 2}", "S0: {model: iaf_psc_exp, n: 2, rhythm_drive: {rhythm: gama, amplitude: 1}}")
        #expect(drive.path == "populations.S0.rhythm_drive.rhythm" && drive.message.contains("unknown rhythm 'gama'") && drive.message.contains("'gamma'"))
        let listed = try error("S0: {model: iaf_psc_exp, n: 2}", "S0: {model: iaf_psc_exp, n: 2, rhythm_drive: [{rhythm: theta, amplitude: 1}, {rhythm: theta}]}")
        #expect(listed.path == "populations.S0.rhythm_drive[1].amplitude" && listed.message.contains("needs 'amplitude'"))
        let scalar = try error("S0: {model: iaf_psc_exp, n: 2}", "S0: {model: iaf_psc_exp, n: 2, rhythm_drive: theta}")
        #expect(scalar.path == "populations.S0.rhythm_drive" && scalar.message.contains("a list of them"))
    }

    @Test func namesAreUniqueAcrossKinds() throws {
        let rhythm = try error("  gamma: {nested_in", "  S1: {nested_in")
        #expect(rhythm.path == "rhythms.S1" && rhythm.message.contains("'S1' is already a population; a rhythm needs its own name"))
        let head = try error("  g:\n", "  S0:\n")
        #expect(head.path == "heads.S0" && head.message.contains("'S0' is already a population; a head population needs its own name"))
        let headRhythm = try error("  g:\n", "  theta:\n")
        #expect(headRhythm.path == "heads.theta" && headRhythm.message.contains("already a rhythm"))
        let device = try #require(TestModels.error(TestModels.heads + "devices:\n  theta: {model: dc_generator}\n"))
        #expect(device.path == "rhythms.theta" && device.message.contains("already a device"))
        let task = try #require(TestModels.error(TestModels.heads + "devices:\n  task_token_1: {model: dc_generator}\n"))
        #expect(task.path == "task" && task.message.contains("'task_token_1' is already a device"))
        let dotted = try error("  gamma: {nested_in", "  gam.ma: {nested_in")
        #expect(dotted.path == "rhythms.gam.ma" && dotted.message.contains("dots"))
    }

    @Test func taskNumbersAreChecked() throws {
        let prefix = try error("prefix: 2", "prefix: 3")
        #expect(prefix.path == "task.prefix" && prefix.message.contains("exceeds the vocabulary of 2"))
        let short = try error("prefix: 2", "prefix: 1")
        #expect(short.path == "task.prefix" && short.message.contains("integer ≥ 2"))
        let sequences = try error("sequences: 3", "sequences: 0")
        #expect(sequences.path == "task.sequences" && sequences.message.contains("positive integer"))
        let slot = try error("slot: 20.0", "slot: 0")
        #expect(slot.path == "task.slot" && slot.message.contains("must be positive"))
        let gap = try error("slot: 20.0", "slot: 20.0\n  gap: -1")
        #expect(gap.path == "task.gap" && gap.message.contains("must not be negative"))
        let start = try error("start: 10.0", "start: 0")
        #expect(start.path == "task.start" && start.message.contains("positive"))
        let seed = try error("slot: 20.0", "slot: 20.0\n  seed: -1")
        #expect(seed.path == "task.seed" && seed.message.contains("non-negative integer"))
        let delay = try error("{weight: 500.0}", "{weight: 500.0, delay: 0.15}")
        #expect(delay.path == "task.stimulus.delay" && delay.message.contains("not a multiple of the resolution"))
        let weight = try error("{weight: 500.0}", "{delay: 1.0}")
        #expect(weight.path == "task.stimulus.weight" && weight.message.contains("needs 'weight'"))
    }

    @Test func taskPopulationsAreChecked() throws {
        let count = try error("sensory: [S0, S1]", "sensory: [S0]")
        #expect(count.path == "task.sensory" && count.message.contains("lists 1 populations, but the vocabulary has 2 tokens"))
        let unknown = try error("motor: [M0, M1]", "motor: [M0, M2]")
        #expect(unknown.path == "task.motor[1]" && unknown.message.contains("unknown population 'M2'") && unknown.message.contains("did you mean"))
        let twice = try error("motor: [M0, M1]", "motor: [M0, M0]")
        #expect(twice.path == "task.motor[1]" && twice.message.contains("listed twice"))
        let head = try error("sensory: [S0, S1]", "sensory: [S0, h]")
        #expect(head.path == "task.sensory[1]" && head.message.contains("unknown population 'h'"))
        let kind = try error("kind: induction", "kind: inductoin")
        #expect(kind.path == "task.kind" && kind.message.contains("did you mean 'induction'?"))
    }

    @Test func unknownKeysInTheNewSectionsAreSuggested() throws {
        let rhythm = try error("{frequency: 4.0, mode: rhythm}", "{frequency: 4.0, mood: on}")
        #expect(rhythm.path == "rhythms.theta.mood" && rhythm.message.contains("did you mean 'mode'?"))
        let entrain = try error("{frequency: 4.0, mode: rhythm}", "{frequency: 4.0, entrain: {population: S0, gain: 1, lags: 2}}")
        #expect(entrain.path == "rhythms.theta.entrain.lags" && entrain.message.contains("did you mean 'lag'?"))
        let drive = try error("S0: {model: iaf_psc_exp, n: 2}", "S0: {model: iaf_psc_exp, n: 2, rhythm_drive: {rhythm: theta, amplitude: 1, ofset: 2}}")
        #expect(drive.path == "populations.S0.rhythm_drive.ofset" && drive.message.contains("did you mean 'offset'?"))
        let population = try error("S0: {model: iaf_psc_exp, n: 2}", "S0: {model: iaf_psc_exp, n: 2, rhythm_driv: {}}")
        #expect(population.path == "populations.S0.rhythm_driv" && population.message.contains("did you mean 'rhythm_drive'?"))
        let task = try error("sequences: 3", "sequence: 3")
        #expect(task.path == "task.sequence" && task.message.contains("did you mean 'sequences'?"))
        let stimulus = try error("{weight: 500.0}", "{weight: 500.0, dealy: 1.0}")
        #expect(stimulus.path == "task.stimulus.dealy" && stimulus.message.contains("did you mean 'delay'?"))
        let top = try #require(TestModels.error(TestModels.minimal + "rythms: {}\n"))
        #expect(top.path == "rythms" && top.message.contains("did you mean 'rhythms'?"))
    }
}
