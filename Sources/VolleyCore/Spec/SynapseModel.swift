// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The synapse models Volley has, under NEST's names (`syn_spec.synapse_model`).
///
/// A projection's synapse model decides how a spike's weight is found when it is delivered:
/// `static_synapse` reads a fixed weight; the plastic ones update their state first, with NEST's
/// rules (`reference/nest/SOLVERS.md`, "Plastic synapses"), on the target's shard.
public enum SynapseModelKind: String, CaseIterable, Sendable, Codable {
    case staticSynapse = "static_synapse"
    case stdpSynapse = "stdp_synapse"
    case stdpPLSynapseHom = "stdp_pl_synapse_hom"
    case tsodyks2Synapse = "tsodyks2_synapse"

    /// Whether the weight a spike carries can change during a run.
    public var isPlastic: Bool { self != .staticSynapse }

    /// Whether the rule reads the postsynaptic neuron's spike history (STDP).
    public var readsPostHistory: Bool { self == .stdpSynapse || self == .stdpPLSynapseHom }

    /// The model's parameters (NEST's names, defaults, units) besides `weight` and `delay`.
    public var parameters: [ParameterInfo] {
        switch self {
        case .staticSynapse:
            []
        case .stdpSynapse:
            [
                ParameterInfo("tau_plus", 20, "ms", "time constant of the presynaptic trace K+"),
                ParameterInfo("lambda", 0.01, "", "step size"),
                ParameterInfo("alpha", 1, "", "asymmetry: depression relative to facilitation"),
                ParameterInfo("mu_plus", 1, "", "weight dependence of facilitation (0 additive, 1 multiplicative)"),
                ParameterInfo("mu_minus", 1, "", "weight dependence of depression (0 additive, 1 multiplicative)"),
                ParameterInfo("Wmax", 100, "as weight", "largest weight; same sign as the weight"),
                ParameterInfo("Kplus", 0, "", "initial presynaptic trace"),
            ]
        case .stdpPLSynapseHom:
            [
                ParameterInfo("tau_plus", 20, "ms", "time constant of the presynaptic trace K+ (common to all connections)"),
                ParameterInfo("lambda", 0.1, "", "step size (common)"),
                ParameterInfo("alpha", 1, "", "asymmetry: depression relative to facilitation (common)"),
                ParameterInfo("mu", 0.4, "", "exponent of the power law of facilitation (common)"),
                ParameterInfo("Kplus", 0, "", "initial presynaptic trace"),
            ]
        case .tsodyks2Synapse:
            [
                ParameterInfo("U", 0.5, "", "increment of the release probability u per spike"),
                ParameterInfo("u", 0.5, "", "initial release probability"),
                ParameterInfo("x", 1, "", "initial fraction of resources available"),
                ParameterInfo("tau_rec", 800, "ms", "recovery time constant of x"),
                ParameterInfo("tau_fac", 0, "ms", "facilitation time constant of u (0: none)"),
            ]
        }
    }

    /// The state a synapse of this model carries besides its weight, named as NEST names it.
    public var stateVariables: [String] {
        switch self {
        case .staticSynapse: []
        case .stdpSynapse, .stdpPLSynapseHom: ["Kplus", "t_lastspike"]
        case .tsodyks2Synapse: ["x", "u", "t_lastspike"]
        }
    }
}

/// Why a synapse model's parameters are not acceptable.
public enum SynapseParameterError: Error, Equatable, Sendable {
    /// The model has no parameter of that name; `known` lists the ones it has.
    case unknownParameter(name: String, model: String, known: [String])
    /// The value breaks one of NEST's checks for the model.
    case invalidValue(name: String, reason: String)
}

/// A synapse model with all of its parameters set: NEST's model plus, for a named type made the
/// way NEST's `CopyModel` makes one, the name the projections refer to.
public struct SynapseModel: Sendable, Equatable, Codable {
    /// Which model.
    public let kind: SynapseModelKind
    /// The name projections use: a copy's own name, or the model's.
    public let name: String
    /// Parameter values in the order of `kind.parameters`.
    public let values: [Double]

    /// `static_synapse`: today's fixed weights.
    public static let staticSynapse = try! SynapseModel(kind: .staticSynapse)

    /// Builds a model from NEST-named values, checking names and NEST's constraints.
    public init(kind: SynapseModelKind, name: String? = nil, parameters: [String: Double] = [:]) throws(SynapseParameterError) {
        let infos = kind.parameters
        for key in parameters.keys.sorted() where !infos.contains(where: { $0.name == key }) {
            throw .unknownParameter(name: key, model: kind.rawValue, known: infos.map(\.name))
        }
        self.kind = kind
        self.name = name ?? kind.rawValue
        // As in NEST, tsodyks2_synapse's u starts at 0.5 whatever U is, unless u is given.
        self.values = infos.map { parameters[$0.name] ?? $0.defaultValue }
        for (info, v) in zip(infos, values) where !v.isFinite {
            throw .invalidValue(name: info.name, reason: "must be a finite number")
        }
        try validate()
    }

    /// A copy of this model with some parameters changed (NEST's `CopyModel` with params, or a
    /// projection's own `syn_spec` values).
    public func with(name: String? = nil, parameters: [String: Double]) throws(SynapseParameterError) -> SynapseModel {
        var merged = Dictionary(uniqueKeysWithValues: zip(kind.parameters.map(\.name), values))
        for (k, v) in parameters { merged[k] = v }
        for key in parameters.keys.sorted() where !kind.parameters.contains(where: { $0.name == key }) {
            throw .unknownParameter(name: key, model: kind.rawValue, known: kind.parameters.map(\.name))
        }
        return try SynapseModel(kind: kind, name: name ?? self.name, parameters: merged)
    }

    /// NEST's own checks (`set_status` of each model), and `tau_plus > 0` for both STDP rules.
    private func validate() throws(SynapseParameterError) {
        switch kind {
        case .staticSynapse:
            break
        case .stdpSynapse:
            if !(self["tau_plus"] > 0) { throw .invalidValue(name: "tau_plus", reason: "must be positive") }
            if !(self["Kplus"] >= 0) { throw .invalidValue(name: "Kplus", reason: "must be non-negative") }
            if self["Wmax"] == 0 { throw .invalidValue(name: "Wmax", reason: "cannot be 0") }
        case .stdpPLSynapseHom:
            if !(self["tau_plus"] > 0) { throw .invalidValue(name: "tau_plus", reason: "tau_plus > 0 required") }
            if !(self["Kplus"] >= 0) { throw .invalidValue(name: "Kplus", reason: "must be non-negative") }
        case .tsodyks2Synapse:
            for n in ["U", "u", "x"] where !(0...1).contains(self[n]) {
                throw .invalidValue(name: n, reason: "must be in [0, 1]")
            }
            if !(self["tau_rec"] > 0) { throw .invalidValue(name: "tau_rec", reason: "must be > 0") }
            if !(self["tau_fac"] >= 0) { throw .invalidValue(name: "tau_fac", reason: "must be >= 0") }
        }
    }

    /// Checks a weight against the model (NEST: "Weight and Wmax must have same sign").
    public func checkWeight(_ w: Double) throws(SynapseParameterError) {
        if kind == .stdpSynapse, w != 0, (w > 0) != (self["Wmax"] > 0) {
            throw .invalidValue(name: "weight", reason: "weight \(w) and Wmax \(self["Wmax"]) must have the same sign")
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, name, parameters }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(kind: c.decode(SynapseModelKind.self, forKey: .kind), name: c.decode(String.self, forKey: .name),
                      parameters: c.decode([String: Double].self, forKey: .parameters))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(Dictionary(uniqueKeysWithValues: zip(kind.parameters.map(\.name), values)), forKey: .parameters)
    }

    /// The value of parameter `name`; the name must be one of `kind.parameters`.
    public subscript(_ name: String) -> Double {
        guard let i = kind.parameters.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("\(kind.rawValue) has no parameter \(name)")
        }
        return values[i]
    }
}
