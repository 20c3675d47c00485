// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `hh_psc_alpha` as a plug-in: the numerics are `HHPscAlphaKernel` (Kernels/), run per neuron by `KernelNeurons`.
typealias HHPscAlpha = KernelNeurons<HHPscAlphaKernel>

extension HHPscAlphaKernel: DocumentedKernel {
    static let weightUnit = "pA"
    static let documentation = ModelDocumentation(
        summary: "Hodgkin–Huxley neuron (the squid axon at 6.3 °C) with alpha-shaped synaptic currents: Na⁺ and K⁺ channels shape the spike, refractoriness and after-hyperpolarisation are channel kinetics.",
        equations: [
            "C_m dV/dt = −g_Na m³ h (V − E_Na) − g_K n⁴ (V − E_K) − g_L (V − E_L) + I_syn_ex + I_syn_in + I_e + I_dc",
            "dx/dt = α_x(V) (1 − x) − β_x(V) x  for x = m, h, n (Act_m, Inact_h, Act_n)",
            "dI/dt = dI − I/τ_syn,    d(dI)/dt = −dI/τ_syn,    a spike adds (e/τ_syn)·w to dI",
            "spike: V ≥ 0 mV and falling (the step after the peak), then t_ref without detection; no reset",
            "energy ledger (Volley's, not NEST's): Q_Na = −∫ g_Na m³ h (V − E_Na) dt, Q_K = ∫ g_K n⁴ (V − E_K) dt (pC), over the solver's sub-steps",
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) (`gsl_odeiv_evolve_apply`, absolute error 1e-3, the step size carried across steps). `simulation.integrator: rk4` runs a fixed-step classic RK4 instead.")
}
