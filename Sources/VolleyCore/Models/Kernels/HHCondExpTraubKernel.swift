// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `hh_cond_exp_traub` (`models/hh_cond_exp_traub.cpp`): Traub & Miles' modified
/// Hodgkin–Huxley neuron (as in Brette et al. 2007's COBAHH benchmark) with exponentially
/// decaying synaptic conductances, integrated by GSL's RKF45.
///
/// Spikes are detected, not imposed: V_m ≥ V_T + 30 mV and falling, outside the refractory
/// period, which only blocks detection.
///
/// State vector (NEST's order): V_m, Act_m, Inact_h, Act_n, g_ex, g_in.
public struct HHCondExpTraubKernel: NeuronKernel {
    public static let modelName = "hh_cond_exp_traub"

    /// NEST's initial gating variables. `State_::State_` evaluates the rates at V = E_L = −60 mV
    /// itself rather than at V − V_T, so they are not the resting steady state (m ≈ 9.9e-9,
    /// h ≈ 1, n ≈ 2.6e-7); kept as NEST has them.
    static let initialGates = gatingFormulas(v: -60.0)

    public static let parameters: [KernelParameter] = [
        ("V_m", -60.0, "mV", "Initial membrane potential"),
        ("Act_m", initialGates.m, "", "Initial sodium activation m"),
        ("Inact_h", initialGates.h, "", "Initial sodium inactivation h"),
        ("Act_n", initialGates.n, "", "Initial potassium activation n"),
        ("g_Na", 20000.0, "nS", "Sodium peak conductance"),
        ("g_K", 6000.0, "nS", "Potassium peak conductance"),
        ("g_L", 10.0, "nS", "Leak conductance"),
        ("C_m", 200.0, "pF", "Capacity of the membrane"),
        ("E_Na", 50.0, "mV", "Sodium reversal potential"),
        ("E_K", -90.0, "mV", "Potassium reversal potential"),
        ("E_L", -60.0, "mV", "Leak reversal potential"),
        ("V_T", -63.0, "mV", "Voltage offset of the gating rates (sets the threshold near −50 mV)"),
        ("E_ex", 0.0, "mV", "Excitatory reversal potential"),
        ("E_in", -80.0, "mV", "Inhibitory reversal potential"),
        ("tau_syn_ex", 5.0, "ms", "Decay time of the excitatory synaptic conductance"),
        ("tau_syn_in", 10.0, "ms", "Decay time of the inhibitory synaptic conductance"),
        ("t_ref", 2.0, "ms", "Duration of the refractory period (blocks spike detection only)"),
        ("I_e", 0.0, "pA", "Constant input current"),
    ]

    /// NEST's recordables, then the energy ledger's (Volley's): `Q_Na`, the inward Na⁺ charge, and
    /// `Q_K`, the outward K⁺ charge, since the start (pC).
    public static let recordables = ["V_m", "Act_m", "Act_n", "Inact_h", "g_ex", "g_in", "Q_Na", "Q_K"]

    public static func validate(_ p: (String) -> Double) -> (name: String, reason: String)? {
        if p("C_m") <= 0 { return ("C_m", "must be greater than 0 (NEST: capacitance must be strictly positive)") }
        for name in ["tau_syn_ex", "tau_syn_in"] where p(name) <= 0 {
            return (name, "must be greater than 0 (NEST: all time constants must be strictly positive)")
        }
        if p("t_ref") < 0 { return ("t_ref", "must not be negative (NEST: refractory time cannot be negative)") }
        for name in ["Act_m", "Inact_h", "Act_n"] where p(name) < 0 {
            return (name, "must not be negative (NEST: all (in)activation variables must be non-negative)")
        }
        return nil
    }

    /// α/(α+β) of m, h, n with the Traub rate formulas evaluated at `v` (NEST's init quirk: the
    /// raw potential, not V − V_T).
    public static func gatingFormulas(v: Double) -> (m: Double, h: Double, n: Double) {
        let alphaN = 0.032 * (15.0 - v) / (Double.exp((15.0 - v) / 5.0) - 1.0)
        let betaN = 0.5 * Double.exp((10.0 - v) / 40.0)
        let alphaM = 0.32 * (13.0 - v) / (Double.exp((13.0 - v) / 4.0) - 1.0)
        let betaM = 0.28 * (v - 40.0) / (Double.exp((v - 40.0) / 5.0) - 1.0)
        let alphaH = 0.128 * Double.exp((17.0 - v) / 18.0)
        let betaH = 4.0 / (1.0 + Double.exp((40.0 - v) / 5.0))
        return (m: alphaM / (alphaM + betaM), h: alphaH / (alphaH + betaH), n: alphaN / (alphaN + betaN))
    }

    /// The right-hand side `hh_cond_exp_traub_dynamics` for one step's input current.
    struct System: ODESystem {
        let p: Params
        let iStim: Double

        var dimension: Int { 6 }

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
            let vm: Double = y[0]
            let m: Double = y[1]
            let h: Double = y[2]
            let n: Double = y[3]
            let iNa: Double = p.gNa * m * m * m * h * (vm - p.eNa)
            let iK: Double = p.gK * n * n * n * n * (vm - p.eK)
            let iL: Double = p.gL * (vm - p.eL)
            let iSynExc: Double = y[4] * (vm - p.eEx)
            let iSynInh: Double = y[5] * (vm - p.eIn)

            var sum: Double = -iNa - iK
            sum = sum - iL
            sum = sum - iSynExc
            sum = sum - iSynInh
            sum = sum + iStim
            sum = sum + p.iE
            let dv: Double = sum / p.cM

            let v: Double = vm - p.vT
            let alphaN: Double = 0.032 * (15.0 - v) / (Double.exp((15.0 - v) / 5.0) - 1.0)
            let betaN: Double = 0.5 * Double.exp((10.0 - v) / 40.0)
            let alphaM: Double = 0.32 * (13.0 - v) / (Double.exp((13.0 - v) / 4.0) - 1.0)
            let betaM: Double = 0.28 * (v - 40.0) / (Double.exp((v - 40.0) / 5.0) - 1.0)
            let alphaH: Double = 0.128 * Double.exp((17.0 - v) / 18.0)
            let betaH: Double = 4.0 / (1.0 + Double.exp((40.0 - v) / 5.0))

            let dm: Double = alphaM - (alphaM + betaM) * m
            let dh: Double = alphaH - (alphaH + betaH) * h
            let dn: Double = alphaN - (alphaN + betaN) * n

            return SIMD8(dv, dm, dh, dn, -y[4] / p.tauSynE, -y[5] / p.tauSynI, 0, 0)
        }
    }

    struct Params: Sendable {
        var gNa, gK, gL, cM, eNa, eK, eL, vT, eEx, eIn, tauSynE, tauSynI, iE: Double
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
            gNa: p("g_Na"), gK: p("g_K"), gL: p("g_L"), cM: p("C_m"), eNa: p("E_Na"), eK: p("E_K"), eL: p("E_L"),
            vT: p("V_T"), eEx: p("E_ex"), eIn: p("E_in"), tauSynE: p("tau_syn_ex"), tauSynI: p("tau_syn_in"),
            iE: p("I_e"))
        initialY = SIMD8(p("V_m"), p("Act_m"), p("Inact_h"), p("Act_n"), 0, 0, 0, 0)
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
        s.y[4] += excitatory
        s.y[5] += -inhibitory

        var spikes = 0
        if s.refractory != 0 {
            s.refractory -= 1
        } else if s.y[0] >= p.vT + 30.0 && vOld > s.y[0] {  // above threshold and past the peak
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
        case 3: s.y[2]  // Inact_h
        case 4: s.y[4]  // g_ex
        case 5: s.y[5]  // g_in
        case 6: -s.ionCharge[0] * 1e-3  // Q_Na: pA·ms to pC, inward positive
        default: s.ionCharge[1] * 1e-3  // Q_K
        }
    }
}
