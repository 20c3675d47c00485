// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `hh_cond_exp_traub` as a plug-in. NEST's scheme runs `HHCondExpTraubKernel` (Kernels/)
/// per neuron, bit for bit; the opt-in RK4 runs loops over flat arrays that the compiler
/// vectorises across neurons, with an exponential of its own (`VectorMath.exp`), one per
/// evaluation of the right-hand side instead of six (the COBAHH benchmark's cost is this update,
/// so it gets a loop of its own).
struct HHCondExpTraub: NeuronDynamics {
    static let parameters = KernelNeurons<HHCondExpTraubKernel>.parameters
    static let recordables = HHCondExpTraubKernel.recordables
    static let weightUnit = "nS"
    static let inputChannels = 2
    static let documentation = ModelDocumentation(
        summary: "Hodgkin–Huxley neuron of Traub and Miles (1991) with exponential conductances, the cell of Brette et al. "
            + "(2007) COBAHH. Its initial gating values are NEST's (computed at V rather than V − V_T, as NEST does).",
        equations: [
            "C_m dV/dt = −g_Na m³ h (V − E_Na) − g_K n⁴ (V − E_K) − g_L (V − E_L) − g_ex (V − E_ex) − g_in (V − E_in) + I_e + I_dc",
            "dx/dt = α_x(V − V_T) (1 − x) − β_x(V − V_T) x  for x = m, h, n",
            "τ_syn dg/dt = −g;  spike: V ≥ V_T + 30 mV and falling, then t_ref without detection; no reset",
            "energy ledger (Volley's, not NEST's): Q_Na = −∫ g_Na m³ h (V − E_Na) dt, Q_K = ∫ g_K n⁴ (V − E_K) dt (pC), over the solver's sub-steps",
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) "
            + "(`gsl_odeiv_evolve_apply`, absolute error 1e-3, the step size carried across steps). `simulation.integrator: rk4` "
            + "runs a fixed-step classic RK4 instead, vectorised across neurons; with `rk4_substeps: 4` it is what the Brian2 "
            + "COBAHH scripts use.")

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try KernelNeurons<HHCondExpTraubKernel>.validate(m)
    }

    /// NEST's scheme keeps each neuron's solver state in `neurons`; RK4 keeps flat arrays.
    struct State: Sendable {
        var neurons: [ODENeuronState] = []
        /// RK4: variable `k` (a `Slot`) of neuron `i` at `values[k · count + i]`.
        var values: [Double] = []
        var count = 0
        /// RK4: the steps left in which spikes are not detected.
        var refractory: [Int32] = []
    }

    /// Where each variable's array starts in `State.values`, in multiples of the neuron count.
    enum Slot {
        static let v = 0, m = 1, h = 2, n = 3, gEx = 4, gIn = 5
        /// V_m before the step (the spike rule compares with it).
        static let previous = 6
        /// The energy ledger: ∫I_Na dt and ∫I_K dt (pA·ms, outward positive).
        static let chargeNa = 7, chargeK = 8
        static let all = 9
    }

    let kernel: HHCondExpTraubKernel
    let rk4: FixedStep?

    /// The RK4 constants for one sub-step `dt`.
    struct FixedStep: Sendable {
        let substeps: Int
        let dt: Double
        /// Stage factors of the conductances: their equations are linear, so RK4's stages are
        /// g times polynomials in dt/τ (stages 2, 3, 4 and the sub-step's end).
        let ex: (s2: Double, s3: Double, s4: Double, end: Double)
        let inh: (s2: Double, s3: Double, s4: Double, end: Double)
        let gNa, gK, gL, eNa, eK, eL, eEx, eIn, vT, iE, invC: Double
        /// e^−5, e^−27/4, ½ e^−3/4 and 0.128 e^−23/18, which turn powers of z = exp((40 − x)/360)
        /// into the rates' exponentials (see `integrate`).
        let e5, e675, betaN, alphaH: Double
        /// V_T + 30 mV.
        let spikeThreshold: Double
        let refractorySteps: Int32

        init(_ kernel: HHCondExpTraubKernel, substeps k: Int) {
            let p = kernel.p
            substeps = max(1, k)
            dt = kernel.h / Double(substeps)
            ex = Self.factors(dt / p.tauSynE)
            inh = Self.factors(dt / p.tauSynI)
            (gNa, gK, gL, eNa, eK, eL, eEx, eIn, vT, iE) = (p.gNa, p.gK, p.gL, p.eNa, p.eK, p.eL, p.eEx, p.eIn, p.vT, p.iE)
            invC = 1 / p.cM
            e5 = Double.exp(-5.0)
            e675 = Double.exp(-6.75)
            betaN = 0.5 * Double.exp(-0.75)
            alphaH = 0.128 * Double.exp(-23.0 / 18.0)
            spikeThreshold = p.vT + 30.0
            refractorySteps = kernel.refractoryCounts
        }

        static func factors(_ x: Double) -> (Double, Double, Double, Double) {
            (1 - x / 2, 1 - x / 2 + x * x / 4, 1 - x + x * x / 2 - x * x * x / 4,
             1 - x + x * x / 2 - x * x * x / 6 + x * x * x * x / 24)
        }
    }

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        switch integrator {
        case .nest:
            kernel = HHCondExpTraubKernel(parameters: { m[$0] }, resolution: grid.resolution, integrator: .nest)
            rk4 = nil
        case .rk4(let k):
            kernel = HHCondExpTraubKernel(parameters: { m[$0] }, resolution: grid.resolution, integrator: .rk4(substeps: k))
            rk4 = FixedStep(kernel, substeps: k)
        }
    }

    func makeState(count: Int) -> State {
        let initial = kernel.initialState()
        guard rk4 != nil else { return State(neurons: Array(repeating: initial, count: count)) }
        var values = [Double](repeating: 0, count: Slot.all * count)
        for slot in [Slot.v, Slot.m, Slot.h, Slot.n, Slot.gEx, Slot.gIn] {
            for i in 0..<count { values[slot * count + i] = initial.y[slot] }
        }
        return State(values: values, count: count, refractory: Array(repeating: 0, count: count))
    }

    func setMembranePotential(_ v: Double, neuron i: Int, in s: inout State) {
        if rk4 == nil {
            s.neurons[i].y[0] = v
            s.neurons[i].forgetDerivative()
        } else {
            s.values[Slot.v * s.count + i] = v
        }
    }

    func recordable(_ index: Int, neuron i: Int, in s: State) -> Double {
        if rk4 == nil { return kernel.recordable(index, s.neurons[i]) }
        let slot =
            switch index {
            case 0: Slot.v  // V_m
            case 1: Slot.m  // Act_m
            case 2: Slot.n  // Act_n
            case 3: Slot.h  // Inact_h
            case 4: Slot.gEx  // g_ex
            case 5: Slot.gIn  // g_in
            case 6: Slot.chargeNa  // Q_Na
            default: Slot.chargeK  // Q_K
            }
        let value = s.values[slot * s.count + i]
        // Q_Na: pA·ms to pC, inward positive; Q_K outward positive.
        return index == 6 ? -value * 1e-3 : index == 7 ? value * 1e-3 : value
    }

    func update(_ s: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        guard let f = rk4 else {
            return KernelNeurons<HHCondExpTraubKernel>.step(kernel, &s.neurons, c, range: range, spikes: &spikes)
        }
        let count = s.count
        var failed: Int?
        s.values.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Self.integrate(
                f, drive: c.current + f.iE, range: range,
                v: base + Slot.v * count, m: base + Slot.m * count, h: base + Slot.h * count, n: base + Slot.n * count,
                gEx: base + Slot.gEx * count, gIn: base + Slot.gIn * count, previous: base + Slot.previous * count,
                chargeNa: base + Slot.chargeNa * count, chargeK: base + Slot.chargeK * count)
            // The step's input after the integration, as NEST's update orders it.
            let gEx = base + Slot.gEx * count, gIn = base + Slot.gIn * count
            let exIn = c.input, inhIn = c.input + c.count
            for i in range {
                gEx[i] += exIn[i]
                gIn[i] += -inhIn[i]
                exIn[i] = 0
                inhIn[i] = 0
            }
            // The spike rule: outside the refractory period, at or above V_T + 30 mV and past the
            // peak. A state that diverged (a sub-step too long for a spike) stops the run, as
            // `KernelNeurons` does; it never spikes (NaN and ±∞ fail the rule).
            let v = base + Slot.v * count, previous = base + Slot.previous * count
            s.refractory.withUnsafeMutableBufferPointer { r in
                for i in range {
                    if r[i] != 0 {
                        r[i] -= 1
                    } else if v[i] >= f.spikeThreshold && previous[i] > v[i] {
                        r[i] = f.refractorySteps
                        spikes.append(c.spikeKey(i))
                    }
                    if !v[i].isFinite && failed == nil { failed = i }
                }
            }
        }
        return failed
    }

    /// `f.substeps` classic RK4 sub-steps for the neurons in `range`, one branch-free loop over
    /// the neurons per sub-step (which the compiler vectorises); keeps V before the step in `previous`.
    ///
    /// The right-hand side is the kernel's, with its six exponentials of x = V − V_T written as
    /// powers of one, z = exp((40 − x)/360), and q = z⁹ = exp((40 − x)/40): exp((40 − x)/5) = q⁸,
    /// exp((15 − x)/5) = q⁸e^−5, exp((13 − x)/4) = q¹⁰e^−27/4, exp((10 − x)/40) = q e^−3/4,
    /// exp((17 − x)/18) = z²⁰e^−23/18, and exp((x − 40)/5) = q^−8, so β_m = 0.28 (x − 40) q⁸/(1 − q⁸).
    /// The powers multiply z's relative error by at most 90 (about 1e-14 on a rate; one step
    /// agrees with the kernel's RK4 to a few 1e-14). The rates' removable singularities
    /// (x = 13, 15, 40) are left as the kernel and NEST leave them. q⁸ overflows only for
    /// V < V_T − 3500 mV (β_m is then NaN and the run stops).
    @inline(__always)
    static func integrate(
        _ f: FixedStep, drive: Double, range: Range<Int>,
        v: UnsafeMutablePointer<Double>, m: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>,
        n: UnsafeMutablePointer<Double>, gEx: UnsafeMutablePointer<Double>, gIn: UnsafeMutablePointer<Double>,
        previous: UnsafeMutablePointer<Double>, chargeNa: UnsafeMutablePointer<Double>, chargeK: UnsafeMutablePointer<Double>
    ) {
        for i in range { previous[i] = v[i] }
        // Constants as locals, so that they stay in registers.
        let dt = f.dt, half = 0.5 * f.dt, sixth = f.dt / 6.0
        let gNa = f.gNa, gK = f.gK, gL = f.gL, eNa = f.eNa, eK = f.eK, eL = f.eL, eEx = f.eEx, eIn = f.eIn
        let vT = f.vT, invC = f.invC, e5 = f.e5, e675 = f.e675, betaNScale = f.betaN, alphaHScale = f.alphaH
        let ex = f.ex, inh = f.inh

        @inline(__always)
        func slope(
            _ vm: Double, _ m: Double, _ h: Double, _ n: Double, _ ge: Double, _ gi: Double
        ) -> (v: Double, m: Double, h: Double, n: Double) {
            let iNa = gNa * m * m * m * h * (vm - eNa)
            let iK = gK * n * n * n * n * (vm - eK)
            let iL = gL * (vm - eL)
            let dv = (drive - iNa - iK - iL - ge * (vm - eEx) - gi * (vm - eIn)) * invC

            let x = vm - vT
            // z = exp((40 − x)/360): q = z⁹ = exp((40 − x)/40), q⁸ = exp((40 − x)/5), q¹⁰ = exp((40 − x)/4).
            let z = VectorMath.exp((40.0 - x) * (1.0 / 360.0))
            let z2 = z * z
            let z4 = z2 * z2
            let z8 = z4 * z4
            let z20 = (z8 * z8) * z4
            let q = z8 * z
            let q2 = q * q
            let q4 = q2 * q2
            let q8 = q4 * q4
            let q10 = q8 * q2
            let alphaN = 0.032 * (15.0 - x) / (q8 * e5 - 1.0)
            let betaN = betaNScale * q
            let alphaM = 0.32 * (13.0 - x) / (q10 * e675 - 1.0)
            let betaM = 0.28 * (x - 40.0) * q8 / (1.0 - q8)
            let alphaH = alphaHScale * z20
            let betaH = 4.0 / (1.0 + q8)
            return (
                dv, alphaM - (alphaM + betaM) * m, alphaH - (alphaH + betaH) * h, alphaN - (alphaN + betaN) * n
            )
        }

        for _ in 0..<f.substeps {
            for i in range {
                let v0 = v[i], m0 = m[i], h0 = h[i], n0 = n[i], ge = gEx[i], gi = gIn[i]
                let k1 = slope(v0, m0, h0, n0, ge, gi)
                let k2 = slope(
                    v0 + half * k1.v, m0 + half * k1.m, h0 + half * k1.h, n0 + half * k1.n, ge * ex.s2, gi * inh.s2)
                let k3 = slope(
                    v0 + half * k2.v, m0 + half * k2.m, h0 + half * k2.h, n0 + half * k2.n, ge * ex.s3, gi * inh.s3)
                let k4 = slope(v0 + dt * k3.v, m0 + dt * k3.m, h0 + dt * k3.h, n0 + dt * k3.n, ge * ex.s4, gi * inh.s4)
                let v1 = v0 + sixth * (k1.v + 2.0 * k2.v + 2.0 * k3.v + k4.v)
                let m1 = m0 + sixth * (k1.m + 2.0 * k2.m + 2.0 * k3.m + k4.m)
                let h1 = h0 + sixth * (k1.h + 2.0 * k2.h + 2.0 * k3.h + k4.h)
                let n1 = n0 + sixth * (k1.n + 2.0 * k2.n + 2.0 * k3.n + k4.n)
                v[i] = v1
                m[i] = m1
                h[i] = h1
                n[i] = n1
                // The ledger: the channel currents by the trapezoid rule over the sub-step.
                let n02 = n0 * n0, n12 = n1 * n1
                chargeNa[i] += half * gNa * (m0 * m0 * m0 * h0 * (v0 - eNa) + m1 * m1 * m1 * h1 * (v1 - eNa))
                chargeK[i] += half * gK * (n02 * n02 * (v0 - eK) + n12 * n12 * (v1 - eK))
                gEx[i] = ge * ex.end
                gIn[i] = gi * inh.end
            }
        }
    }
}

extension HHCondExpTraubKernel: DocumentedKernel {
    static var weightUnit: String { HHCondExpTraub.weightUnit }
    static var documentation: ModelDocumentation { HHCondExpTraub.documentation }
}

extension HHCondExpTraub.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("neurons", &neurons)
        v.column("values", &values, components: count > 0 ? values.count / count : 0, componentMajor: true)
        v.column("refractory", &refractory)
    }
}
