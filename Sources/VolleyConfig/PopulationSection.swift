// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `populations`: name -> {model, n, params, V_m}, in file order (which fixes global
/// neuron ids), with NEST's parameter names checked against the model. `rhythm_drive` names
/// rhythms, so `RhythmSection` reads it once the rhythms exist.
struct PopulationSection {
    let fields: FieldReader

    func read(_ node: ConfigNode?) throws(ConfigError) -> [PopulationSpec] {
        guard node != nil else {
            throw ConfigError(path: "populations", message: "the model file needs 'populations' (a mapping of population names to populations)")
        }
        let map = try MappingReader(node, at: "populations")
        guard !map.isEmpty else { throw ConfigError(path: "populations", message: "populations must define at least one population") }
        var out: [PopulationSpec] = []
        var total = 0
        for entry in map.entries {
            let path = "populations".key(entry.key)
            let population = try population(entry.key, entry.value, at: path)
            total += population.size
            // Global neuron ids are 32-bit in the engine.
            guard total < Int(UInt32.max) else {
                throw ConfigError(path: path.key("n"), message: "the model would have \(total) neurons; at most \(UInt32.max - 1) are supported")
            }
            out.append(population)
        }
        return out
    }

    /// Population and device names appear in CSV output and in `--set` key paths, so they
    /// cannot hold separators of either.
    static func checkName(_ name: String, at path: String) throws(ConfigError) {
        if name.isEmpty || name.contains(where: { $0.isWhitespace || ",.[]\"'".contains($0) }) {
            throw ConfigError(path: path, message: "'\(name)' cannot be a name: it must be non-empty, without spaces, dots, brackets, commas or quotes")
        }
    }

    private func population(_ name: String, _ node: ConfigNode, at path: String) throws(ConfigError) -> PopulationSpec {
        try Self.checkName(name, at: path)
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["model", "n", "params", "V_m", "rhythm_drive", "spike_times"])
        let kinds = NeuronModelKind.allCases.map(\.rawValue)
        let modelName = try fields.name(try map.required("model", hint: " (one of \(kinds.joined(separator: ", ")))"), at: path.key("model"))
        guard let kind = NeuronModelKind(rawValue: modelName) else {
            throw ConfigError(
                path: path.key("model"),
                message: "unknown neuron model '\(modelName)'\(NameSuggester.hint(for: modelName, among: kinds)) (known: \(kinds.joined(separator: ", ")))")
        }
        let size = try fields.integer(try map.required("n", hint: " (the number of neurons)"), at: path.key("n"))
        let model = try neuronModel(kind, params: map["params"], at: path.key("params"))
        var initial: ValueDistribution?
        var values: [Double]?
        if let vm = map["V_m"] {
            if let list = vm.elements {
                // One value per neuron, as a script that draws them itself gives them.
                guard list.count == size else {
                    throw ConfigError(path: path.key("V_m"), message: "V_m lists \(list.count) values for \(size) neurons")
                }
                var out: [Double] = []
                for (i, v) in list.enumerated() { out.append(try fields.number(v, at: path.key("V_m").index(i))) }
                values = out
            } else {
                initial = try fields.distribution(vm, at: path.key("V_m"))
            }
        }
        var times: [[Double]]?
        let timesPath = path.key("spike_times")
        if kind == .volleySpikeSource {
            times = try spikeTimes(try map.required("spike_times", hint: " (one list of times in ms per neuron)"), count: size, at: timesPath)
        } else if map["spike_times"] != nil {
            throw ConfigError(path: timesPath, message: "only a volley_spike_source population has spike_times (\(modelName) neurons fire by their dynamics)")
        }
        var population = PopulationSpec(name: name, size: size, model: model, initialMembranePotential: initial, spikeTimes: times)
        population.membranePotentials = values
        return population
    }

    /// One list of positive times (ms) per neuron; NEST's precise stamps place them on the grid.
    private func spikeTimes(_ node: ConfigNode, count: Int, at path: String) throws(ConfigError) -> [[Double]] {
        guard let lists = node.elements, lists.count == count else {
            throw ConfigError(path: path, message: "spike_times must be a list of \(count) lists of times (ms), one per neuron")
        }
        var out: [[Double]] = []
        for (i, list) in lists.enumerated() {
            guard let times = list.elements else {
                throw ConfigError(path: path.index(i), message: "neuron \(i)'s spike times must be a list of times (ms), not \(list.kindName)")
            }
            var neuron: [Double] = []
            for (k, t) in times.enumerated() {
                let ms = try fields.number(t, at: path.index(i).index(k))
                guard ms > 0 else { throw ConfigError(path: path.index(i).index(k), message: "spike time \(ms.configText) ms must be positive") }
                neuron.append(ms)
            }
            out.append(neuron)
        }
        return out
    }

    private func neuronModel(_ kind: NeuronModelKind, params node: ConfigNode?, at path: String) throws(ConfigError) -> NeuronModel {
        let map = try MappingReader(node, at: path)
        let infos = kind.parameters
        // Checked here, in file order and with a suggestion, before NeuronModel checks again.
        try map.allowOnly(infos.map(\.name), context: "for \(kind.rawValue)")
        var values: [String: Double] = [:]
        for entry in map.entries {
            // NEST's own default for V_min is unbounded, so -inf is a meaningful value there.
            values[entry.key] = try fields.number(entry.value, at: path.key(entry.key), allowInfinite: entry.key == "V_min")
        }
        do {
            return try NeuronModel(kind: kind, parameters: values)
        } catch {
            switch error {
            case .unknownParameter(let name, let model, let known):
                throw ConfigError(path: path.key(name), message: NameSuggester.unknownKey(name, where: "for \(model)", known: known))
            case .invalidValue(let name, let reason):
                let info = infos.first { $0.name == name }
                let value = values[name] ?? info?.defaultValue ?? .nan
                let given = values[name] == nil ? " (NEST's default)" : ""
                var message = "\(name) = \(value.configText) \(info?.unit ?? "")\(given): \(reason)"
                if name == "V_reset" {
                    let threshold = values["V_th"] ?? infos.first { $0.name == "V_th" }?.defaultValue ?? .nan
                    message += " (V_th = \(threshold.configText) mV)"
                }
                throw ConfigError(path: path.key(name), message: message)
            }
        }
    }
}
