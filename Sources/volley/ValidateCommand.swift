// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyConfig
import VolleyCore
import VolleyRuntime

/// `volley validate`: check a model file and describe the network it defines, without running it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model file and describe its network without running it (exit status 2 if it is bad)."
    )

    @Argument(help: "Model file (YAML).")
    var config: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value, e.g. --set parameters.g=6.", valueName: "KEY=VALUE"))
    var overrides: [String] = []

    func run() throws {
        let model: ModelConfig
        do { model = try ConfigLoader.load(path: config, overrides: overrides) } catch {
            throw RunInputError("\(config): \(error)")
        }
        let spec = model.network
        let compiled: CompiledNetwork
        do { compiled = try RunPlan(spec: spec, seed: model.seed, shards: 1, tSim: model.tSim).network } catch {
            throw RunInputError("\(config): \(error.message)")
        }
        var lines = ["\(config): ok — model '\(spec.name)', \(spec.neuronCount) neurons, resolution \(spec.resolution) ms, "
            + "d_min \(Double(compiled.epochSteps) * spec.resolution) ms, t_sim \(model.tSim) ms, seed \(model.seed)"]
        for p in spec.populations {
            lines.append("  population \(p.name): \(p.size) × \(p.model.kind.rawValue)")
        }
        for d in spec.devices { lines.append("  device \(d.name): \(d.model.nestName)") }
        var expected = 0.0
        for c in spec.projections {
            let ns = c.sources.reduce(0) { $0 + spec.populations[$1].size }
            let nt = c.targets.reduce(0) { $0 + spec.populations[$1].size }
            let n: Double = switch c.rule {
            case .oneToOne: Double(nt)
            case .allToAll: Double(ns * nt)
            case .fixedIndegree(let k): Double(k * nt)
            case .fixedOutdegree(let k): Double(k * ns)
            case .fixedTotalNumber(let k): Double(k)
            case .pairwiseBernoulli(let p): p * Double(ns * nt)
            case .explicit(.inline(let list)): Double(list.count)
            case .explicit(.file(let file)): Double(file.rows)
            }
            expected += n
            let names = { (ps: [Int]) in ps.map { spec.populations[$0].name }.joined(separator: "+") }
            // A list kept in a file is read again by every process that builds shards: say which.
            var rule = c.rule.nestName
            if case .explicit(.file(let file)) = c.rule { rule += " (rows read from \(file.path))" }
            lines.append("  \(names(c.sources)) → \(names(c.targets)): \(rule), about \(Int(n.rounded())) synapses")
        }
        for c in spec.deviceConnections {
            lines.append("  \(spec.devices[c.device].name) → \(c.targets.map { spec.populations[$0].name }.joined(separator: "+"))")
        }
        for r in spec.rhythms {
            let kind = r.nesting.map { "nested in \(spec.rhythms[$0.parent].name), \($0.cycles) cycles" }
                ?? (r.entrainment.map { "entrained by \(spec.populations[$0.population].name)" } ?? "free-running")
            lines.append("  rhythm \(r.name): \(r.frequency) Hz, \(kind), \(r.mode.rawValue)")
        }
        for h in spec.headPopulations {
            lines.append("  heads \(h.name): \(h.count) × attention (input \(h.inputDimension), key \(h.keyDimension), "
                + "value \(h.valueDimension), output \(h.outputDimension))")
        }
        let couplings = spec.spikeHeadCouplings.count + spec.activationNeuronCouplings.count + spec.activationHeadCouplings.count
        if couplings > 0 { lines.append("  \(couplings) couplings between spikes, heads and neurons") }
        if case .induction(let t)? = spec.task {
            lines.append("  task induction: \(t.sequences) sequences of \(2 * t.prefixLength) tokens from \(t.vocabulary)")
        }
        lines.append("  about \(Int(expected.rounded())) synapses in all")
        Console.output(lines.joined(separator: "\n") + "\n")
    }
}
