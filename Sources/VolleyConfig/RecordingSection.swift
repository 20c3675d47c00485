// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `recording`: which populations' spikes to record, and voltmeters on chosen neurons.
struct RecordingSection {
    let fields: FieldReader
    let grid: TimeGrid
    let populations: [PopulationSpec]

    func read(_ node: ConfigNode?) throws(ConfigError) -> RecordingSpec {
        let map = try MappingReader(node, at: "recording")
        try map.allowOnly(["spikes", "V_m"])
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
                spec.voltmeters.append(try voltmeter(element, at: "recording.V_m".index(i)))
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

    private func voltmeter(_ node: ConfigNode, at path: String) throws(ConfigError) -> VoltmeterSpec {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["population", "neurons", "interval"])
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
        return VoltmeterSpec(population: index, neurons: neurons, interval: interval)
    }
}
