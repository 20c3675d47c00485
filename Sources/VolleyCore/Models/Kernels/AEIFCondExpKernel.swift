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
    struct System: ODESystem {
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

    let p: AEIFCommon.Params
    let initialY: SIMD8<Double>
    /// `B_.step_`, the simulation step in ms.
    let h: Double
    let refractoryCounts: Int32
    /// `V_.V_peak`: the detection threshold, V_peak, or V_th when Delta_T == 0.
    let detectionThreshold: Double
    let integrator: ODEIntegrator
    let control: ErrorControl

    public init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator) {
        self.p = AEIFCommon.Params(p)
        initialY = SIMD8(p("V_m"), p("g_ex"), p("g_in"), p("w"), 0, 0, 0, 0)
        self.h = KernelTime.stepMs(h)
        refractoryCounts = KernelTime.steps(p("t_ref"), resolution: h)
        detectionThreshold = p("Delta_T") > 0 ? p("V_peak") : p("V_th")
        control = .yp(epsAbs: p("gsl_error_tol"), epsRel: p("gsl_error_tol"))
        self.integrator = integrator
    }

    public func initialState() -> ODENeuronState {
        ODENeuronState(y: initialY, refractory: 0, stepSize: h)
    }

    @inline(__always)
    public func step(
        _ s: inout ODENeuronState, current: Double, excitatory: Double, inhibitory: Double
    ) -> StepOutcome {
        var spikes = 0
        switch integrator {
        case .nest:
            // Spikes are handled after every accepted sub-step; f(y) carries over between
            // sub-steps (and steps) unless a spike or the refractory clamp changed y or the system.
            var refractory = s.refractory > 0
            var derivative = s.cachedDerivative(current: current, refractory: refractory)
            var t = 0.0
            while t < h {
                let system = System(p: p, iStim: current, isRefractory: refractory)
                var d = derivative ?? system.derivatives(s.y)
                if !RKF45.evolveApply(system, control: control, t: &t, t1: h, h: &s.stepSize, y: &s.y, derivative: &d) {
                    s.derivativeTag = 0
                    return StepOutcome(spikes: spikes, failed: true)
                }
                let integrated = s.y
                if !AEIFCommon.afterSubstep(
                    &s, wIndex: 3, p: p, threshold: detectionThreshold, refractoryCounts: refractoryCounts,
                    spikes: &spikes)
                {
                    s.derivativeTag = 0
                    return StepOutcome(spikes: spikes, failed: true)
                }
                derivative = d
                if refractory != (s.refractory > 0) || !ODENeuronState.identical(integrated, s.y) {
                    refractory = s.refractory > 0
                    derivative = nil
                }
            }
            if let derivative {
                s.cache(derivative: derivative, current: current, refractory: refractory)
            } else {
                s.derivativeTag = 0
            }
        case .rk4(let substeps):
            let n = max(1, substeps)
            let dt = h / Double(n)
            for _ in 0..<n {
                let system = System(p: p, iStim: current, isRefractory: s.refractory > 0)
                RK4.advance(system, y: &s.y, dt: dt, substeps: 1)
                if !AEIFCommon.afterSubstep(
                    &s, wIndex: 3, p: p, threshold: detectionThreshold, refractoryCounts: refractoryCounts,
                    spikes: &spikes)
                {
                    return StepOutcome(spikes: spikes, failed: true)
                }
            }
        }

        if s.refractory > 0 { s.refractory -= 1 }

        s.y[1] += excitatory
        s.y[2] += -inhibitory
        return StepOutcome(spikes: spikes)
    }

    public func recordable(_ index: Int, _ s: ODENeuronState) -> Double {
        s.y[index]
    }
}

/// What NEST's `aeif_cond_*` models share: parameters, the overflow check and the per-sub-step
/// spike handling.
enum AEIFCommon {
    struct Params: Sendable {
        var vPeak, vReset, gL, cM, eEx, eIn, eL, deltaT, tauW, a, b, vTh, tauSynE, tauSynI, iE: Double

        init(_ p: (String) -> Double) {
            vPeak = p("V_peak")
            vReset = p("V_reset")
            gL = p("g_L")
            cM = p("C_m")
            eEx = p("E_ex")
            eIn = p("E_in")
            eL = p("E_L")
            deltaT = p("Delta_T")
            tauW = p("tau_w")
            a = p("a")
            b = p("b")
            vTh = p("V_th")
            tauSynE = p("tau_syn_ex")
            tauSynI = p("tau_syn_in")
            iE = p("I_e")
        }
    }

    /// Delta_T ≥ 0, and with Delta_T > 0 no overflow of exp((V_peak − V_th)/Delta_T), keeping
    /// NEST's 1e20 margin.
    static func validateDeltaT(_ p: (String) -> Double) -> (name: String, reason: String)? {
        let deltaT = p("Delta_T")
        if deltaT < 0 {
            return ("Delta_T", "must not be negative (NEST: Delta_T must be positive)")
        } else if deltaT > 0 {
            let maxExpArg = Double.log(Double.greatestFiniteMagnitude / 1e20)
            if (p("V_peak") - p("V_th")) / deltaT >= maxExpArg {
                return (
                    "Delta_T",
                    "is too small for V_peak − V_th: exp((V_peak − V_th)/Delta_T) would overflow at spike time "
                        + "(NEST: increase Delta_T or reduce V_peak)"
                )
            }
        }
        return nil
    }

    /// NEST's checks after each accepted sub-step: NumericalInstability, refractory clamp, and a
    /// spike (reset, w += b, refractory counter t_ref steps + 1, or 0 without refractory time).
    /// Returns `false` on NumericalInstability.
    @inline(__always)
    static func afterSubstep(
        _ s: inout ODENeuronState, wIndex: Int, p: Params, threshold: Double, refractoryCounts: Int32,
        spikes: inout Int
    ) -> Bool {
        let w = s.y[wIndex]
        if s.y[0] < -1e3 || w < -1e6 || w > 1e6 { return false }
        if s.refractory > 0 {
            s.y[0] = p.vReset
        } else if s.y[0] >= threshold {
            s.y[0] = p.vReset
            s.y[wIndex] += p.b
            s.refractory = refractoryCounts > 0 ? refractoryCounts + 1 : 0
            spikes += 1
        }
        return true
    }
}
