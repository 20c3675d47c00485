// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `izhikevich` (`models/izhikevich.cpp`): Izhikevich's (2003) simple model, advanced
/// by NEST's forward-Euler step of one resolution (`consistent_integration` = 1, the default)
/// or the published half-step scheme (`consistent_integration` = 0, meant for h = 1 ms).
///
/// State vector: v (V_m), u (U_m). Spike inputs jump v inside the step; never refractory.
public struct IzhikevichKernel: NeuronKernel {
    public static let modelName = "izhikevich"

    public static let parameters: [KernelParameter] = [
        ("V_m", -65.0, "mV", "Initial membrane potential v"),
        ("U_m", 0.2 * -65.0, "mV", "Initial membrane recovery variable u"),
        ("a", 0.02, "", "Time scale of the recovery variable"),
        ("b", 0.2, "", "Sensitivity of the recovery variable to v"),
        ("c", -65.0, "mV", "After-spike reset value of v"),
        ("d", 8.0, "mV", "After-spike increment of u"),
        ("V_th", 30.0, "mV", "Spike threshold"),
        ("V_min", -.greatestFiniteMagnitude, "mV", "Lower bound of the membrane potential"),
        ("I_e", 0.0, "pA", "Constant input current"),
        ("consistent_integration", 1.0, "", "1: forward Euler with the resolution; 0: the published half-step scheme"),
    ]

    public static let recordables = ["V_m", "U_m"]

    /// NEST checks none of izhikevich's parameters.
    public static func validate(_ p: (String) -> Double) -> (name: String, reason: String)? {
        nil
    }

    let a, b, c, d, vTh, vMin, iE: Double
    let consistentIntegration: Bool
    let initialY: SIMD8<Double>
    /// The resolution in ms (`Time::get_resolution().get_ms()`).
    let h: Double

    /// The integrator does not apply: izhikevich is always NEST's Euler scheme.
    public init(parameters p: (String) -> Double, resolution h: Double, integrator: ODEIntegrator) {
        a = p("a")
        b = p("b")
        c = p("c")
        d = p("d")
        vTh = p("V_th")
        vMin = p("V_min")
        iE = p("I_e")
        consistentIntegration = p("consistent_integration") != 0
        initialY = SIMD8(p("V_m"), p("U_m"), 0, 0, 0, 0, 0, 0)
        self.h = KernelTime.stepMs(h)
    }

    public func initialState() -> ODENeuronState {
        ODENeuronState(y: initialY, refractory: 0, stepSize: h)
    }

    /// `current` is NEST's `S_.I_`; the spike input (`excitatory + inhibitory`, NEST's single
    /// spike buffer) jumps v within the step.
    @inline(__always)
    public func step(
        _ s: inout ODENeuronState, current: Double, excitatory: Double, inhibitory: Double
    ) -> StepOutcome {
        var v = s.y[0]
        var u = s.y[1]
        let spikeInput = excitatory + inhibitory
        if consistentIntegration {
            let vOld = v
            let uOld = u
            var dv: Double = 0.04 * vOld * vOld + 5.0 * vOld
            dv = dv + 140.0
            dv = dv - uOld
            dv = dv + current
            dv = dv + iE
            v += h * dv + spikeInput
            u += h * a * (b * vOld - uOld)
        } else {
            for _ in 0..<2 {
                var dv: Double = 0.04 * v * v + 5.0 * v
                dv = dv + 140.0
                dv = dv - u
                dv = dv + current
                dv = dv + iE
                dv = dv + spikeInput
                v += h * 0.5 * dv
            }
            u += h * a * (b * v - u)
        }
        v = v < vMin ? vMin : v

        var spikes = 0
        if v >= vTh {
            v = c
            u = u + d
            spikes = 1
        }
        s.y[0] = v
        s.y[1] = u
        return StepOutcome(spikes: spikes)
    }

    public func recordable(_ index: Int, _ s: ODENeuronState) -> Double {
        s.y[index]
    }
}
