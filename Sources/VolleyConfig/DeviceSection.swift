// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `devices`: name -> {model, params} for NEST's generators, with NEST's defaults and
/// NEST's checks (times on the step grid, stop not before start).
struct DeviceSection {
    let fields: FieldReader
    let grid: TimeGrid

    static let models = ["poisson_generator", "dc_generator", "spike_generator"]

    func read(_ node: ConfigNode?, populations: [PopulationSpec]) throws(ConfigError) -> [DeviceSpec] {
        let map = try MappingReader(node, at: "devices")
        var out: [DeviceSpec] = []
        for entry in map.entries {
            let path = "devices".key(entry.key)
            try PopulationSection.checkName(entry.key, at: path)
            if populations.contains(where: { $0.name == entry.key }) {
                throw ConfigError(path: path, message: "'\(entry.key)' is already a population; a device needs its own name")
            }
            out.append(DeviceSpec(name: entry.key, model: try device(entry.value, at: path)))
        }
        return out
    }

    private func device(_ node: ConfigNode, at path: String) throws(ConfigError) -> DeviceModel {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["model", "params"])
        let known = Self.models.joined(separator: ", ")
        let model = try fields.name(try map.required("model", hint: " (one of \(known))"), at: path.key("model"))
        let paramsPath = path.key("params")
        let params = try MappingReader(map["params"], at: paramsPath)
        switch model {
        case "poisson_generator":
            try params.allowOnly(["rate", "start", "stop"], context: "for poisson_generator")
            let rate = try number(params, "rate", at: paramsPath, default: 0)
            guard rate >= 0 else { throw ConfigError(path: paramsPath.key("rate"), message: "rate \(rate.configText) Hz must not be negative") }
            let (start, stop) = try window(params, at: paramsPath)
            return .poissonGenerator(rate: rate, start: start, stop: stop)
        case "dc_generator":
            try params.allowOnly(["amplitude", "start", "stop"], context: "for dc_generator")
            let amplitude = try number(params, "amplitude", at: paramsPath, default: 0)
            let (start, stop) = try window(params, at: paramsPath)
            return .dcGenerator(amplitude: amplitude, start: start, stop: stop)
        case "spike_generator":
            try params.allowOnly(["spike_times", "spike_weights"], context: "for spike_generator")
            let times = try list(params["spike_times"], at: paramsPath.key("spike_times"))
            for (i, t) in times.enumerated() {
                let p = paramsPath.key("spike_times").index(i)
                guard t > 0 else { throw ConfigError(path: p, message: "spike time \(t.configText) ms must be positive") }
                guard grid.exactSteps(t) != nil else {
                    throw ConfigError(path: p, message: "spike time \(t.configText) ms is not a multiple of the resolution \(grid.resolution.configText) ms")
                }
                if i > 0 && t < times[i - 1] {
                    throw ConfigError(path: p, message: "spike times must be sorted: \(t.configText) ms comes after \(times[i - 1].configText) ms")
                }
            }
            let weights = try list(params["spike_weights"], at: paramsPath.key("spike_weights"))
            guard params["spike_weights"] == nil || weights.count == times.count else {
                throw ConfigError(
                    path: paramsPath.key("spike_weights"),
                    message: "spike_weights has \(weights.count) entries but spike_times has \(times.count); give one weight per spike")
            }
            return .spikeGenerator(spikeTimes: times, spikeWeights: weights)
        default:
            throw ConfigError(
                path: path.key("model"),
                message: "unknown device model '\(model)'\(NameSuggester.hint(for: model, among: Self.models)) (known: \(known))")
        }
    }

    private func number(_ params: MappingReader, _ key: String, at path: String, default value: Double) throws(ConfigError) -> Double {
        guard let node = params[key] else { return value }
        return try fields.number(node, at: path.key(key))
    }

    /// `start` and `stop` in ms: on the grid (or `stop: inf`), and stop not before start.
    private func window(_ params: MappingReader, at path: String) throws(ConfigError) -> (Double, Double) {
        var start = 0.0, stop = Double.infinity
        if let node = params["start"] {
            start = try fields.number(node, at: path.key("start"))
            guard start >= 0 else { throw ConfigError(path: path.key("start"), message: "start \(start.configText) ms must not be negative") }
            try onGrid(start, "start", at: path.key("start"))
        }
        if let node = params["stop"] {
            stop = try fields.number(node, at: path.key("stop"), allowInfinite: true)
            if stop.isFinite { try onGrid(stop, "stop", at: path.key("stop")) }
            guard stop >= start else {
                throw ConfigError(path: path.key("stop"), message: "stop \(stop.configText) ms is before start \(start.configText) ms")
            }
        }
        return (start, stop)
    }

    private func onGrid(_ t: Double, _ name: String, at path: String) throws(ConfigError) {
        guard grid.exactSteps(t) != nil else {
            throw ConfigError(path: path, message: "\(name) \(t.configText) ms is not a multiple of the resolution \(grid.resolution.configText) ms")
        }
    }

    private func list(_ node: ConfigNode?, at path: String) throws(ConfigError) -> [Double] {
        guard let node else { return [] }
        if node.scalarValue?.kind == .null { return [] }
        guard let elements = node.elements else {
            throw ConfigError(path: path, message: "\(path.lastKey) must be a list, e.g. [10.0, 20.0], not \(node.kindName)")
        }
        var out: [Double] = []
        for (i, element) in elements.enumerated() { out.append(try fields.number(element, at: path.index(i))) }
        return out
    }
}
