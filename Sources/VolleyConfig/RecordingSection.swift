// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `recording`: which populations' spikes to record, voltmeters (`V_m`) and multimeters
/// (any recordable, NEST's `record_from`) on chosen neurons.
struct RecordingSection {
    let fields: FieldReader
    let grid: TimeGrid
    let populations: [PopulationSpec]

    func read(_ node: ConfigNode?) throws(ConfigError) -> RecordingSpec {
        let map = try MappingReader(node, at: "recording")
        try map.allowOnly(["spikes", "V_m", "multimeters"])
        var spec = RecordingSpec()
        if let spikes = map["spikes"], spikes.scalarValue?.text != "all" {
            let names = spikes.elements?.isEmpty == true ? [] : try fields.names(spikes, at: "recording.spikes")
            var indices: [Int] = []
            for (i, name) in names.enumerated() {
                let p = spikes.elements == nil ? "recording.spikes" : "recording.spikes".index(i)
                let index = try population(name, at: p)
                guard !indices.contains(index) else { throw ConfigError(path: p, message: "population '\(name)' is listed twice") }
                indices.append(index)
            }
            spec.spikePopulations = indices
        }
        if let vm = map["V_m"], vm.scalarValue?.kind != .null {
            guard let elements = vm.elements else {
                throw ConfigError(path: "recording.V_m", message: "V_m must be a list of voltmeters ({population, neurons, interval}), not \(vm.kindName)")
            }
            for (i, element) in elements.enumerated() {
                spec.voltmeters.append(try voltmeter(element, at: "recording.V_m".index(i), multimeter: false))
            }
        }
        if let mm = map["multimeters"], mm.scalarValue?.kind != .null {
            guard let elements = mm.elements else {
                throw ConfigError(
                    path: "recording.multimeters",
                    message: "multimeters must be a list of {population, neurons, record_from, interval}, not \(mm.kindName)")
            }
            for (i, element) in elements.enumerated() {
                spec.voltmeters.append(try voltmeter(element, at: "recording.multimeters".index(i), multimeter: true))
            }
        }
        return spec
    }

    private func population(_ name: String, at path: String) throws(ConfigError) -> Int {
        guard let index = populations.firstIndex(where: { $0.name == name }) else {
            let known = populations.map(\.name)
            throw ConfigError(
                path: path,
                message: "unknown population '\(name)'\(NameSuggester.hint(for: name, among: known)) (known: \(NameSuggester.knownList(known)))")
        }
        return index
    }

    private func voltmeter(_ node: ConfigNode, at path: String, multimeter: Bool) throws(ConfigError) -> VoltmeterSpec {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(multimeter ? ["population", "neurons", "interval", "record_from"] : ["population", "neurons", "interval"])
        let index = try population(try fields.name(try map.required("population"), at: path.key("population")), at: path.key("population"))
        let size = populations[index].size
        let neuronsNode = try map.required("neurons", hint: " (a list of 0-based indices, or 'all')")
        var neurons: [Int] = []
        if neuronsNode.scalarValue?.text == "all" {
            neurons = Array(0..<size)
        } else {
            guard let elements = neuronsNode.elements else {
                throw ConfigError(path: path.key("neurons"), message: "neurons must be a list of 0-based indices or 'all', not \(neuronsNode.kindName)")
            }
            for (i, element) in elements.enumerated() {
                let p = path.key("neurons").index(i)
                let n = try fields.integer(element, at: p)
                guard n < size else {
                    throw ConfigError(path: p, message: "neuron \(n) is out of range: \(populations[index].name) has \(size) neurons (0 to \(size - 1))")
                }
                guard !neurons.contains(n) else { throw ConfigError(path: p, message: "neuron \(n) is listed twice") }
                neurons.append(n)
            }
        }
        var interval = grid.resolution
        if let node = map["interval"] {
            interval = try fields.number(node, at: path.key("interval"))
            guard interval > 0, let steps = grid.exactSteps(interval), steps >= 1 else {
                throw ConfigError(
                    path: path.key("interval"),
                    message: "interval \(interval.configText) ms must be a positive multiple of the resolution \(grid.resolution.configText) ms")
            }
        }
        var recordFrom = ["V_m"]
        if multimeter {
            recordFrom = try recordables(try map.required("record_from", hint: " (a list of recordables, e.g. [V_m, g_ex])"),
                                         model: populations[index].model.kind, at: path.key("record_from"))
        }
        return VoltmeterSpec(population: index, neurons: neurons, interval: interval, recordFrom: recordFrom)
    }

    /// A multimeter's `record_from`: recordables of the population's model, each once.
    private func recordables(_ node: ConfigNode, model: NeuronModelKind, at path: String) throws(ConfigError) -> [String] {
        let names = try fields.names(node, at: path)
        guard !names.isEmpty else { throw ConfigError(path: path, message: "record_from needs at least one recordable") }
        var out: [String] = []
        for (i, name) in names.enumerated() {
            let p = node.elements == nil ? path : path.index(i)
            guard model.recordableIndex(name) != nil else {
                let known = model.recordables
                throw ConfigError(
                    path: p,
                    message: "\(model.rawValue) has no recordable '\(name)'\(NameSuggester.hint(for: name, among: known)) (it records: \(known.joined(separator: ", ")))")
            }
            guard !out.contains(name) else { throw ConfigError(path: p, message: "recordable '\(name)' is listed twice") }
            out.append(name)
        }
        return out
    }
}
