// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// Volley's `volley_hh_pump` (not a NEST model): the single-compartment Hodgkin–Huxley neuron with
/// ion concentrations and an electrogenic Na⁺/K⁺ pump of Hübel & Dahlem (2014), "Dynamics from
/// seconds to hours in Hodgkin–Huxley model with time-dependent ion concentrations and buffer
/// reservoirs", PLoS Comput Biol 10(12):e1004014 (ModelDB 167714, their closed model without the
/// K⁺ buffer), itself built on Cressman et al. (2009), J Comput Neurosci 26:159 (erratum 2011,
/// 30:781): gating, leaks and the pump's form are theirs; the pump current is in the membrane
/// equation (3 Na⁺ out, 2 K⁺ in: one net charge per cycle), and E_Na, E_K, E_Cl are Nernst
/// potentials of the changing concentrations.
///
/// Their per-area constants are given here for their membrane of A = 922 µm² (1 µA/cm² = 9.22 pA,
/// 1 mS/cm² = 9.22 nS), with their volumes (2160 µm³ inside, 720 µm³ outside). Volley adds NEST's
/// exponential synaptic conductances and counts every current that is neither a channel's nor the
/// pump's (I_e, devices, synapses) as K⁺ moving between the extracellular space and the cell, so
/// that charge and each ion species stay conserved under a steady drive.
///
/// Spikes are detected as in `hh_psc_alpha`: V_m ≥ 0 and falling, outside a pseudo-refractory
/// period that only blocks detection.
///
/// State vector: V_m, Act_n, Na_i, K_i, Cl_i, g_ex, g_in; lane 7 integrates the pump current
/// (∫ I_pump dt, pA·ms) beside them, outside the error control.
public struct VolleyHHPumpKernel: Sendable {
    /// The model's name in a model file; `volley_` marks it as Volley's, not NEST's.
    public static let modelName = "volley_hh_pump"

    /// The membrane area the per-area constants of Hübel & Dahlem are scaled by (µm²).
    public static let membraneArea = 922.0
    /// pA per µA/cm² (and nS per mS/cm²) for that area.
    static let perArea = membraneArea * 1e-2
    /// Faraday's constant (C/mol), exact in the SI since 2019 (N_A · e).
    public static let faraday = 96485.33212331001
    /// RT/F (mV) as Cressman et al. and Hübel & Dahlem take it (about 36 °C; 37 °C gives 26.71).
    public static let nernstFactor = 26.64
    /// The temperature factor of the n gate (Cressman et al.'s φ).
    static let phi = 3.0

    public static let parameters: [KernelParameter] = [
        ("V_m", -67.1938824408, "mV", "Initial membrane potential (the model's resting state)"),
        ("Act_n", 0.0694073201238, "", "Initial potassium activation n"),
        ("Na_i", 25.2290967826, "mM", "Initial intracellular Na⁺ concentration"),
        ("K_i", 129.256345028, "mM", "Initial intracellular K⁺ concentration"),
        ("Cl_i", 9.89655581025, "mM", "Initial intracellular Cl⁻ concentration"),
        ("Na_o", 125.312714652, "mM", "Initial extracellular Na⁺ concentration"),
        ("K_o", 4.00388491716, "mM", "Initial extracellular K⁺ concentration"),
        ("Cl_o", 123.282649569, "mM", "Initial extracellular Cl⁻ concentration"),
        ("vol_i", 2160.0, "µm³", "Intracellular volume"),
        ("vol_e", 720.0, "µm³", "Extracellular volume around the cell"),
        ("C_m", 9.22, "pF", "Capacity of the membrane (1 µF/cm²)"),
        ("g_Na", 922.0, "nS", "Sodium peak conductance (100 mS/cm²)"),
        ("g_K", 368.8, "nS", "Potassium peak conductance (40 mS/cm²)"),
        ("g_Na_L", 0.16135, "nS", "Na⁺ leak conductance (0.0175 mS/cm²)"),
        ("g_K_L", 0.461, "nS", "K⁺ leak conductance (0.05 mS/cm²)"),
        ("g_Cl_L", 0.1844, "nS", "Cl⁻ leak conductance (0.02 mS/cm²)"),
        ("I_pump_max", 62.696, "pA", "Maximal Na⁺/K⁺ pump current ρ_max (6.8 µA/cm²)"),
        ("pump_block", 0.0, "", "Fraction of the pumps blocked (ouabain) from t_block on, in [0, 1]"),
        ("t_block", 0.0, "ms", "Time from which pump_block applies"),
        ("E_ex", 0.0, "mV", "Excitatory reversal potential"),
        ("E_in", -80.0, "mV", "Inhibitory reversal potential"),
        ("tau_syn_ex", 5.0, "ms", "Decay time of the excitatory synaptic conductance"),
        ("tau_syn_in", 10.0, "ms", "Decay time of the inhibitory synaptic conductance"),
        ("t_ref", 2.0, "ms", "Duration of the pseudo-refractory period (blocks spike detection only)"),
        ("I_e", 0.0, "pA", "Constant input current"),
    ]

    /// The state, the extracellular concentrations and reversal potentials it implies, the pump
    /// current, the synaptic conductances, and the ledger: `Q_Na` (inward Na⁺ charge through the
    /// channels and the Na⁺ leak), `Q_K` (outward K⁺ charge through the channels and the K⁺ leak)
    /// and `Q_pump` (the pump's net outward charge, one per cycle), since the start (pC).
    public static let recordables = [
        "V_m", "Act_n", "Na_i", "K_i", "Cl_i", "Na_o", "K_o", "Cl_o", "E_Na", "E_K", "I_pump", "g_ex", "g_in",
        "Q_Na", "Q_K", "Q_pump",
    ]

    public static func validate(_ p: (String) -> Double) -> (name: String, reason: String)? {
        if p("C_m") <= 0 { return ("C_m", "must be greater than 0 (capacitance must be strictly positive)") }
        for name in ["Na_i", "K_i", "Cl_i", "Na_o", "K_o", "Cl_o"] where !(p(name) > 0) {
            return (name, "must be greater than 0 (a concentration; its Nernst potential takes its logarithm)")
        }
        for name in ["vol_i", "vol_e"] where !(p(name) > 0) { return (name, "must be greater than 0 (a volume)") }
        for name in ["g_Na", "g_K", "g_Na_L", "g_K_L", "g_Cl_L"] where p(name) < 0 {
            return (name, "must not be negative (all conductances must be non-negative)")
        }
        if p("I_pump_max") < 0 { return ("I_pump_max", "must not be negative (the pump only exports Na⁺)") }
        if !(p("pump_block") >= 0 && p("pump_block") <= 1) {
            return ("pump_block", "must lie in [0, 1] (a fraction of the pumps)")
        }
        if p("t_block") < 0 { return ("t_block", "must not be negative") }
        for name in ["tau_syn_ex", "tau_syn_in"] where p(name) <= 0 {
            return (name, "must be greater than 0 (all time constants must be strictly positive)")
        }
        if p("t_ref") < 0 { return ("t_ref", "must not be negative (refractory time cannot be negative)") }
        if !(p("Act_n") >= 0 && p("Act_n") <= 1) { return ("Act_n", "must lie in [0, 1] (an activation variable)") }
        return nil
    }

    struct Params: Sendable {
        var cM, gNa, gK, gNaL, gKL, gClL, pumpMax, eEx, eIn, tauSynE, tauSynI, iE: Double
        /// The initial concentrations, which fix the totals the extracellular ones follow from.
        var naI0, kI0, clI0, naO0, kO0, clO0: Double
        /// vol_i / vol_e: the extracellular change per intracellular change.
        var ratio: Double
        /// mM/ms inside the cell per pA of inward current of a monovalent ion: 1000 / (F · vol_i).
        var flux: Double
    }

    /// The pump's relative rate at these concentrations (Cressman et al.'s form, the Na⁺ and K⁺
    /// sensitivities of Hübel & Dahlem: half activation at Na_i = 25 mM and K_o = 5.5 mM).
    @inline(__always)
    static func pumpActivation(naI: Double, kO: Double) -> Double {
        1.0 / ((1.0 + Double.exp((25.0 - naI) / 3.0)) * (1.0 + Double.exp(5.5 - kO)))
    }

    /// u / (1 − e^−u) and its derivative, with the removable singularity at u = 0 filled in.
    @inline(__always)
    static func efun(_ u: Double) -> (value: Double, slope: Double) {
        if abs(u) < 1e-6 { return (1.0 + u / 2.0, 0.5 + u / 6.0) }
        let d = -Double.expMinusOne(-u)  // 1 − e^−u
        let e = 1.0 - d  // e^−u
        return (u / d, (d - u * e) / (d * d))
    }

    /// m∞(V) = α_m / (α_m + β_m) and dm∞/dV.
    @inline(__always)
    static func sodiumActivation(_ v: Double) -> (m: Double, slope: Double) {
        let a = efun((v + 30.0) / 10.0)  // α_m = 0.1 (V + 30) / (1 − e^−(V+30)/10)
        let alpha = a.value, dAlpha = a.slope / 10.0
        let beta = 4.0 * Double.exp(-(v + 55.0) / 18.0), dBeta = -beta / 18.0
        let sum = alpha + beta
        return (alpha / sum, (dAlpha * beta - alpha * dBeta) / (sum * sum))
    }

    /// h(n) = 1 − 1/(1 + e^−6.5 (n − 0.35)) (Hübel & Dahlem's reduction) and dh/dn.
    @inline(__always)
    static func sodiumInactivation(_ n: Double) -> (h: Double, slope: Double) {
        let s = 1.0 / (1.0 + Double.exp(-6.5 * (n - 0.35)))
        return (1.0 - s, -6.5 * s * (1.0 - s))
    }

    /// The extracellular concentrations and the three Nernst potentials at state `y`.
    struct Ions {
        let naO, kO, clO, eNa, eK, eCl: Double

        @inline(__always)
        init(_ y: SIMD8<Double>, _ p: Params) {
            naO = p.naO0 + (p.naI0 - y[2]) * p.ratio
            kO = p.kO0 + (p.kI0 - y[3]) * p.ratio
            clO = p.clO0 + (p.clI0 - y[4]) * p.ratio
            eNa = VolleyHHPumpKernel.nernstFactor * Double.log(naO / y[2])
            eK = VolleyHHPumpKernel.nernstFactor * Double.log(kO / y[3])
            eCl = -VolleyHHPumpKernel.nernstFactor * Double.log(clO / y[4])
        }
    }

    /// The right-hand side for one step's input current and pump factor (1 − block).
    struct System: ODESystem {
        let p: Params
        let iStim: Double
        let pumpScale: Double

        /// V_m, n, Na_i, K_i, Cl_i, g_ex, g_in; lane 7 (∫ I_pump dt) is left out of the error control.
        var dimension: Int { 7 }

        static var carriesIonCurrents: Bool { true }

        /// The Na⁺ (gated and leak) and K⁺ (gated and leak) channel currents, outward positive.
        @inline(__always)
        func ionCurrents(_ y: SIMD8<Double>) -> SIMD2<Double> {
            let ions = Ions(y, p)
            let v = y[0], n = y[1]
            let m = VolleyHHPumpKernel.sodiumActivation(v).m, h = VolleyHHPumpKernel.sodiumInactivation(n).h
            let n2 = n * n
            return SIMD2(
                (p.gNa * m * m * m * h + p.gNaL) * (v - ions.eNa), (p.gK * n2 * n2 + p.gKL) * (v - ions.eK))
        }

        /// d/dt of the channel currents by the chain rule (through V, n and the Nernst potentials).
        @inline(__always)
        func ionCurrentRates(_ y: SIMD8<Double>, _ d: SIMD8<Double>) -> SIMD2<Double> {
            let ions = Ions(y, p)
            let v = y[0], n = y[1]
            let (m, dm) = VolleyHHPumpKernel.sodiumActivation(v)
            let (h, dh) = VolleyHHPumpKernel.sodiumInactivation(n)
            let f = VolleyHHPumpKernel.nernstFactor
            // dE/dt: E_Na = f ln(Na_o/Na_i) with Na_o = Na_o0 + (Na_i0 − Na_i) vol_i/vol_e, likewise E_K.
            let dENa = f * (-p.ratio / ions.naO - 1.0 / y[2]) * d[2]
            let dEK = f * (-p.ratio / ions.kO - 1.0 / y[3]) * d[3]
            let m2 = m * m, n3 = n * n * n
            let gNa = p.gNa * m2 * m * h + p.gNaL
            let na = p.gNa * (3 * m2 * dm * d[0] * h + m2 * m * dh * d[1]) * (v - ions.eNa) + gNa * (d[0] - dENa)
            let gK = p.gK * n3 * n + p.gKL
            let k = p.gK * 4 * n3 * d[1] * (v - ions.eK) + gK * (d[0] - dEK)
            return SIMD2(na, k)
        }

        @inline(__always)
        func derivatives(_ y: SIMD8<Double>) -> SIMD8<Double> {
            let ions = Ions(y, p)
            let v = y[0], n = y[1]
            let m = VolleyHHPumpKernel.sodiumActivation(v).m
            let h = VolleyHHPumpKernel.sodiumInactivation(n).h
            let n2 = n * n
            let iNa: Double = (p.gNa * m * m * m * h + p.gNaL) * (v - ions.eNa)
            let iK: Double = (p.gK * n2 * n2 + p.gKL) * (v - ions.eK)
            let iCl: Double = p.gClL * (v - ions.eCl)
            let iPump: Double = pumpScale * p.pumpMax * VolleyHHPumpKernel.pumpActivation(naI: y[2], kO: ions.kO)
            // Everything else that crosses the membrane (I_e, devices, synapses), inward positive.
            var iApplied: Double = iStim + p.iE
            iApplied = iApplied - y[5] * (v - p.eEx)
            iApplied = iApplied - y[6] * (v - p.eIn)

            let dv: Double = (iApplied - iNa - iK - iCl - iPump) / p.cM
            let alphaN: Double = 0.1 * VolleyHHPumpKernel.efun((v + 34.0) / 10.0).value
            let betaN: Double = 0.125 * Double.exp(-(v + 44.0) / 80.0)
            let dn: Double = VolleyHHPumpKernel.phi * (alphaN * (1 - n) - betaN * n)
            // Concentrations: an outward current lowers the ion inside; 3 Na⁺ out and 2 K⁺ in per
            // pump cycle; the applied current is carried by K⁺; Cl⁻ is an anion.
            let dNa: Double = -(iNa + 3 * iPump) * p.flux
            let dK: Double = -(iK - 2 * iPump - iApplied) * p.flux
            let dCl: Double = iCl * p.flux
            return SIMD8(dv, dn, dNa, dK, dCl, -y[5] / p.tauSynE, -y[6] / p.tauSynI, iPump)
        }
    }

    let p: Params
    let initialY: SIMD8<Double>
    /// The simulation step in ms.
    let h: Double
    let refractoryCounts: Int32
    /// The first step integrated with the pumps blocked (`t_block` rounded up to the grid), and
    /// the pump factor from then on.
    public let blockStep: Int64
    public let blockedScale: Double
    let integrator: ODEIntegrator
    let control = ErrorControl.y(epsAbs: 1e-5, epsRel: 0.0)

    /// The kernel for one population's parameters (by name, with the defaults above filled in),
    /// on a grid of `h` ms, integrated by `integrator`.
    public init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator) {
        let volume = p("vol_i")
        self.p = Params(
            cM: p("C_m"), gNa: p("g_Na"), gK: p("g_K"), gNaL: p("g_Na_L"), gKL: p("g_K_L"), gClL: p("g_Cl_L"),
            pumpMax: p("I_pump_max"), eEx: p("E_ex"), eIn: p("E_in"), tauSynE: p("tau_syn_ex"),
            tauSynI: p("tau_syn_in"), iE: p("I_e"),
            naI0: p("Na_i"), kI0: p("K_i"), clI0: p("Cl_i"), naO0: p("Na_o"), kO0: p("K_o"), clO0: p("Cl_o"),
            ratio: volume / p("vol_e"), flux: 1000.0 / (Self.faraday * volume))
        initialY = SIMD8(p("V_m"), p("Act_n"), p("Na_i"), p("K_i"), p("Cl_i"), 0, 0, 0)
        self.h = KernelTime.stepMs(h)
        refractoryCounts = KernelTime.steps(p("t_ref"), resolution: h)
        let block = p("pump_block")
        // Int64 steps: a block hours into a run must not be capped at Int32's 2^31 steps.
        let t = p("t_block")
        blockStep = block == 0 || !(t < 1e15) ? Int64.max
            : TimeGrid(resolution: h)?.stepsRoundingUp(t) ?? Int64((t / h).rounded(.up))
        blockedScale = 1 - block
        self.integrator = integrator
    }

    /// A neuron at the parameters' initial state (the model's resting state by default).
    public func initialState() -> ODENeuronState {
        ODENeuronState(y: initialY, refractory: 0, stepSize: h)
    }

    /// The pump factor in step `step`: 1, or 1 − pump_block from `t_block` on.
    @inline(__always)
    public func pumpScale(step: Int64) -> Double { step >= blockStep ? blockedScale : 1 }

    /// One simulation step with the pumps at `pumpScale` of their rate: integration, then the
    /// step's synaptic input and spike detection as `hh_cond_exp_traub` orders them.
    ///
    /// The solver's cached f(y) is kept apart for running pumps (`pumpScale` 1) and blocked ones
    /// (any other factor; the model has one, `blockedScale`); call `forgetDerivative()` on a
    /// state before giving it a second blocked factor.
    @inline(__always)
    public func step(
        _ s: inout ODENeuronState, current: Double, excitatory: Double, inhibitory: Double, pumpScale: Double
    ) -> StepOutcome {
        let vOld = s.y[0]
        let system = System(p: p, iStim: current, pumpScale: pumpScale)
        // The cache's refractory flag (this model's right-hand side has no refractory term) tells
        // the pumps' two states apart.
        let blocked = pumpScale != 1
        guard integrator.integrate(system, control: control, step: h, state: &s, current: current, refractory: blocked)
        else { return StepOutcome(spikes: 0, failed: true) }
        s.y[5] += excitatory
        s.y[6] += -inhibitory

        var spikes = 0
        if s.refractory > 0 {
            s.refractory -= 1
        } else if s.y[0] >= 0 && vOld > s.y[0] {  // above 0 mV and past the peak
            s.refractory = refractoryCounts
            spikes = 1
        }
        return StepOutcome(spikes: spikes)
    }

    /// The value of `recordables[index]` with the pumps at `pumpScale`.
    public func recordable(_ index: Int, _ s: ODENeuronState, pumpScale: Double) -> Double {
        let ions = Ions(s.y, p)
        switch index {
        case 0: return s.y[0]  // V_m
        case 1: return s.y[1]  // Act_n
        case 2: return s.y[2]  // Na_i
        case 3: return s.y[3]  // K_i
        case 4: return s.y[4]  // Cl_i
        case 5: return ions.naO  // Na_o
        case 6: return ions.kO  // K_o
        case 7: return ions.clO  // Cl_o
        case 8: return ions.eNa  // E_Na
        case 9: return ions.eK  // E_K
        case 10: return pumpScale * p.pumpMax * Self.pumpActivation(naI: s.y[2], kO: ions.kO)  // I_pump
        case 11: return s.y[5]  // g_ex
        case 12: return s.y[6]  // g_in
        case 13: return -s.ionCharge[0] * 1e-3  // Q_Na: pA·ms to pC, inward positive
        case 14: return s.ionCharge[1] * 1e-3  // Q_K: outward positive
        default: return s.y[7] * 1e-3  // Q_pump: outward positive
        }
    }
}
