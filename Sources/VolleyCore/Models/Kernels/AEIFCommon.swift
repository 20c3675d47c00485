// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// The right-hand side of an `aeif_cond_*` model for one sub-step's input and refractory state.
protocol AEIFSystem: ODESystem {
    init(p: AEIFCommon.Params, iStim: Double, isRefractory: Bool)
    /// The index of the adaptation current w in the state vector.
    static var wIndex: Int { get }
}

/// What NEST's `aeif_cond_*` models share: parameters, the overflow check, and the integration
/// loop with spikes handled after every accepted solver sub-step.
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

    /// NEST's aeif `update()` up to the input: the integration loop with in-loop spikes and the
    /// refractory count-down after it.
    struct Stepper<S: AEIFSystem>: Sendable {
        let p: Params
        /// `B_.step_`, the simulation step in ms.
        let h: Double
        let refractoryCounts: Int32
        /// `V_.V_peak`: the detection threshold, V_peak, or V_th when Delta_T == 0.
        let threshold: Double
        let control: ErrorControl
        let integrator: ODEIntegrator

        init(_ p: (String) -> Double, resolution: Double, integrator: ODEIntegrator) {
            self.p = Params(p)
            h = KernelTime.stepMs(resolution)
            refractoryCounts = KernelTime.steps(p("t_ref"), resolution: resolution)
            threshold = p("Delta_T") > 0 ? p("V_peak") : p("V_th")
            control = .yp(epsAbs: p("gsl_error_tol"), epsRel: p("gsl_error_tol"))
            self.integrator = integrator
        }

        /// One step's integration; the outcome counts its spikes.
        @inline(__always)
        func integrate(_ s: inout ODENeuronState, current: Double) -> StepOutcome {
            var spikes = 0
            switch integrator {
            case .nest:
                // f(y) carries over between sub-steps (and steps) unless a spike or the
                // refractory clamp changed y or the system.
                var refractory = s.refractory > 0
                var derivative = s.cachedDerivative(current: current, refractory: refractory)
                var t = 0.0
                while t < h {
                    let system = S(p: p, iStim: current, isRefractory: refractory)
                    var d = derivative ?? system.derivatives(s.y)
                    if !RKF45.evolveApply(
                        system, control: control, t: &t, t1: h, h: &s.stepSize, y: &s.y, derivative: &d)
                    {
                        s.derivativeTag = 0
                        return StepOutcome(spikes: spikes, failed: true)
                    }
                    derivative = d
                    if !afterSubstep(&s, refractory: &refractory, derivative: &derivative, spikes: &spikes) {
                        s.derivativeTag = 0
                        return StepOutcome(spikes: spikes, failed: true)
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
                    var refractory = s.refractory > 0
                    var derivative: SIMD8<Double>? = nil
                    RK4.advance(S(p: p, iStim: current, isRefractory: refractory), y: &s.y, dt: dt, substeps: 1)
                    if !afterSubstep(&s, refractory: &refractory, derivative: &derivative, spikes: &spikes) {
                        return StepOutcome(spikes: spikes, failed: true)
                    }
                }
            }
            if s.refractory > 0 { s.refractory -= 1 }
            return StepOutcome(spikes: spikes)
        }

        /// NEST's checks after each accepted sub-step: NumericalInstability, the refractory
        /// clamp, and a spike (reset, w += b, refractory counter t_ref steps + 1, or 0 without
        /// refractory time). Drops `derivative` if y or the refractory state changed. Returns
        /// `false` on NumericalInstability.
        @inline(__always)
        func afterSubstep(
            _ s: inout ODENeuronState, refractory: inout Bool, derivative: inout SIMD8<Double>?, spikes: inout Int
        ) -> Bool {
            let w = s.y[S.wIndex]
            if s.y[0] < -1e3 || w < -1e6 || w > 1e6 { return false }
            if s.refractory > 0 {
                if s.y[0].bitPattern != p.vReset.bitPattern { derivative = nil }
                s.y[0] = p.vReset
            } else if s.y[0] >= threshold {
                s.y[0] = p.vReset
                s.y[S.wIndex] += p.b
                s.refractory = refractoryCounts > 0 ? refractoryCounts + 1 : 0
                spikes += 1
                derivative = nil
            }
            if refractory != (s.refractory > 0) {
                refractory = s.refractory > 0
                derivative = nil
            }
            return true
        }
    }
}
