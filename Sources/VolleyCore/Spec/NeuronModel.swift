// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The neuron models Volley integrates, under NEST's names.
public enum NeuronModelKind: String, CaseIterable, Sendable, Codable {
    case iafPscDelta = "iaf_psc_delta"
    case iafPscExp = "iaf_psc_exp"
    case iafPscAlpha = "iaf_psc_alpha"
    /// `iaf_psc_exp` with a spike-triggered adaptation current (after-hyperpolarisation); not a
    /// NEST model under this name (see docs/models.md for its equations).
    case iafPscExpAdapt = "iaf_psc_exp_adapt"

    /// The model's parameters with NEST's names, defaults and units, in a fixed order.
    public var parameters: [ParameterInfo] {
        var list: [ParameterInfo] = [
            ParameterInfo("V_m", -70.0, "mV", "Initial membrane potential"),
            ParameterInfo("E_L", -70.0, "mV", "Resting membrane potential"),
            ParameterInfo("C_m", 250.0, "pF", "Membrane capacitance"),
            ParameterInfo("tau_m", 10.0, "ms", "Membrane time constant"),
            ParameterInfo("t_ref", 2.0, "ms", "Duration of the absolute refractory period"),
            ParameterInfo("V_th", -55.0, "mV", "Spike threshold"),
            ParameterInfo("V_reset", -70.0, "mV", "Reset potential after a spike"),
            ParameterInfo("I_e", 0.0, "pA", "Constant input current"),
        ]
        switch self {
        case .iafPscDelta:
            list.append(ParameterInfo("V_min", -.greatestFiniteMagnitude, "mV", "Lower bound of the membrane potential"))
        case .iafPscExp:
            list.append(ParameterInfo("tau_syn_ex", 2.0, "ms", "Decay time of excitatory synaptic currents"))
            list.append(ParameterInfo("tau_syn_in", 2.0, "ms", "Decay time of inhibitory synaptic currents"))
        case .iafPscExpAdapt:
            list.append(ParameterInfo("tau_syn_ex", 2.0, "ms", "Decay time of excitatory synaptic currents"))
            list.append(ParameterInfo("tau_syn_in", 2.0, "ms", "Decay time of inhibitory synaptic currents"))
            list.append(ParameterInfo("tau_w", 100.0, "ms", "Decay time of the adaptation current"))
            list.append(ParameterInfo("b", 50.0, "pA", "Adaptation current added at each spike"))
            list.append(ParameterInfo("w", 0.0, "pA", "Initial adaptation current"))
        case .iafPscAlpha:
            list.append(ParameterInfo("tau_syn_ex", 2.0, "ms", "Rise time of excitatory synaptic currents"))
            list.append(ParameterInfo("tau_syn_in", 2.0, "ms", "Rise time of inhibitory synaptic currents"))
            list.append(ParameterInfo("V_min", -.infinity, "mV", "Lower bound of the membrane potential"))
        }
        return list
    }

    /// The unit of a synaptic weight onto this model.
    public var weightUnit: String { self == .iafPscDelta ? "mV" : "pA" }

    /// Whether excitatory and inhibitory inputs go to separate synaptic channels (by weight sign).
    public var separatesExcitationAndInhibition: Bool { self != .iafPscDelta }
}

/// One model parameter: NEST's name, default, unit and meaning.
public struct ParameterInfo: Sendable, Equatable {
    public var name: String
    public var defaultValue: Double
    public var unit: String
    public var summary: String

    public init(_ name: String, _ defaultValue: Double, _ unit: String, _ summary: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.unit = unit
        self.summary = summary
    }
}

/// Why a set of neuron parameters is not acceptable.
public enum ModelParameterError: Error, Equatable, Sendable {
    /// The model has no parameter of that name; `known` lists the ones it has.
    case unknownParameter(name: String, model: String, known: [String])
    /// The value breaks one of the model's constraints (NEST's own checks).
    case invalidValue(name: String, reason: String)
}

/// A neuron model with all of its parameters set (defaults where none were given).
public struct NeuronModel: Sendable, Equatable, Codable {
    /// Which model.
    public let kind: NeuronModelKind
    /// Parameter values in the order of `kind.parameters`.
    public let values: [Double]

    /// Builds a model from NEST-named values, checking names and NEST's constraints.
    public init(kind: NeuronModelKind, parameters: [String: Double] = [:]) throws(ModelParameterError) {
        let infos = kind.parameters
        for name in parameters.keys.sorted() where !infos.contains(where: { $0.name == name }) {
            throw .unknownParameter(name: name, model: kind.rawValue, known: infos.map(\.name))
        }
        self.kind = kind
        self.values = infos.map { parameters[$0.name] ?? $0.defaultValue }
        try validate()
    }

    private enum CodingKeys: String, CodingKey { case kind, parameters }

    /// Decodes by name and validates, so a model that arrives over the wire obeys the same
    /// constraints as one read from a file.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(kind: c.decode(NeuronModelKind.self, forKey: .kind),
                      parameters: c.decode([String: Double].self, forKey: .parameters))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(Dictionary(uniqueKeysWithValues: zip(kind.parameters.map(\.name), values)), forKey: .parameters)
    }

    /// The value of the parameter `name`; the name must be one of `kind.parameters`.
    public subscript(_ name: String) -> Double {
        guard let i = kind.parameters.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("\(kind.rawValue) has no parameter \(name)")
        }
        return values[i]
    }

    private func validate() throws(ModelParameterError) {
        for (info, v) in zip(kind.parameters, values) where v.isNaN {
            throw .invalidValue(name: info.name, reason: "is not a number")
        }
        if !(self["C_m"] > 0) { throw .invalidValue(name: "C_m", reason: "capacitance must be positive") }
        if !(self["tau_m"] > 0) { throw .invalidValue(name: "tau_m", reason: "time constant must be positive") }
        if !(self["t_ref"] >= 0) { throw .invalidValue(name: "t_ref", reason: "refractory time cannot be negative") }
        if !(self["V_reset"] < self["V_th"]) {
            throw .invalidValue(name: "V_reset", reason: "reset potential must be below the threshold V_th")
        }
        if kind.separatesExcitationAndInhibition {
            for name in ["tau_syn_ex", "tau_syn_in"] where !(self[name] > 0) {
                throw .invalidValue(name: name, reason: "time constant must be positive")
            }
        }
        if kind == .iafPscExpAdapt {
            if !(self["tau_w"] > 0) { throw .invalidValue(name: "tau_w", reason: "time constant must be positive") }
            if !self["b"].isFinite || !self["w"].isFinite { throw .invalidValue(name: "b", reason: "b and w must be finite") }
        }
        for name in ["V_m", "E_L", "V_th", "V_reset", "I_e", "C_m", "tau_m", "t_ref"] where !self[name].isFinite {
            throw .invalidValue(name: name, reason: "must be finite")
        }
    }
}
