// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `aeif_cond_exp` (`models/aeif_cond_exp.cpp`): the adaptive exponential
/// integrate-and-fire neuron (Brette & Gerstner 2005) with exponentially decaying synaptic
/// conductances, integrated by GSL's RKF45 with spikes handled after every solver sub-step.
///
/// State vector (NEST's order): V_m, g_ex, g_in, w.
public struct AEIFCondExpKernel: NeuronKernel {
    public static let modelName = "aeif_cond_exp"

    public static let parameters: [KernelParameter] = [
        ("V_m", -70.6, "mV", "Initial membrane potential"),
        ("g_ex", 0.0, "nS", "Initial excitatory synaptic conductance"),
        ("g_in", 0.0, "nS", "Initial inhibitory synaptic conductance"),
        ("w", 0.0, "pA", "Initial spike-adaptation current"),
        ("C_m", 281.0, "pF", "Capacity of the membrane"),
        ("V_th", -50.4, "mV", "Spike initiation threshold"),
        ("t_ref", 0.0, "ms", "Duration of the refractory period"),
        ("g_L", 30.0, "nS", "Leak conductance"),
        ("E_L", -70.6, "mV", "Leak reversal potential"),
        ("V_reset", -60.0, "mV", "Reset value of the membrane potential after a spike"),
        ("E_ex", 0.0, "mV", "Excitatory reversal potential"),
        ("E_in", -85.0, "mV", "Inhibitory reversal potential"),
        ("tau_syn_ex", 0.2, "ms", "Decay time of the excitatory synaptic conductance"),
        ("tau_syn_in", 2.0, "ms", "Decay time of the inhibitory synaptic conductance"),
        ("a", 4.0, "nS", "Subthreshold adaptation"),
        ("b", 80.5, "pA", "Spike-triggered adaptation"),
        ("Delta_T", 2.0, "mV", "Slope factor of the exponential spike initiation"),
        ("tau_w", 144.0, "ms", "Adaptation time constant"),
        ("I_e", 0.0, "pA", "Constant input current"),
        ("V_peak", 0.0, "mV", "Spike detection threshold"),
        ("gsl_error_tol", 1e-6, "", "Error bound of the GSL integrator"),
    ]

    public static let recordables = ["V_m", "g_ex", "g_in", "w"]

    public static func validate(_ p: (String) -> Double) -> (name: String, reason: String)? {
        if p("V_peak") < p("V_th") {
            return ("V_peak", "must not be smaller than V_th (NEST: V_peak >= V_th required)")
        }
        if let problem = AEIFCommon.validateDeltaT(p) { return problem }
        if p("V_reset") >= p("V_peak") {
            return ("V_reset", "must be smaller than V_peak (NEST: ensure that V_reset < V_peak)")
        }
        if p("C_m") <= 0 { return ("C_m", "must be greater than 0 (NEST: ensure that C_m > 0)") }
        if p("t_ref") < 0 { return ("t_ref", "must not be negative (NEST: refractory time cannot be negative)") }
        for name in ["tau_syn_ex", "tau_syn_in", "tau_w"] where p(name) <= 0 {
            return (name, "must be greater than 0 (NEST: all time constants must be strictly positive)")
        }
        if p("gsl_error_tol") <= 0 {
            return ("gsl_error_tol", "must be greater than 0 (NEST: the gsl_error_tol must be strictly positive)")
        }
        return nil
    }

    /// The right-hand side `aeif_cond_exp_dynamics` for one sub-step's input and refractory state.
    struct System: AEIFSystem {
        static var wIndex: Int { 3 }

        let p: AEIFCommon.Params
        let iStim: Double
        let isRefractory: Bool

        var dimension: Int { 4 }

        @inline(__always)
        func derivatives(_ y: SIMD8<Double>) -> SIMD8<Double> {
            // Clamp V to V_reset while refractory, otherwise bound it by the parameter V_peak
            // (also when Delta_T == 0, where detection uses V_th instead).
            let v: Double = isRefractory ? p.vReset : min(y[0], p.vPeak)
            let gEx: Double = y[1]
            let gIn: Double = y[2]
            let w: Double = y[3]
            let iSynExc: Double = gEx * (v - p.eEx)
            let iSynInh: Double = gIn * (v - p.eIn)
            let iSpike: Double = p.deltaT == 0 ? 0 : (p.gL * p.deltaT * Double.exp((v - p.vTh) / p.deltaT))
            var dv: Double = 0.0
            if !isRefractory {
                var sum: Double = -p.gL * (v - p.eL)
                sum = sum + iSpike
                sum = sum - iSynExc
                sum = sum - iSynInh
                sum = sum - w
                sum = sum + p.iE
                sum = sum + iStim
                dv = sum / p.cM
            }
            return SIMD8(dv, -gEx / p.tauSynE, -gIn / p.tauSynI, (p.a * (v - p.eL) - w) / p.tauW, 0, 0, 0, 0)
        }
    }

    let stepper: AEIFCommon.Stepper<System>
    let initialY: SIMD8<Double>

    public init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator) {
        stepper = AEIFCommon.Stepper(p, resolution: h, integrator: integrator)
        initialY = SIMD8(p("V_m"), p("g_ex"), p("g_in"), p("w"), 0, 0, 0, 0)
    }

    public func initialState() -> ODENeuronState {
        ODENeuronState(y: initialY, refractory: 0, stepSize: stepper.h)
    }

    @inline(__always)
    public func step(
        _ s: inout ODENeuronState, current: Double, excitatory: Double, inhibitory: Double
    ) -> StepOutcome {
        let outcome = stepper.integrate(&s, current: current)
        if !outcome.failed { addInput(&s, excitatory: excitatory, inhibitory: inhibitory) }
        return outcome
    }

    /// This step's spikes, added after the integration (conductances positive).
    @inline(__always)
    func addInput(_ s: inout ODENeuronState, excitatory: Double, inhibitory: Double) {
        s.y[1] += excitatory
        s.y[2] += -inhibitory
    }

    public func recordable(_ index: Int, _ s: ODENeuronState) -> Double {
        s.y[index]
    }
}
