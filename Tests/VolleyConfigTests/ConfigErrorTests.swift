// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyConfig

/// One test per class of bad config: each must name the key path and say what is wrong.
@Suite struct ConfigErrorTests {
    private func error(_ yaml: String, overrides: [String] = []) throws -> ConfigError {
        try #require(TestModels.error(yaml, overrides: overrides))
    }

    @Test func descriptionJoinsPathAndMessage() {
        #expect(ConfigError(path: "a.b", message: "bad").description == "a.b: bad")
        #expect(ConfigError(path: "", message: "bad").description == "bad")
    }

    @Test func unknownTopLevelKey() throws {
        let e = try error(TestModels.minimal + "populatons: {}\n")
        #expect(e.path == "populatons")
        #expect(e.message.contains("unknown key 'populatons'") && e.message.contains("did you mean 'populations'?"))
    }

    @Test func energyPricesMustBeKnownAndNotNegative() throws {
        let negative = try error(TestModels.minimal + "energy: {atp_per_spike: -1.0}\n")
        #expect(negative.path == "energy.atp_per_spike" && negative.message.contains("≥ 0"))
        let unknown = try error(TestModels.minimal + "energy: {atp_per_spikes: 1.0}\n")
        #expect(unknown.path == "energy.atp_per_spikes" && unknown.message.contains("did you mean 'atp_per_spike'?"))
        let set = try error(TestModels.minimal, overrides: ["energy.atp_per_neuron_second=-5"])
        #expect(set.path == "energy.atp_per_neuron_second")
    }

    @Test func unknownPopulationKey() throws {
        let e = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, size: 3}\n")
        #expect(e.path == "populations.E.size")
        #expect(e.message.contains("unknown key 'size'") && e.message.contains("model, n, params, V_m"))
    }

    @Test func unknownNeuronParameterSuggestsTheNestName() throws {
        let e = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, params: {tau_mm: 10.0}}\n")
        #expect(e.path == "populations.E.params.tau_mm")
        #expect(e.description == "populations.E.params.tau_mm: unknown key 'tau_mm' for iaf_psc_delta (did you mean 'tau_m'?)")
        let exp = try error("populations:\n  E: {model: iaf_psc_exp, n: 1, params: {V_min: -80.0}}\n")
        #expect(exp.path == "populations.E.params.V_min" && exp.message.contains("for iaf_psc_exp"))
    }

    @Test func unknownConnSpecKey() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, conn_spec: {rule: fixed_indegree, indegree: 2, p: 0.1}}\n")
        #expect(e.path == "connections[0].conn_spec.p")
        #expect(e.message.contains("unknown key 'p' for rule fixed_indegree"))
    }

    @Test func unknownSynSpecKey() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, syn_spec: {wieght: 2.0}}\n")
        #expect(e.path == "connections[0].syn_spec.wieght")
        #expect(e.message.contains("did you mean 'weight'?"))
    }

    @Test func unknownDeviceParameter() throws {
        let e = try error(TestModels.minimal + "devices:\n  pg: {model: poisson_generator, params: {rates: 10.0}}\n")
        #expect(e.path == "devices.pg.params.rates")
        #expect(e.message.contains("unknown key 'rates' for poisson_generator") && e.message.contains("'rate'"))
    }

    @Test func wrongTypeNamesTheKey() throws {
        let word = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, params: {tau_m: fast}}\n")
        #expect(word.path == "populations.E.params.tau_m")
        #expect(word.message.contains("tau_m") && word.message.contains("'fast'"))
        let list = try error("populations:\n  E: {model: iaf_psc_delta, n: [1]}\n")
        #expect(list.path == "populations.E.n")
        #expect(list.message.contains("n must be a number") && list.message.contains("list"))
        let flag = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, params: {C_m: true}}\n")
        #expect(flag.path == "populations.E.params.C_m" && flag.message.contains("expected a number for C_m"))
    }

    @Test func connectionToAnUnknownPopulation() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: [E, Inh]}\n")
        #expect(e.path == "connections[0].target[1]")
        #expect(e.message.contains("unknown population 'Inh'") && e.message.contains("known: E"))
    }

    @Test func negativeDelay() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, syn_spec: {delay: -1}}\n")
        #expect(e.path == "connections[0].syn_spec.delay")
        #expect(e.message.contains("delay -1 ms must be positive"))
    }

    @Test func offGridDelay() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: E}\n  - {source: E, target: E, syn_spec: {delay: 1.55}}\n")
        #expect(e.description == "connections[1].syn_spec.delay: delay 1.55 ms is not a multiple of the resolution 0.1 ms")
    }

    @Test func drawnDelayThatCanRoundToZero() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, syn_spec: {delay: {distribution: normal, mean: 1.0, std: 0.5}}}\n")
        #expect(e.path == "connections[0].syn_spec.delay")
        #expect(e.message.contains("min ≥ 0.05 ms"))
    }

    @Test func probabilityOutsideTheUnitInterval() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, conn_spec: {rule: pairwise_bernoulli, p: 1.5}}\n")
        #expect(e.path == "connections[0].conn_spec.p")
        #expect(e.message.contains("1.5") && e.message.contains("[0, 1]"))
    }

    @Test func unknownNeuronModel() throws {
        let e = try error("populations:\n  E: {model: iaf_psc_nonsense, n: 1}\n")
        #expect(e.path == "populations.E.model")
        #expect(e.message.contains("iaf_psc_nonsense") && e.message.contains("iaf_psc_delta"))
    }

    @Test func unknownRule() throws {
        let e = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, conn_spec: {rule: fixed_nonsense}}\n")
        #expect(e.path == "connections[0].conn_spec.rule")
        #expect(e.message.contains("fixed_nonsense") && e.message.contains("fixed_indegree"))
    }

    @Test func unknownDeviceModel() throws {
        let e = try error(TestModels.minimal + "devices:\n  x: {model: poisson_generater}\n")
        #expect(e.path == "devices.x.model")
        #expect(e.message.contains("did you mean 'poisson_generator'?") && e.message.contains("spike_generator"))
    }

    @Test func truncatedYAMLIsAParseErrorWithALine() throws {
        let e = try error("populations: [\n")
        #expect(e.path == "")
        #expect(e.message.contains("invalid YAML at line 2"))
        let duplicate = try error("populations:\n  E: {model: iaf_psc_delta, n: 1}\n  E: {model: iaf_psc_delta, n: 2}\n")
        #expect(duplicate.message.contains("duplicate key 'E'") && duplicate.message.contains("line"))
    }

    @Test func missingFileNamesThePath() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/dir/brunel.yaml")
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(error.message.contains("/nonexistent/dir/brunel.yaml") && error.message.contains("no such file"))
        }
    }

    @Test func unknownSetKey() throws {
        let e = try error(TestModels.brunel, overrides: ["parameters.nonsense=1"])
        #expect(e.path == "parameters.nonsense")
        #expect(e.message.contains("unknown key 'nonsense' in parameters") && e.message.contains("order, epsilon, g"))
    }

    @Test func cyclicDerivedValuesNameTheCycle() throws {
        let e = try error(TestModels.minimal + "derived:\n  a: b + 1\n  b: 2 * c\n  c: a\n")
        #expect(e.path == "derived.a")
        #expect(e.message.contains("cyclic") && e.message.contains("a -> b -> c -> a"))
    }

    @Test func nonIntegerPopulationSize() throws {
        let e = try error("parameters: {N: 10}\npopulations:\n  E: {model: iaf_psc_delta, n: N / 4}\n")
        #expect(e.path == "populations.E.n")
        #expect(e.message.contains("non-negative integer") && e.message.contains("2.5"))
    }

    @Test func neuronParameterConstraint() throws {
        let e = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, params: {V_th: -60.0, V_reset: -55.0}}\n")
        #expect(e.path == "populations.E.params.V_reset")
        #expect(e.message.contains("below the threshold") && e.message.contains("-60"))
    }

    @Test func parameterConstraints() throws {
        let choice = try error(TestModels.brunel, overrides: ["parameters.background=foo"])
        #expect(choice.description == "parameters.background: 'foo' is not one of poisson, dc")
        let minimum = try error(TestModels.brunel, overrides: ["parameters.order=0"])
        #expect(minimum.path == "parameters.order" && minimum.message.contains("below the minimum 1"))
    }

    @Test func simulationTimesMustFitTheGrid() throws {
        let tSim = try error(TestModels.minimal + "simulation: {t_sim: 100.05}\n")
        #expect(tSim.path == "simulation.t_sim" && tSim.message.contains("not a multiple of the resolution"))
        let resolution = try error(TestModels.minimal + "simulation: {resolution: 0.0001}\n")
        #expect(resolution.path == "simulation.resolution" && resolution.message.contains("microseconds"))
        let seed = try error(TestModels.minimal + "simulation: {seed: -3}\n")
        #expect(seed.path == "simulation.seed" && seed.message.contains("non-negative integer"))
    }

    @Test func connectionRulesNestWouldRefuse() throws {
        let oneToOne = try error(TestModels.minimal + "  I: {model: iaf_psc_delta, n: 3}\nconnections:\n  - {source: E, target: I, conn_spec: {rule: one_to_one}}\n")
        #expect(oneToOne.path == "connections[0].conn_spec.rule" && oneToOne.message.contains("(10) as targets (3)"))
        let indegree = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, conn_spec: {rule: fixed_indegree, indegree: 10, allow_autapses: false, allow_multapses: false}}\n")
        #expect(indegree.path == "connections[0].conn_spec.indegree" && indegree.message.contains("9 distinct sources"))
        let total = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, conn_spec: {rule: fixed_total_number, N: 5, allow_multapses: false}}\n")
        #expect(total.path == "connections[0].conn_spec.allow_multapses")
        let missing = try error(TestModels.minimal + "connections:\n  - {source: E, target: E, conn_spec: {rule: fixed_outdegree}}\n")
        #expect(missing.path == "connections[0].conn_spec.outdegree" && missing.message.contains("needs 'outdegree'"))
    }

    @Test func devicesConnectOnlyAsSourcesWithConstants() throws {
        let devices = TestModels.minimal + "devices:\n  pg: {model: poisson_generator, params: {rate: 5.0}}\nconnections:\n"
        let target = try error(devices + "  - {source: E, target: pg}\n")
        #expect(target.path == "connections[0].target" && target.message.contains("'pg' is a device"))
        let drawn = try error(devices + "  - {source: pg, target: E, syn_spec: {weight: {distribution: uniform, min: 0, max: 1}}}\n")
        #expect(drawn.path == "connections[0].syn_spec.weight" && drawn.message.contains("constant weight"))
        let rule = try error(devices + "  - {source: pg, target: E, conn_spec: {rule: one_to_one}}\n")
        #expect(rule.path == "connections[0].conn_spec.rule" && rule.message.contains("all_to_all"))
        let mixed = try error(devices + "  - {source: [pg, E], target: E}\n")
        #expect(mixed.path == "connections[0].source" && mixed.message.contains("only source"))
    }

    @Test func deviceParametersAreChecked() throws {
        let base = TestModels.minimal + "devices:\n"
        let unsorted = try error(base + "  sg: {model: spike_generator, params: {spike_times: [2.0, 1.0]}}\n")
        #expect(unsorted.path == "devices.sg.params.spike_times[1]" && unsorted.message.contains("sorted"))
        let offGrid = try error(base + "  sg: {model: spike_generator, params: {spike_times: [1.05]}}\n")
        #expect(offGrid.path == "devices.sg.params.spike_times[0]" && offGrid.message.contains("resolution"))
        let weights = try error(base + "  sg: {model: spike_generator, params: {spike_times: [1.0], spike_weights: [1.0, 2.0]}}\n")
        #expect(weights.path == "devices.sg.params.spike_weights" && weights.message.contains("one weight per spike"))
        let window = try error(base + "  dc: {model: dc_generator, params: {amplitude: 1.0, start: 10.0, stop: 5.0}}\n")
        #expect(window.path == "devices.dc.params.stop" && window.message.contains("before start"))
        let rate = try error(base + "  pg: {model: poisson_generator, params: {rate: -1.0}}\n")
        #expect(rate.path == "devices.pg.params.rate" && rate.message.contains("negative"))
    }

    @Test func distributionsAreChecked() throws {
        let unknown = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, V_m: {distribution: lognormal}}\n")
        #expect(unknown.path == "populations.E.V_m.distribution" && unknown.message.contains("lognormal"))
        let bounds = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, V_m: {distribution: uniform, min: 2, max: 1}}\n")
        #expect(bounds.path == "populations.E.V_m.min" && bounds.message.contains("below max"))
        let key = try error("populations:\n  E: {model: iaf_psc_delta, n: 1, V_m: {distribution: normal, mu: 1}}\n")
        #expect(key.path == "populations.E.V_m.mu" && key.message.contains("for distribution normal"))
    }

    @Test func structuralProblems() throws {
        #expect(try error("").message.contains("empty"))
        #expect(try error("- a\n- b\n").message.contains("must be a mapping"))
        let noPopulations = try error("simulation: {t_sim: 10}\n")
        #expect(noPopulations.path == "populations" && noPopulations.message.contains("needs 'populations'"))
        let missingModel = try error("populations:\n  E: {n: 1}\n")
        #expect(missingModel.path == "populations.E.model" && missingModel.message.contains("needs 'model'"))
        let dotted = try error("populations:\n  L2.3E: {model: iaf_psc_delta, n: 1}\n")
        #expect(dotted.path == "populations.L2.3E" && dotted.message.contains("dots"))
        let clash = try error(TestModels.minimal + "devices:\n  E: {model: dc_generator}\n")
        #expect(clash.path == "devices.E" && clash.message.contains("already a population"))
        let huge = try error("populations:\n  E: {model: iaf_psc_delta, n: 3e9}\n  I: {model: iaf_psc_delta, n: 3e9}\n")
        #expect(huge.path == "populations.I.n" && huge.message.contains("neurons"))
        let voltmeter = try error(TestModels.minimal + "recording:\n  V_m: [{population: E, neurons: [10]}]\n")
        #expect(voltmeter.path == "recording.V_m[0].neurons[0]" && voltmeter.message.contains("out of range"))
    }
}
