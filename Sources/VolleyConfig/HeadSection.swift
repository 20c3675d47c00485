// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `heads`: name -> attention-head population, in file order, with every weight matrix's
/// shape checked against the population's dimensions, so that the engine never multiplies
/// mismatched matrices.
struct HeadSection {
    let fields: FieldReader
    let matrices: MatrixReader
    let rhythms: [RhythmSpec]

    func read(_ node: ConfigNode?, names: inout ModelNames) throws(ConfigError) -> [HeadPopulationSpec] {
        let map = try MappingReader(node, at: "heads")
        var out: [HeadPopulationSpec] = []
        for entry in map.entries {
            let path = "heads".key(entry.key)
            try names.claim(entry.key, kind: "head population", at: path)
            out.append(try head(entry.key, entry.value, names: names, at: path))
        }
        return out
    }

    private func head(_ name: String, _ node: ConfigNode, names: ModelNames, at path: String) throws(ConfigError) -> HeadPopulationSpec {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["n", "dimensions", "embedding", "weights", "weight_noise", "rotary", "context", "temperature", "threshold", "residual", "scale"])
        let count = try map["n"].map { n throws(ConfigError) in try fields.integer(n, at: path.key("n"), minimum: 1) } ?? 1

        let dimPath = path.key("dimensions")
        let dims = try MappingReader(try map.required("dimensions", hint: " ({input, key, value, output})"), at: dimPath)
        try dims.allowOnly(["input", "key", "value", "output"])
        func dimension(_ key: String) throws(ConfigError) -> Int {
            try fields.integer(try dims.required(key), at: dimPath.key(key), minimum: 1)
        }
        let input = try dimension("input"), key = try dimension("key"), value = try dimension("value")
        let output = try dims["output"].map { n throws(ConfigError) in try fields.integer(n, at: dimPath.key("output"), minimum: 1) } ?? value

        var embedding: Matrix?
        if let node = map["embedding"], node.scalarValue?.text != "identity" {
            let m = try matrices.matrix(node, at: path.key("embedding"))
            guard m.columns == input else {
                throw ConfigError(
                    path: path.key("embedding"),
                    message: "embedding must have input (\(input)) columns, got \(m.rows) × \(m.columns)")
            }
            embedding = m
        }

        let weightsPath = path.key("weights")
        let weights = try MappingReader(try map.required("weights", hint: " (W_Q, W_K, W_V and optionally W_O)"), at: weightsPath)
        try weights.allowOnly(["W_Q", "W_K", "W_V", "W_O"])
        func weight(_ key: String, _ node: ConfigNode, rows: Int, columns: Int, meaning: String) throws(ConfigError) -> MatrixSource {
            let source = try matrices.source(node, at: weightsPath.key(key))
            if case .given(let m) = source {
                try MatrixReader.checkShape(m, rows: rows, columns: columns, meaning: meaning, at: weightsPath.key(key))
            }
            return source
        }
        var queries = try weight("W_Q", try weights.required("W_Q"), rows: key, columns: input, meaning: "key × input")
        var keys = try weight("W_K", try weights.required("W_K"), rows: key, columns: input, meaning: "key × input")
        var values = try weight("W_V", try weights.required("W_V"), rows: value, columns: input, meaning: "value × input")
        var outputWeights = try weights["W_O"].map { n throws(ConfigError) in
            try weight("W_O", n, rows: output, columns: value, meaning: "output × value")
        }
        if let node = map["weight_noise"] {
            let noisePath = path.key("weight_noise")
            let noise = try MappingReader(node, at: noisePath)
            try noise.allowOnly(["std", "seed"])
            let std = try fields.number(try noise.required("std"), at: noisePath.key("std"))
            guard std >= 0, std.isFinite else {
                throw ConfigError(path: noisePath.key("std"), message: "std \(std.configText) must be a finite number ≥ 0")
            }
            let seed = try noise["seed"].map { n throws(ConfigError) in try fields.seed(n, at: noisePath.key("seed")) } ?? 1
            let corrupt = WeightNoise(std: std, seed: seed)
            for (k, m) in [("W_Q", queries), ("W_K", keys), ("W_V", values)] where !m.isGiven {
                throw ConfigError(path: weightsPath.key(k), message: "weight_noise corrupts given matrices; \(k) is drawn (seeded) already")
            }
            queries = corrupt(queries, matrix: 0)
            keys = corrupt(keys, matrix: 1)
            values = corrupt(values, matrix: 2)
            outputWeights = outputWeights.map { corrupt($0, matrix: 3) }
        }
        if outputWeights == nil && output != value {
            throw ConfigError(
                path: dimPath.key("output"),
                message: "without W_O a head outputs its attended values, so output must equal value (\(value)), got \(output)")
        }

        let rotary = try map["rotary"].map { n throws(ConfigError) in try self.rotary(n, keyDimension: key, names: names, at: path.key("rotary")) }
        let context = try self.context(try map.required("context", hint: " ({window: ms}, {last: N} or {cycle: rhythm})"), names: names, at: path.key("context"))
        let temperature = try map["temperature"].map { n throws(ConfigError) in try fields.number(n, at: path.key("temperature")) } ?? 1
        guard temperature > 0 else {
            throw ConfigError(path: path.key("temperature"), message: "temperature \(temperature.configText) must be positive")
        }
        let threshold = try map["threshold"].map { n throws(ConfigError) in try fields.number(n, at: path.key("threshold")) } ?? 0
        guard (0...1).contains(threshold) else {
            throw ConfigError(path: path.key("threshold"), message: "threshold \(threshold.configText) must lie in [0, 1] (it gates the largest attention weight)")
        }
        let residual = try map["residual"].map { n throws(ConfigError) in try fields.bool(n, at: path.key("residual")) } ?? false
        if residual && output != input {
            throw ConfigError(
                path: path.key("residual"),
                message: "a residual head adds its input to its output, so output (\(output)) must equal input (\(input))")
        }
        let scale = try map["scale"].map { n throws(ConfigError) in try fields.number(n, at: path.key("scale")) }
        if let scale, scale <= 0 {
            throw ConfigError(path: path.key("scale"), message: "scale \(scale.configText) must be positive")
        }
        return HeadPopulationSpec(
            name: name, count: count, inputDimension: input, keyDimension: key, valueDimension: value, outputDimension: output,
            embedding: embedding, queries: queries, keys: keys, values: values, output: outputWeights, rotary: rotary,
            context: context, temperature: temperature, threshold: threshold, residual: residual, scoreScale: scale)
    }

    private func rotary(_ node: ConfigNode, keyDimension: Int, names: ModelNames, at path: String) throws(ConfigError) -> RotarySpec {
        let map = try MappingReader(node, at: path)
        try map.allowOnly(["rhythm", "harmonics"])
        let rhythmName = try fields.name(try map.required("rhythm"), at: path.key("rhythm"))
        let rhythm = try names.index(of: rhythmName, in: rhythms.map(\.name), kind: "rhythm", at: path.key("rhythm"))
        let list = try map.required("harmonics", hint: " (a list of multiples of the rhythm's phase, e.g. [1, 2])")
        guard let elements = list.elements, !elements.isEmpty else {
            throw ConfigError(path: path.key("harmonics"), message: "harmonics must be a non-empty list of numbers, not \(list.kindName)")
        }
        var harmonics: [Double] = []
        for (i, element) in elements.enumerated() {
            harmonics.append(try fields.number(element, at: path.key("harmonics").index(i)))
        }
        // Each harmonic rotates one pair of query and key dimensions.
        guard 2 * harmonics.count <= keyDimension else {
            throw ConfigError(
                path: path.key("harmonics"),
                message: "\(harmonics.count) harmonics rotate \(2 * harmonics.count) key dimensions, but key is \(keyDimension)")
        }
        return RotarySpec(rhythm: rhythm, harmonics: harmonics)
    }

    private func context(_ node: ConfigNode, names: ModelNames, at path: String) throws(ConfigError) -> HeadContext {
        let map = try MappingReader(node, at: path)
        let kinds = ["window", "last", "cycle"]
        try map.allowOnly(kinds)
        guard map.keys.count == 1, let kind = map.keys.first else {
            throw ConfigError(
                path: path,
                message: "context needs exactly one of window (ms), last (events) or cycle (a rhythm)\(map.isEmpty ? "" : ", got \(map.keys.joined(separator: " and "))")")
        }
        let valuePath = path.key(kind)
        let valueNode = try map.required(kind)
        switch kind {
        case "window":
            let ms = try fields.number(valueNode, at: valuePath)
            guard ms > 0 else { throw ConfigError(path: valuePath, message: "window \(ms.configText) ms must be positive") }
            return .window(ms: ms)
        case "last":
            return .lastEvents(try fields.integer(valueNode, at: valuePath, minimum: 1))
        default:
            let rhythmName = try fields.name(valueNode, at: valuePath)
            return .rhythmCycle(try names.index(of: rhythmName, in: rhythms.map(\.name), kind: "rhythm", at: valuePath))
        }
    }
}
