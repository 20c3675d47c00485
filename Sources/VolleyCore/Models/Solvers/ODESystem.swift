// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The right-hand side f(y) of an autonomous ODE system of at most 8 components.
///
/// The error control looks only at the components below `dimension`. The solvers integrate the
/// others all the same, so a lane there either stays 0 (its derivative is 0) or carries an
/// integral that rides along without steering the step size (`volley_hh_pump`'s ∫ I_pump dt).
/// Kernels implement this with concrete structs so that the solvers are specialised and inlined
/// for each model.
public protocol ODESystem {
    /// The number of components under error control (1...8).
    var dimension: Int { get }
    /// f(y); a lane at or beyond `dimension` is 0 unless it carries such an integral.
    func derivatives(_ y: SIMD8<Double>) -> SIMD8<Double>
    /// Whether the system has Na⁺ and K⁺ channel currents for the energy ledger (`ionCurrents`).
    static var carriesIonCurrents: Bool { get }
    /// The Na⁺ and K⁺ channel currents at y (pA, outward positive): `g_Na m³h (V − E_Na)` and
    /// `g_K n⁴ (V − E_K)` for the Hodgkin–Huxley models.
    func ionCurrents(_ y: SIMD8<Double>) -> SIMD2<Double>
    /// The currents' rates of change (pA/ms) at y when the state changes at `dydt`.
    func ionCurrentRates(_ y: SIMD8<Double>, _ dydt: SIMD8<Double>) -> SIMD2<Double>
}

extension ODESystem {
    public static var carriesIonCurrents: Bool { false }
    public func ionCurrents(_ y: SIMD8<Double>) -> SIMD2<Double> { SIMD2() }
    public func ionCurrentRates(_ y: SIMD8<Double>, _ dydt: SIMD8<Double>) -> SIMD2<Double> { SIMD2() }
}

/// The Hodgkin–Huxley channel currents and their rates, shared by the HH kernels: state lanes
/// 0–3 are V, m, h, n (NEST's order in both models).
enum HodgkinHuxleyCurrents {
    @inline(__always)
    static func currents(_ y: SIMD8<Double>, gNa: Double, eNa: Double, gK: Double, eK: Double) -> SIMD2<Double> {
        let v = y[0], m = y[1], h = y[2], n = y[3]
        let n2 = n * n
        return SIMD2(gNa * m * m * m * h * (v - eNa), gK * n2 * n2 * (v - eK))
    }

    /// d/dt of g_Na m³h (V − E_Na) and g_K n⁴ (V − E_K) by the chain rule.
    @inline(__always)
    static func rates(_ y: SIMD8<Double>, _ d: SIMD8<Double>, gNa: Double, eNa: Double, gK: Double, eK: Double) -> SIMD2<Double> {
        let v = y[0], m = y[1], h = y[2], n = y[3]
        let dv = d[0], dm = d[1], dh = d[2], dn = d[3]
        let m2 = m * m, n3 = n * n * n
        let na = gNa * (3 * m2 * h * (v - eNa) * dm + m2 * m * (v - eNa) * dh + m2 * m * h * dv)
        let k = gK * (4 * n3 * (v - eK) * dn + n3 * n * dv)
        return SIMD2(na, k)
    }
}

/// GSL's standard step-size control (`gsl_odeiv_control_standard_new`): the tolerated error of
/// component i is `epsRel * (aY * |y_i| + aDydt * |h * y'_i|) + epsAbs`.
public struct ErrorControl: Sendable, Equatable {
    public var epsAbs: Double
    public var epsRel: Double
    public var aY: Double
    public var aDydt: Double

    public init(epsAbs: Double, epsRel: Double, aY: Double, aDydt: Double) {
        self.epsAbs = epsAbs
        self.epsRel = epsRel
        self.aY = aY
        self.aDydt = aDydt
    }

    /// `gsl_odeiv_control_y_new(epsAbs, epsRel)`: bounds the error by the state's size.
    public static func y(epsAbs: Double, epsRel: Double) -> ErrorControl {
        ErrorControl(epsAbs: epsAbs, epsRel: epsRel, aY: 1, aDydt: 0)
    }

    /// `gsl_odeiv_control_yp_new(epsAbs, epsRel)`: bounds the error by the derivative's size.
    public static func yp(epsAbs: Double, epsRel: Double) -> ErrorControl {
        ErrorControl(epsAbs: epsAbs, epsRel: epsRel, aY: 0, aDydt: 1)
    }
}

/// How a kernel integrates its ODEs over one simulation step.
public enum ODEIntegrator: Sendable, Equatable {
    /// NEST's own scheme: GSL's adaptive RKF45 with the step size carried across steps
    /// (reproduces NEST's traces to rounding).
    case nest
    /// Classic fixed-step fourth-order Runge–Kutta with `substeps` equal sub-steps per
    /// simulation step: faster and deterministic in cost, but not NEST's numbers.
    case rk4(substeps: Int)
}

/// The state of one neuron of a kernel: the ODE state vector (in NEST's `State_::y_` order),
/// the remaining refractory steps, and the adaptive solver's current step size in ms.
///
/// The `derivative…` fields cache f(y) from the solver's last accepted sub-step, which GSL
/// evaluates again at the start of the next step: kernels reuse it when `y` and the
/// right-hand side's inputs are bit for bit unchanged, which gives the same numbers with one
/// evaluation fewer. Changing `y`, `refractory` or `stepSize` from outside is safe (the cache
/// then no longer matches); after changing a kernel's parameters for existing states, call
/// `forgetDerivative()`.
public struct ODENeuronState: Sendable, BitwiseCopyable {
    public var y: SIMD8<Double>
    public var refractory: Int32
    public var stepSize: Double
    /// The energy ledger: ∫I_Na dt and ∫I_K dt since the start (pA·ms, outward positive), by
    /// the trapezoid rule over the solver's own sub-steps; never part of its error control.
    public var ionCharge = SIMD2<Double>()
    /// f(`derivativeAt`) for the input current `derivativeCurrent` and the refractory flag in
    /// `derivativeTag` (0: no cache, 1: not refractory, 2: refractory).
    var derivative = SIMD8<Double>()
    var derivativeAt = SIMD8<Double>()
    var derivativeCurrent = 0.0
    var derivativeTag: Int32 = 0

    public init(y: SIMD8<Double>, refractory: Int32 = 0, stepSize: Double) {
        self.y = y
        self.refractory = refractory
        self.stepSize = stepSize
    }

    /// Drops the cached f(y), which belongs to the kernel parameters it was computed with.
    public mutating func forgetDerivative() {
        derivativeTag = 0
    }

    /// The cached f(y), if it was computed for exactly this `y`, `current` and refractory flag.
    @inline(__always)
    func cachedDerivative(current: Double, refractory isRefractory: Bool) -> SIMD8<Double>? {
        guard derivativeTag == (isRefractory ? 2 : 1), derivativeCurrent.bitPattern == current.bitPattern,
            Self.identical(derivativeAt, y)
        else { return nil }
        return derivative
    }

    /// Whether two state vectors have the same bits (unlike `==`, tells 0 from −0).
    @inline(__always)
    static func identical(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> Bool {
        // XOR and OR-reduce: branch-free, where SIMD's `==` compares lane by lane.
        let x = unsafeBitCast(a, to: SIMD8<UInt64>.self) ^ unsafeBitCast(b, to: SIMD8<UInt64>.self)
        let q = x.lowHalf | x.highHalf
        let d = q.lowHalf | q.highHalf
        return d[0] | d[1] == 0
    }

    /// Remembers f(y) for the current `y`.
    @inline(__always)
    mutating func cache(derivative d: SIMD8<Double>, current: Double, refractory isRefractory: Bool) {
        derivative = d
        derivativeAt = y
        derivativeCurrent = current
        derivativeTag = isRefractory ? 2 : 1
    }
}

/// What one simulation step of a kernel produced.
public struct StepOutcome: Sendable, Equatable {
    /// Spikes emitted in this step (an aeif neuron without refractory time can emit several).
    public var spikes: Int
    /// The step failed as NEST's would: a GSL solver failure, or NEST's `NumericalInstability`
    /// (aeif: V_m < −1000 mV or |w| > 1e6 pA). The state is then not meaningful.
    public var failed: Bool

    @inlinable public init(spikes: Int, failed: Bool = false) {
        self.spikes = spikes
        self.failed = failed
    }
}

/// One row of a kernel's parameter table: NEST's name, default, unit and a one-line summary.
public typealias KernelParameter = (name: String, default: Double, unit: String, summary: String)

/// A per-neuron numerical model: NEST's parameters, state and `update()` for one step.
///
/// Every kernel is a value type holding its parameters and precomputed constants; the per-neuron
/// state lives outside it in an `ODENeuronState`, so one kernel serves a whole population.
public protocol NeuronKernel: Sendable {
    /// NEST's model name, e.g. `"iaf_cond_exp"`.
    static var modelName: String { get }
    /// NEST's parameters and initial state (everything in `GetStatus` that shapes the dynamics).
    static var parameters: [KernelParameter] { get }
    /// NEST's recordables, in NEST's names.
    static var recordables: [String] { get }
    /// NEST's own validity checks (`Parameters_::set`): the first violated rule, or `nil`.
    static func validate(_ p: (String) -> Double) -> (name: String, reason: String)?

    init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator)
    /// NEST's initial state for these parameters.
    func initialState() -> ODENeuronState
    /// One simulation step, as NEST's `update()` does for one lag.
    func step(_ s: inout ODENeuronState, current: Double, excitatory: Double, inhibitory: Double) -> StepOutcome
    /// The value of `recordables[index]`.
    func recordable(_ index: Int, _ s: ODENeuronState) -> Double
}

extension NeuronKernel {

    /// The defaults of `parameters`, looked up by name (`nan` for an unknown name).
    public static func defaultValue(_ name: String) -> Double {
        parameters.first { $0.name == name }?.default ?? .nan
    }
}

/// NEST's time arithmetic for kernels (`nestkernel/nest_time.h`).
enum KernelTime {
    /// `Time(Time::ms(t)).get_steps()`: tics rounded to nearest, steps rounded up. NaN counts
    /// as +∞, as in NEST; the result stays below `Int32.max` so that aeif's `+ 1` cannot
    /// overflow.
    static func steps(_ ms: Double, resolution h: Double) -> Int32 {
        let limit = Int64(Int32.max - 1)
        guard !ms.isNaN, ms < 1e15 else { return Int32(limit) }
        let steps =
            if let grid = TimeGrid(resolution: h) {
                grid.stepsRoundingUp(ms)
            } else {
                Int64((ms / h).rounded(.up))
            }
        return Int32(max(-limit, min(limit, steps)))
    }

    /// `Time::get_resolution().get_ms()`: `MS_PER_TIC * tics`, the simulation step NEST's
    /// update loops integrate over.
    static func stepMs(_ h: Double) -> Double {
        if let grid = TimeGrid(resolution: h) {
            return (1 / 1000.0) * Double(grid.ticsPerStep)
        }
        return h
    }
}

/// NEST's `numerics::e` (`libnestutil/numerics.cpp`, M_E): the alpha-function normalisation
/// e/τ uses it.
let nestE = 2.71828182845904523536028747135
