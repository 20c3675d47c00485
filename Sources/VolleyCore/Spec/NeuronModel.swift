// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The neuron models Volley integrates, under NEST's names: the one closed set of plug-ins.
///
/// Each case's behaviour lives in one file under `Models/Neurons/` (a `NeuronDynamics`
/// conformer); `ModelRegistry.swift` maps a case to it. Everything else — config validation,
/// `volley trace`, the recordables, the docs' tables — reads the registry.
public enum NeuronModelKind: String, CaseIterable, Sendable, Codable {
    case iafPscDelta = "iaf_psc_delta"
    case iafPscExp = "iaf_psc_exp"
    case iafPscAlpha = "iaf_psc_alpha"
    /// `iaf_psc_exp` with a spike-triggered adaptation current (after-hyperpolarisation); not a
    /// NEST model under this name (see docs/models.md for its equations).
    case iafPscExpAdapt = "iaf_psc_exp_adapt"
    case iafCondExp = "iaf_cond_exp"
    case iafCondAlpha = "iaf_cond_alpha"
    case aeifCondExp = "aeif_cond_exp"
    case aeifCondAlpha = "aeif_cond_alpha"
    case hhPscAlpha = "hh_psc_alpha"
    case hhCondExpTraub = "hh_cond_exp_traub"
    /// Hodgkin–Huxley with ion concentrations and an electrogenic Na⁺/K⁺ pump (Hübel & Dahlem
    /// 2014); not a NEST model, hence the `volley_` prefix (see docs/models.md).
    case volleyHHPump = "volley_hh_pump"
    case izhikevich = "izhikevich"
    case parrotNeuron = "parrot_neuron"
    /// Fires at given times (a `spike_generator` per neuron, as a population); not a NEST model
    /// under this name, hence the prefix.
    case volleySpikeSource = "volley_spike_source"

    /// The model's parameters and initial state with NEST's names, defaults and units, in a fixed
    /// order, then the parameters every NEST neuron has as an `ArchivingNode` (read by STDP synapses).
    public var parameters: [ParameterInfo] { dynamics.parameters + Self.archivingParameters }

    /// NEST's `ArchivingNode` parameters, which every neuron model has.
    public static let archivingParameters = [
        ParameterInfo("tau_minus", 20, "ms", "time constant of the post-synaptic trace K− that STDP synapses read"),
    ]

    /// What a multimeter can record from this model, named as NEST names it (`V_m` first).
    public var recordables: [String] { dynamics.recordables }

    /// The unit of a synaptic weight onto this model (mV, pA or nS).
    public var weightUnit: String { dynamics.weightUnit }

    /// Whether excitatory and inhibitory inputs go to separate synaptic channels (by weight sign).
    public var separatesExcitationAndInhibition: Bool { dynamics.inputChannels == 2 }

    /// How the model is described in docs/models.md: a summary, its equations, its integration.
    public var documentation: ModelDocumentation { dynamics.documentation }

    /// The index of recordable `name`, if the model has it.
    public func recordableIndex(_ name: String) -> Int? { recordables.firstIndex(of: name) }
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

/// What docs/models.md says of a model besides its tables.
public struct ModelDocumentation: Sendable, Equatable {
    /// One paragraph: what the model is.
    public var summary: String
    /// The equations, as plain text lines.
    public var equations: [String]
    /// How Volley integrates it (and how NEST does).
    public var integration: String

    public init(summary: String, equations: [String], integration: String) {
        self.summary = summary
        self.equations = equations
        self.integration = integration
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
        for (info, v) in zip(infos, values) where v.isNaN {
            throw .invalidValue(name: info.name, reason: "is not a number")
        }
        try kind.dynamics.validate(self)
        if !(self["tau_minus"] > 0) { throw .invalidValue(name: "tau_minus", reason: "must be positive") }
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
}
