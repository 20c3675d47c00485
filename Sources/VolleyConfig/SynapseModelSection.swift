// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Reads `synapse_models`: NAME → {model, params, weight_recorder}, NEST's `CopyModel(model,
/// NAME, params)`: a named synapse type whose parameters every connection of the type shares
/// (for `stdp_pl_synapse_hom` the only place its common parameters can be set), optionally with
/// a weight recorder attached as NEST attaches one to a copy.
struct SynapseModelSection {
    let fields: FieldReader

    /// A named type and whether its transmissions are recorded.
    struct NamedSynapse {
        var model: SynapseModel
        var recordsWeights: Bool
    }

    func read(_ node: ConfigNode?) throws(ConfigError) -> [String: NamedSynapse] {
        let map = try MappingReader(node, at: "synapse_models")
        var out: [String: NamedSynapse] = [:]
        for entry in map.entries {
            let path = "synapse_models".key(entry.key)
            if SynapseModelKind(rawValue: entry.key) != nil {
                throw ConfigError(path: path, message: "'\(entry.key)' is NEST's own model; a copy needs a name of its own (as CopyModel does)")
            }
            let spec = try MappingReader(entry.value, at: path)
            try spec.allowOnly(["model", "params", "weight_recorder"])
            let kind = try Self.kind(try fields.name(try spec.required("model"), at: path.key("model")), at: path.key("model"))
            let values = try Self.numbers(try MappingReader(spec["params"], at: path.key("params")), fields: fields, kind: kind)
            let model = try Self.model(kind: kind, name: entry.key, parameters: values, at: path.key("params"))
            let records = try spec["weight_recorder"].map { n throws(ConfigError) in try fields.bool(n, at: path.key("weight_recorder")) } ?? false
            if records && !kind.isPlastic {
                throw ConfigError(path: path.key("weight_recorder"), message: "a weight recorder records plastic synapses; \(kind.rawValue) is static")
            }
            out[entry.key] = NamedSynapse(model: model, recordsWeights: records)
        }
        return out
    }

    static func kind(_ name: String, at path: String) throws(ConfigError) -> SynapseModelKind {
        guard let kind = SynapseModelKind(rawValue: name) else {
            let known = SynapseModelKind.allCases.map(\.rawValue)
            throw ConfigError(path: path, message: "unknown synapse model '\(name)'\(NameSuggester.hint(for: name, among: known)) (known: \(known.joined(separator: ", ")))")
        }
        return kind
    }

    /// The numbers of `map`, each a parameter of `kind` (weight and delay are the connection's).
    static func numbers(_ map: MappingReader, fields: FieldReader, kind: SynapseModelKind) throws(ConfigError) -> [String: Double] {
        try map.allowOnly(kind.parameters.map(\.name), context: "for \(kind.rawValue)")
        var values: [String: Double] = [:]
        for entry in map.entries { values[entry.key] = try fields.number(entry.value, at: map.path.key(entry.key)) }
        return values
    }

    /// `base` (or `kind`'s defaults) with `parameters` set, NEST's checks as config errors.
    static func model(
        kind: SynapseModelKind, name: String? = nil, base: SynapseModel? = nil, parameters: [String: Double], at path: String
    ) throws(ConfigError) -> SynapseModel {
        do {
            if let base { return try base.with(parameters: parameters) }
            return try SynapseModel(kind: kind, name: name, parameters: parameters)
        } catch {
            switch error {
            case .unknownParameter(let key, let model, let known):
                throw ConfigError(path: path.key(key), message: NameSuggester.unknownKey(key, where: "for \(model)", known: known))
            case .invalidValue(let key, let reason):
                throw ConfigError(path: path.key(key), message: "\(key): \(reason)")
            }
        }
    }
}
