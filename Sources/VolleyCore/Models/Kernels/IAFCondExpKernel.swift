// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `iaf_cond_exp` (`models/iaf_cond_exp.cpp`): leaky integrate-and-fire with
/// exponentially decaying synaptic conductances, integrated by GSL's RKF45.
///
/// State vector (NEST's order): V_m, g_ex, g_in.
public struct IAFCondExpKernel: NeuronKernel {
    public static let modelName = "iaf_cond_exp"

    public static let parameters: [KernelParameter] = [
        ("V_m", -70.0, "mV", "Initial membrane potential"),
        ("g_ex", 0.0, "nS", "Initial excitatory synaptic conductance"),
        ("g_in", 0.0, "nS", "Initial inhibitory synaptic conductance"),
        ("V_th", -55.0, "mV", "Spike threshold"),
        ("V_reset", -60.0, "mV", "Reset potential of the membrane"),
        ("t_ref", 2.0, "ms", "Duration of the refractory period"),
        ("g_L", 16.6667, "nS", "Leak conductance"),
        ("C_m", 250.0, "pF", "Capacity of the membrane"),
        ("E_ex", 0.0, "mV", "Excitatory reversal potential"),
        ("E_in", -85.0, "mV", "Inhibitory reversal potential"),
        ("E_L", -70.0, "mV", "Leak reversal potential"),
        ("tau_syn_ex", 0.2, "ms", "Decay time of the excitatory synaptic conductance"),
        ("tau_syn_in", 2.0, "ms", "Decay time of the inhibitory synaptic conductance"),
        ("I_e", 0.0, "pA", "Constant input current"),
    ]

    public static let recordables = ["V_m", "g_ex", "g_in"]

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

    /// The right-hand side `iaf_cond_exp_dynamics` for one step's input and refractory state.
    struct System: ODESystem {
        let p: Params
        let iStim: Double
        let isRefractory: Bool

        var dimension: Int { 3 }

        @inline(__always)
        func derivatives(_ y: SIMD8<Double>) -> SIMD8<Double> {
            // Clamp V to V_reset while refractory, otherwise bound it by V_th.
            let v: Double = isRefractory ? p.vReset : min(y[0], p.vTh)
            let iSynExc: Double = y[1] * (v - p.eEx)
            let iSynInh: Double = y[2] * (v - p.eIn)
            let iL: Double = p.gL * (v - p.eL)
            var dv: Double = 0.0
            if !isRefractory {
                var sum: Double = -iL + iStim
                sum = sum + p.iE
                sum = sum - iSynExc
                sum = sum - iSynInh
                dv = sum / p.cM
            }
            return SIMD8(dv, -y[1] / p.tauSynE, -y[2] / p.tauSynI, 0, 0, 0, 0, 0)
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
    let integrator: ODEIntegrator
    let control = ErrorControl.y(epsAbs: 1e-3, epsRel: 0.0)

    public init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator) {
        self.p = Params(
            vTh: p("V_th"), vReset: p("V_reset"), gL: p("g_L"), cM: p("C_m"), eEx: p("E_ex"), eIn: p("E_in"),
            eL: p("E_L"), tauSynE: p("tau_syn_ex"), tauSynI: p("tau_syn_in"), iE: p("I_e"))
        initialY = SIMD8(p("V_m"), p("g_ex"), p("g_in"), 0, 0, 0, 0, 0)
        self.h = KernelTime.stepMs(h)
        refractoryCounts = KernelTime.steps(p("t_ref"), resolution: h)
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
        s.y[1] += excitatory
        s.y[2] += -inhibitory

        var spikes = 0
        if s.refractory != 0 {
            s.refractory -= 1
            s.y[0] = p.vReset
        } else if s.y[0] >= p.vTh {
            s.refractory = refractoryCounts
            s.y[0] = p.vReset
            spikes = 1
        }
        return StepOutcome(spikes: spikes)
    }

    public func recordable(_ index: Int, _ s: ODENeuronState) -> Double {
        s.y[index]
    }
}
