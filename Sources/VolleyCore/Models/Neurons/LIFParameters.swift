// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What NEST's current-based leaky integrate-and-fire models share: the membrane parameters,
/// their checks, and the voltages relative to `E_L` that the exact propagators work with.
enum LIFParameters {
    /// NEST's names, defaults and units of the membrane parameters of `iaf_psc_*`.
    static let membrane: [ParameterInfo] = [
        ParameterInfo("V_m", -70.0, "mV", "Initial membrane potential"),
        ParameterInfo("E_L", -70.0, "mV", "Resting membrane potential"),
        ParameterInfo("C_m", 250.0, "pF", "Membrane capacitance"),
        ParameterInfo("tau_m", 10.0, "ms", "Membrane time constant"),
        ParameterInfo("t_ref", 2.0, "ms", "Duration of the absolute refractory period"),
        ParameterInfo("V_th", -55.0, "mV", "Spike threshold"),
        ParameterInfo("V_reset", -70.0, "mV", "Reset potential after a spike"),
        ParameterInfo("I_e", 0.0, "pA", "Constant input current"),
    ]

    static let synapticTimes: [ParameterInfo] = [
        ParameterInfo("tau_syn_ex", 2.0, "ms", "Decay time of excitatory synaptic currents"),
        ParameterInfo("tau_syn_in", 2.0, "ms", "Decay time of inhibitory synaptic currents"),
    ]

    /// NEST's checks of `iaf_psc_*`'s `Parameters_::set`.
    static func validate(_ m: NeuronModel, synapses: Bool) throws(ModelParameterError) {
        try ParameterRules.positive(m, "C_m", what: "capacitance must be positive")
        try ParameterRules.positive(m, "tau_m", what: "time constant must be positive")
        try ParameterRules.nonNegative(m, "t_ref", what: "refractory time cannot be negative")
        try ParameterRules.below(m, "V_reset", "V_th", what: "reset potential must be below the threshold V_th")
        if synapses { try ParameterRules.positive(m, "tau_syn_ex", "tau_syn_in", what: "time constant must be positive") }
        try ParameterRules.finite(m, ["V_m", "E_L", "V_th", "V_reset", "I_e", "C_m", "tau_m", "t_ref"])
    }

    /// NEST's `Time::ms(t_ref).get_steps()`.
    static func refractorySteps(_ m: NeuronModel, grid: TimeGrid) -> Int32 {
        Int32(clamping: grid.stepsRoundingUp(m["t_ref"]))
    }
}

/// The voltage constants every `iaf_psc_*` update uses, relative to `E_L` as NEST stores them.
struct LIFVoltages: Sendable {
    let restingPotential: Double   // E_L (absolute)
    let threshold: Double          // V_th − E_L
    let resetPotential: Double     // V_reset − E_L
    let initialPotential: Double   // V_m − E_L
    let constantCurrent: Double    // I_e
    let refractorySteps: Int32

    init(_ m: NeuronModel, grid: TimeGrid) {
        let eL = m["E_L"]
        restingPotential = eL
        threshold = m["V_th"] - eL
        resetPotential = m["V_reset"] - eL
        initialPotential = m["V_m"] - eL
        constantCurrent = m["I_e"]
        refractorySteps = LIFParameters.refractorySteps(m, grid: grid)
    }
}
