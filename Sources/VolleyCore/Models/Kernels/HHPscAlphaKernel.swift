// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `hh_psc_alpha` (`models/hh_psc_alpha.cpp`): the Hodgkin–Huxley squid axon (6.3 °C)
/// with alpha-shaped synaptic currents, integrated by GSL's RKF45.
///
/// Spikes are detected, not imposed: V_m ≥ 0 and falling (the step after the peak), outside
/// the pseudo-refractory period, which only blocks detection (no reset, no clamp).
///
/// State vector (NEST's order): V_m, Act_m, Inact_h, Act_n, dI_ex, I_ex, dI_in, I_in.
public struct HHPscAlphaKernel: NeuronKernel {
    public static let modelName = "hh_psc_alpha"

    /// NEST's initial gating variables: the steady state at V_m = −65 mV that `State_::State_`
    /// computes (`gatingEquilibrium(v: -65)`), as NEST 3.10 reports them in `GetStatus`. They
    /// are literals because NEST's reported Act_m lies one ulp above what the formula gives with
    /// glibc 2.36's `exp` (0.05293248525724958); h and n agree to the bit.
    static let restingGates = (m: 0.052932485257249584, h: 0.5961207535084603, n: 0.3176769140606974)

    public static let parameters: [KernelParameter] = [
        ("V_m", -65.0, "mV", "Initial membrane potential"),
        ("Act_m", restingGates.m, "", "Initial sodium activation m"),
        ("Inact_h", restingGates.h, "", "Initial sodium inactivation h"),
        ("Act_n", restingGates.n, "", "Initial potassium activation n"),
        ("E_L", -54.402, "mV", "Leak reversal potential"),
        ("C_m", 100.0, "pF", "Capacity of the membrane"),
        ("g_L", 30.0, "nS", "Leak conductance"),
        ("g_Na", 12000.0, "nS", "Sodium peak conductance"),
        ("E_Na", 50.0, "mV", "Sodium reversal potential"),
        ("g_K", 3600.0, "nS", "Potassium peak conductance"),
        ("E_K", -77.0, "mV", "Potassium reversal potential"),
        ("t_ref", 2.0, "ms", "Duration of the pseudo-refractory period (blocks spike detection only)"),
        ("tau_syn_ex", 0.2, "ms", "Rise time of the excitatory synaptic alpha function"),
        ("tau_syn_in", 2.0, "ms", "Rise time of the inhibitory synaptic alpha function"),
        ("I_e", 0.0, "pA", "Constant input current"),
    ]

    /// NEST's recordables, then the energy ledger's (Volley's): `Q_Na`, the inward Na⁺ charge, and
    /// `Q_K`, the outward K⁺ charge, since the start (pC).
    public static let recordables = ["V_m", "Act_m", "Act_n", "I_syn_ex", "I_syn_in", "Inact_h", "Q_Na", "Q_K"]

    public static func validate(_ p: (String) -> Double) -> (name: String, reason: String)? {
        if p("C_m") <= 0 { return ("C_m", "must be greater than 0 (NEST: capacitance must be strictly positive)") }
        if p("t_ref") < 0 { return ("t_ref", "must not be negative (NEST: refractory time cannot be negative)") }
        for name in ["tau_syn_ex", "tau_syn_in"] where p(name) <= 0 {
            return (name, "must be greater than 0 (NEST: all time constants must be strictly positive)")
        }
        for name in ["g_K", "g_Na", "g_L"] where p(name) < 0 {
            return (name, "must not be negative (NEST: all conductances must be non-negative)")
        }
        for name in ["Act_m", "Inact_h", "Act_n"] where p(name) < 0 {
            return (name, "must not be negative (NEST: all (in)activation variables must be non-negative)")
        }
        return nil
    }

    /// The steady state of m, h, n at a fixed V, with `State_::State_`'s rate formulas.
    public static func gatingEquilibrium(v: Double) -> (m: Double, h: Double, n: Double) {
        let alphaN = (0.01 * (v + 55.0)) / (1.0 - Double.exp(-(v + 55.0) / 10.0))
        let betaN = 0.125 * Double.exp(-(v + 65.0) / 80.0)
        let alphaM = (0.1 * (v + 40.0)) / (1.0 - Double.exp(-(v + 40.0) / 10.0))
        let betaM = 4.0 * Double.exp(-(v + 65.0) / 18.0)
        let alphaH = 0.07 * Double.exp(-(v + 65.0) / 20.0)
        let betaH = 1.0 / (1.0 + Double.exp(-(v + 35.0) / 10.0))
        return (m: alphaM / (alphaM + betaM), h: alphaH / (alphaH + betaH), n: alphaN / (alphaN + betaN))
    }

    /// The right-hand side `hh_psc_alpha_dynamics` for one step's input current.
    struct System: ODESystem {
        let p: Params
        let iStim: Double

        var dimension: Int { 8 }

        static var carriesIonCurrents: Bool { true }

        @inline(__always)
        func ionCurrents(_ y: SIMD8<Double>) -> SIMD2<Double> {
            HodgkinHuxleyCurrents.currents(y, gNa: p.gNa, eNa: p.eNa, gK: p.gK, eK: p.eK)
        }

        @inline(__always)
        func ionCurrentRates(_ y: SIMD8<Double>, _ dydt: SIMD8<Double>) -> SIMD2<Double> {
            HodgkinHuxleyCurrents.rates(y, dydt, gNa: p.gNa, eNa: p.eNa, gK: p.gK, eK: p.eK)
        }

        @inline(__always)
        func derivatives(_ y: SIMD8<Double>) -> SIMD8<Double> {
            let v: Double = y[0]
            let m: Double = y[1]
            let h: Double = y[2]
            let n: Double = y[3]
            let dIEx: Double = y[4]
            let iEx: Double = y[5]
            let dIIn: Double = y[6]
            let iIn: Double = y[7]

            let alphaN: Double = (0.01 * (v + 55.0)) / (1.0 - Double.exp(-(v + 55.0) / 10.0))
            let betaN: Double = 0.125 * Double.exp(-(v + 65.0) / 80.0)
            let alphaM: Double = (0.1 * (v + 40.0)) / (1.0 - Double.exp(-(v + 40.0) / 10.0))
            let betaM: Double = 4.0 * Double.exp(-(v + 65.0) / 18.0)
            let alphaH: Double = 0.07 * Double.exp(-(v + 65.0) / 20.0)
            let betaH: Double = 1.0 / (1.0 + Double.exp(-(v + 35.0) / 10.0))

            let iNa: Double = p.gNa * m * m * m * h * (v - p.eNa)
            let iK: Double = p.gK * n * n * n * n * (v - p.eK)
            let iL: Double = p.gL * (v - p.eL)

            // Synaptic inputs are currents; the inhibitory one is negative.
            var sum: Double = -(iNa + iK + iL)
            sum = sum + iStim
            sum = sum + p.iE
            sum = sum + iEx
            sum = sum + iIn
            let dv: Double = sum / p.cM

            let dm: Double = alphaM * (1 - m) - betaM * m
            let dh: Double = alphaH * (1 - h) - betaH * h
            let dn: Double = alphaN * (1 - n) - betaN * n

            return SIMD8(
                dv, dm, dh, dn, -dIEx / p.tauSynE, dIEx - (iEx / p.tauSynE), -dIIn / p.tauSynI,
                dIIn - (iIn / p.tauSynI))
        }
    }

    struct Params: Sendable {
        var gNa, gK, gL, cM, eNa, eK, eL, tauSynE, tauSynI, iE: Double
    }

    let p: Params
    let initialY: SIMD8<Double>
    /// `B_.step_`, the simulation step in ms.
    let h: Double
    let refractoryCounts: Int32
    /// e/τ: the jump of dI for a unit weight, so that I peaks at the weight after τ.
    let psCurrInitE: Double
    let psCurrInitI: Double
    let integrator: ODEIntegrator
    let control = ErrorControl.y(epsAbs: 1e-3, epsRel: 0.0)

    public init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator) {
        self.p = Params(
            gNa: p("g_Na"), gK: p("g_K"), gL: p("g_L"), cM: p("C_m"), eNa: p("E_Na"), eK: p("E_K"), eL: p("E_L"),
            tauSynE: p("tau_syn_ex"), tauSynI: p("tau_syn_in"), iE: p("I_e"))
        initialY = SIMD8(p("V_m"), p("Act_m"), p("Inact_h"), p("Act_n"), 0, 0, 0, 0)
        self.h = KernelTime.stepMs(h)
        refractoryCounts = KernelTime.steps(p("t_ref"), resolution: h)
        psCurrInitE = 1.0 * nestE / p("tau_syn_ex")
        psCurrInitI = 1.0 * nestE / p("tau_syn_in")
        self.integrator = integrator
    }

    public func initialState() -> ODENeuronState {
        ODENeuronState(y: initialY, refractory: 0, stepSize: h)
    }

    @inline(__always)
    public func step(
        _ s: inout ODENeuronState, current: Double, excitatory: Double, inhibitory: Double
    ) -> StepOutcome {
        let vOld = s.y[0]
        let system = System(p: p, iStim: current)
        guard integrator.integrate(system, control: control, step: h, state: &s, current: current, refractory: false) else {
            return StepOutcome(spikes: 0, failed: true)
        }

        return afterIntegration(&s, vOld: vOld, excitatory: excitatory, inhibitory: inhibitory)
    }

    /// NEST's `update()` after the integration loop: input, refractoriness, spike detection.
    @inline(__always)
    func afterIntegration(
        _ s: inout ODENeuronState, vOld: Double, excitatory: Double, inhibitory: Double
    ) -> StepOutcome {
        // NEST keeps the inhibitory weight negative: I_in is a negative current.
        s.y[4] += excitatory * psCurrInitE
        s.y[6] += inhibitory * psCurrInitI

        var spikes = 0
        if s.refractory > 0 {
            s.refractory -= 1
        } else if s.y[0] >= 0 && vOld > s.y[0] {  // above 0 mV and past the peak
            s.refractory = refractoryCounts
            spikes = 1
        }
        return StepOutcome(spikes: spikes)
    }

    public func recordable(_ index: Int, _ s: ODENeuronState) -> Double {
        switch index {
        case 0: s.y[0]  // V_m
        case 1: s.y[1]  // Act_m
        case 2: s.y[3]  // Act_n
        case 3: s.y[5]  // I_syn_ex
        case 4: s.y[7]  // I_syn_in
        case 5: s.y[2]  // Inact_h
        case 6: -s.ionCharge[0] * 1e-3  // Q_Na: pA·ms to pC, inward positive
        default: s.ionCharge[1] * 1e-3  // Q_K
        }
    }
}
