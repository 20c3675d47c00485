// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `iaf_cond_alpha` (`models/iaf_cond_alpha.cpp`): leaky integrate-and-fire with
/// alpha-shaped synaptic conductances, integrated by GSL's RKF45.
///
/// State vector (NEST's order): V_m, dg_ex, g_ex, dg_in, g_in.
public struct IAFCondAlphaKernel: NeuronKernel {
    public static let modelName = "iaf_cond_alpha"

    public static let parameters: [KernelParameter] = [
        ("V_m", -70.0, "mV", "Initial membrane potential"),
        ("dg_ex", 0.0, "nS/ms", "Initial derivative of the excitatory synaptic conductance"),
        ("g_ex", 0.0, "nS", "Initial excitatory synaptic conductance"),
        ("dg_in", 0.0, "nS/ms", "Initial derivative of the inhibitory synaptic conductance"),
        ("g_in", 0.0, "nS", "Initial inhibitory synaptic conductance"),
        ("V_th", -55.0, "mV", "Spike threshold"),
        ("V_reset", -60.0, "mV", "Reset potential of the membrane"),
        ("t_ref", 2.0, "ms", "Duration of the refractory period"),
        ("g_L", 16.6667, "nS", "Leak conductance"),
        ("C_m", 250.0, "pF", "Capacity of the membrane"),
        ("E_ex", 0.0, "mV", "Excitatory reversal potential"),
        ("E_in", -85.0, "mV", "Inhibitory reversal potential"),
        ("E_L", -70.0, "mV", "Leak reversal potential"),
        ("tau_syn_ex", 0.2, "ms", "Rise time of the excitatory synaptic alpha function"),
        ("tau_syn_in", 2.0, "ms", "Rise time of the inhibitory synaptic alpha function"),
        ("I_e", 0.0, "pA", "Constant input current"),
    ]

    public static let recordables = ["V_m", "g_ex", "g_in", "t_ref_remaining"]

    public static func validate(_ p: (String) -> Double) -> (name: String, reason: String)? {
        if p("V_reset") >= p("V_th") {
            return ("V_reset", "must be smaller than V_th (NEST: reset potential must be smaller than threshold)")
        }
        if p("C_m") <= 0 { return ("C_m", "must be greater than 0 (NEST: capacitance must be strictly positive)") }
        if p("t_ref") < 0 { return ("t_ref", "must not be negative (NEST: refractory time cannot be negative)") }
        for name in ["tau_syn_ex", "tau_syn_in"] where p(name) <= 0 {
            return (name, "must be greater than 0 (NEST: all time constants must be strictly positive)")
        }
        return nil
    }

    /// The right-hand side `iaf_cond_alpha_dynamics` for one step's input and refractory state.
    struct System: ODESystem {
        let p: Params
        let iStim: Double
        let isRefractory: Bool

        var dimension: Int { 5 }

        @inline(__always)
        func derivatives(_ y: SIMD8<Double>) -> SIMD8<Double> {
            let v: Double = isRefractory ? p.vReset : min(y[0], p.vTh)
            let iSynExc: Double = y[2] * (v - p.eEx)
            let iSynInh: Double = y[4] * (v - p.eIn)
            let iLeak: Double = p.gL * (v - p.eL)
            var dv: Double = 0.0
            if !isRefractory {
                var sum: Double = -iLeak - iSynExc
                sum = sum - iSynInh
                sum = sum + iStim
                sum = sum + p.iE
                dv = sum / p.cM
            }
            let dgEx: Double = y[1]
            let dgIn: Double = y[3]
            return SIMD8(
                dv, -dgEx / p.tauSynE, dgEx - (y[2] / p.tauSynE), -dgIn / p.tauSynI, dgIn - (y[4] / p.tauSynI),
                0, 0, 0)
        }
    }

    struct Params: Sendable {
        var vTh, vReset, gL, cM, eEx, eIn, eL, tauSynE, tauSynI, iE: Double
    }

    let p: Params
    let initialY: SIMD8<Double>
    /// `B_.step_`, the simulation step in ms.
    let h: Double
    let refractoryCounts: Int32
    /// e/τ: the jump of dg for a unit weight, so that g peaks at the weight after τ.
    let psConInitE: Double
    let psConInitI: Double
    let integrator: ODEIntegrator
    let control = ErrorControl.y(epsAbs: 1e-3, epsRel: 0.0)

    public init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator) {
        self.p = Params(
            vTh: p("V_th"), vReset: p("V_reset"), gL: p("g_L"), cM: p("C_m"), eEx: p("E_ex"), eIn: p("E_in"),
            eL: p("E_L"), tauSynE: p("tau_syn_ex"), tauSynI: p("tau_syn_in"), iE: p("I_e"))
        initialY = SIMD8(p("V_m"), p("dg_ex"), p("g_ex"), p("dg_in"), p("g_in"), 0, 0, 0)
        self.h = KernelTime.stepMs(h)
        refractoryCounts = KernelTime.steps(p("t_ref"), resolution: h)
        psConInitE = 1.0 * nestE / p("tau_syn_ex")
        psConInitI = 1.0 * nestE / p("tau_syn_in")
        self.integrator = integrator
    }

    public func initialState() -> ODENeuronState {
        ODENeuronState(y: initialY, refractory: 0, stepSize: h)
    }

    @inline(__always)
    public func step(
        _ s: inout ODENeuronState, current: Double, excitatory: Double, inhibitory: Double
    ) -> StepOutcome {
        let refractory = s.refractory > 0
        let system = System(p: p, iStim: current, isRefractory: refractory)
        guard integrator.integrate(system, control: control, step: h, state: &s, current: current, refractory: refractory) else {
            return StepOutcome(spikes: 0, failed: true)
        }

        return afterIntegration(&s, excitatory: excitatory, inhibitory: inhibitory)
    }

    /// NEST's `update()` after the integration loop: input, refractoriness, spike detection.
    @inline(__always)
    func afterIntegration(_ s: inout ODENeuronState, excitatory: Double, inhibitory: Double) -> StepOutcome {
        // Unlike iaf_cond_exp, the spike check comes before this step's input is added.
        var spikes = 0
        if s.refractory != 0 {
            s.refractory -= 1
            s.y[0] = p.vReset
        } else if s.y[0] >= p.vTh {
            s.refractory = refractoryCounts
            s.y[0] = p.vReset
            spikes = 1
        }

        s.y[1] += excitatory * psConInitE
        s.y[3] += -inhibitory * psConInitI
        return StepOutcome(spikes: spikes)
    }

    public func recordable(_ index: Int, _ s: ODENeuronState) -> Double {
        switch index {
        case 0: s.y[0]
        case 1: s.y[2]
        case 2: s.y[4]
        default: h * Double(s.refractory)
        }
    }
}
