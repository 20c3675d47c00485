// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// GSL 2.x's adaptive Runge–Kutta–Fehlberg 4(5) as NEST drives it: `gsl_odeiv_evolve_apply`
/// (`ode-initval/evolve.c`) with the `rkf45` stepper (`rkf45.c`) and the standard control
/// (`cstd.c`), re-expressed operation for operation so that results agree with GSL to the bit.
///
/// Every arithmetic expression keeps C's association order; Swift does not contract `a*b + c`
/// into fused multiply-adds, and the SIMD lane operations are the C loops' element operations.
public enum RKF45 {
    /// `gsl_odeiv_evolve_apply`: one accepted step from `t` towards `t1`, at most `h` long.
    ///
    /// On return `t` is the time reached (exactly `t1` after a final, truncated step), `y` the
    /// state there, and `h` the step size the control suggests for the next call (GSL 2.x:
    /// based on the step actually taken, also when that was truncated to reach `t1`).
    /// Returns `false` where GSL returns an error (a step size of the wrong sign, zero or not
    /// finite, with which NEST would fail or never finish).
    @inline(__always)
    public static func evolveApply<S: ODESystem>(
        _ s: S, control: ErrorControl, t: inout Double, t1: Double, h: inout Double, y: inout SIMD8<Double>
    ) -> Bool {
        var derivative = s.derivatives(y)
        return evolveApply(s, control: control, t: &t, t1: t1, h: &h, y: &y, derivative: &derivative)
    }

    /// `gsl_odeiv_evolve_apply` with its `dydt_in = f(y)` supplied in `derivative`, which must
    /// hold exactly what `s.derivatives(y)` returns. On success `derivative` is f at the new `y`
    /// (the stepper's fresh `dydt_out`), which is bit for bit what the next call would evaluate
    /// first as long as neither `y` nor the system change in between: callers reuse it instead
    /// of evaluating it again.
    @inline(__always)
    public static func evolveApply<S: ODESystem>(
        _ s: S, control: ErrorControl, t: inout Double, t1: Double, h: inout Double, y: inout SIMD8<Double>,
        derivative: inout SIMD8<Double>
    ) -> Bool {
        let t0 = t
        var h0 = h
        let dt = t1 - t0  // remaining time, possibly less than h

        if (dt < 0.0 && h0 > 0.0) || (dt > 0.0 && h0 < 0.0) { return false }
        // GSL does not check these; NEST's `while (t < step)` loop would then never end.
        if !h0.isFinite || h0 == 0 { return false }

        let y0 = y
        // rkf45 can use dydt_in: one evaluation per call, reused on retries.
        let dydtIn = derivative
        var yerr = SIMD8<Double>()
        var dydtOut = SIMD8<Double>()

        while true {
            let finalStep: Bool
            if (dt >= 0.0 && h0 >= dt) || (dt < 0.0 && h0 <= dt) {
                h0 = dt
                finalStep = true
                // t0 + (t1 - t0) need not equal t1: back off until the step cannot pass t1.
                while (dt >= 0.0 && t0 + h0 > t1) || (dt < 0.0 && t0 + h0 < t1) {
                    h0 = h0 > 0 ? h0.nextDown : h0.nextUp  // nextafter(h0, 0.0)
                }
            } else {
                finalStep = false
            }

            stepApply(s, h: h0, y: &y, yerr: &yerr, dydtIn: dydtIn, dydtOut: &dydtOut)

            t = finalStep ? t1 : t0 + h0

            let hOld = h0
            let adjustment = hadjust(dimension: s.dimension, control: control, y: y, yerr: yerr, yp: dydtOut, h: &h0)
            if adjustment < 0 {
                // An actual decrease that moves time by at least one ulp: undo and retry.
                let tCurr = t
                let tNext = t + h0
                if abs(h0) < abs(hOld) && tNext != tCurr {
                    y = y0
                    continue
                } else {
                    h0 = hOld  // keep the current step size
                }
            }
            h = h0
            derivative = dydtOut
            return true
        }
    }

    /// NEST's integration of one simulation step (`t = 0; while (t < step) gsl_odeiv_evolve_apply(…)`)
    /// for a system whose right-hand side depends on `current` and `refractory` besides `y`;
    /// the step size carries over in `state.stepSize`. Returns `false` on a GSL failure.
    @inline(__always)
    static func integrateStep<S: ODESystem>(
        _ system: S, control: ErrorControl, step h: Double, state s: inout ODENeuronState, current: Double,
        refractory: Bool
    ) -> Bool {
        var derivative = s.cachedDerivative(current: current, refractory: refractory) ?? system.derivatives(s.y)
        var t = 0.0
        // The ledger's currents and their rates at the start of each accepted sub-step (compiled
        // out for systems without ion channels). Each sub-step adds the corrected trapezoid rule,
        // (Δt/2)(I₀ + I₁) + (Δt²/12)(I₀′ − I₁′), exact to fourth order: the solver's sub-steps
        // across a spike are too long for the plain rule to stay within a few tenths of a percent.
        var currents = S.carriesIonCurrents ? system.ionCurrents(s.y) : SIMD2()
        var rates = S.carriesIonCurrents ? system.ionCurrentRates(s.y, derivative) : SIMD2()
        while t < h {
            let t0 = t
            if !evolveApply(system, control: control, t: &t, t1: h, h: &s.stepSize, y: &s.y, derivative: &derivative) {
                s.derivativeTag = 0
                return false
            }
            if S.carriesIonCurrents {
                let dt = t - t0
                let next = system.ionCurrents(s.y)
                let nextRates = system.ionCurrentRates(s.y, derivative)
                let trapezoid: SIMD2<Double> = (0.5 * dt) * (currents + next)
                let correction: SIMD2<Double> = (dt * dt / 12) * (rates - nextRates)
                s.ionCharge += trapezoid + correction
                currents = next
                rates = nextRates
            }
        }
        s.cache(derivative: derivative, current: current, refractory: refractory)
        return true
    }

    /// `rkf45_apply`: one Fehlberg step of size `h` from `y` (whose derivative is `dydtIn`);
    /// propagates the fifth-order solution, returns the error estimate in `yerr` and a fresh
    /// evaluation f(y_new) in `dydtOut` (GSL 2.x).
    @inline(__always)
    public static func stepApply<S: ODESystem>(
        _ s: S, h: Double, y: inout SIMD8<Double>, yerr: inout SIMD8<Double>,
        dydtIn k1: SIMD8<Double>, dydtOut: inout SIMD8<Double>
    ) {
        // Butcher tableau (rkf45.c); the divisions are exact-rounded constants as in C.
        let ah0 = 1.0 / 4.0
        let b30 = 3.0 / 32.0, b31 = 9.0 / 32.0
        let b40 = 1932.0 / 2197.0, b41 = -7200.0 / 2197.0, b42 = 7296.0 / 2197.0
        let b50 = 8341.0 / 4104.0, b51 = -32832.0 / 4104.0, b52 = 29440.0 / 4104.0, b53 = -845.0 / 4104.0
        let b60 = -6080.0 / 20520.0, b61 = 41040.0 / 20520.0, b62 = -28352.0 / 20520.0
        let b63 = 9295.0 / 20520.0, b64 = -5643.0 / 20520.0
        let c1 = 902880.0 / 7618050.0, c3 = 3953664.0 / 7618050.0, c4 = 3855735.0 / 7618050.0
        let c5 = -1371249.0 / 7618050.0, c6 = 277020.0 / 7618050.0
        let ec1 = 1.0 / 360.0, ec3 = -128.0 / 4275.0, ec4 = -2197.0 / 75240.0
        let ec5 = 1.0 / 50.0, ec6 = 2.0 / 55.0

        let y0 = y

        // ytmp[i] = y[i] + ah[0] * h * k1[i]
        var ytmp: SIMD8<Double> = y0 + (ah0 * h) * k1
        let k2 = s.derivatives(ytmp)

        // ytmp[i] = y[i] + h * (b3[0] * k1[i] + b3[1] * k2[i])
        var acc: SIMD8<Double> = b30 * k1
        acc += b31 * k2
        ytmp = y0 + h * acc
        let k3 = s.derivatives(ytmp)

        acc = b40 * k1
        acc += b41 * k2
        acc += b42 * k3
        ytmp = y0 + h * acc
        let k4 = s.derivatives(ytmp)

        acc = b50 * k1
        acc += b51 * k2
        acc += b52 * k3
        acc += b53 * k4
        ytmp = y0 + h * acc
        let k5 = s.derivatives(ytmp)

        acc = b60 * k1
        acc += b61 * k2
        acc += b62 * k3
        acc += b63 * k4
        acc += b64 * k5
        ytmp = y0 + h * acc
        let k6 = s.derivatives(ytmp)

        // d_i = c1*k1 + c3*k3 + c4*k4 + c5*k5 + c6*k6; y[i] += h * d_i
        var d: SIMD8<Double> = c1 * k1
        d += c3 * k3
        d += c4 * k4
        d += c5 * k5
        d += c6 * k6
        y = y0 + h * d

        dydtOut = s.derivatives(y)

        // yerr[i] = h * (ec[1]*k1 + ec[3]*k3 + ec[4]*k4 + ec[5]*k5 + ec[6]*k6)
        var e: SIMD8<Double> = ec1 * k1
        e += ec3 * k3
        e += ec4 * k4
        e += ec5 * k5
        e += ec6 * k6
        yerr = h * e
    }

    /// `std_control_hadjust` for a method of order 5 (rkf45): −1 = decrease (h lowered),
    /// +1 = increase, 0 = unchanged. Only the first `dimension` components count.
    @inline(__always)
    public static func hadjust(
        dimension: Int, control c: ErrorControl, y: SIMD8<Double>, yerr: SIMD8<Double>, yp: SIMD8<Double>,
        h: inout Double
    ) -> Int {
        let safety = 0.9
        let hOld = h
        var rmax = Double.leastNormalMagnitude  // DBL_MIN
        for i in 0..<dimension {
            let d0 = c.epsRel * (c.aY * abs(y[i]) + c.aDydt * abs(hOld * yp[i])) + c.epsAbs
            let r = abs(yerr[i]) / abs(d0)
            rmax = r > rmax ? r : rmax  // GSL_MAX_DBL(r, rmax)
        }
        // Where the factor is clamped anyway, `pow` is skipped: the bounds used below clear the
        // clamping points (rmax = 4.5^5 ≈ 1845 and 0.18^6 ≈ 3.4e-5) by far more than pow's
        // rounding, so the factor is exactly what GSL gets.
        if rmax > 1.1 {
            // Decrease the step, by no more than a factor of 5, a fraction S more than scaling suggests.
            var r = 0.2
            if rmax < 2000 {
                r = safety / Double.pow(rmax, 1.0 / 5.0)
                if r < 0.2 { r = 0.2 }
            }
            h = r * hOld
            return -1
        } else if rmax < 0.5 {
            // Increase the step, by no more than a factor of 5.
            var r = 5.0
            if rmax > 3e-5 {
                r = safety / Double.pow(rmax, 1.0 / (5.0 + 1.0))
                if r > 5.0 { r = 5.0 }
                if r < 1.0 { r = 1.0 }  // no decrease caused by S < 1
            }
            h = r * hOld
            return 1
        }
        return 0
    }
}

/// Classic fourth-order Runge–Kutta with a fixed step: the opt-in fast integrator
/// (`ODEIntegrator.rk4`). Not NEST's scheme.
public enum RK4 {
    /// Advances `y` by `dt` in `substeps` equal steps.
    @inline(__always)
    public static func advance<S: ODESystem>(_ s: S, y: inout SIMD8<Double>, dt: Double, substeps: Int) {
        let n = max(1, substeps)
        let h = dt / Double(n)
        let half = 0.5 * h
        let sixth = h / 6.0
        for _ in 0..<n {
            let k1 = s.derivatives(y)
            let k2 = s.derivatives(y + half * k1)
            let k3 = s.derivatives(y + half * k2)
            let k4 = s.derivatives(y + h * k3)
            var sum: SIMD8<Double> = k1 + 2.0 * k2
            sum += 2.0 * k3
            sum += k4
            y += sixth * sum
        }
    }
}

extension ODEIntegrator {
    /// Integrates one simulation step of `h` ms with this scheme: NEST's (`RKF45.integrateStep`,
    /// the step size carried in `state`) or fixed-step RK4. Returns `false` on a GSL failure.
    @inline(__always)
    func integrate<S: ODESystem>(
        _ system: S, control: ErrorControl, step h: Double, state s: inout ODENeuronState, current: Double, refractory: Bool
    ) -> Bool {
        switch self {
        case .nest:
            return RKF45.integrateStep(system, control: control, step: h, state: &s, current: current, refractory: refractory)
        case .rk4(let substeps):
            guard S.carriesIonCurrents else {
                RK4.advance(system, y: &s.y, dt: h, substeps: substeps)
                return true
            }
            // The ledger needs the currents at every sub-step's ends.
            let n = max(1, substeps)
            let dt = h / Double(n)
            var currents = system.ionCurrents(s.y)
            for _ in 0..<n {
                RK4.advance(system, y: &s.y, dt: dt, substeps: 1)
                let next = system.ionCurrents(s.y)
                s.ionCharge += (0.5 * dt) * (currents + next)
                currents = next
            }
            return true
        }
    }
}
