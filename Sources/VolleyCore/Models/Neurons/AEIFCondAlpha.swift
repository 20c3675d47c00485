// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `aeif_cond_alpha` as a plug-in: the numerics are `AEIFCondAlphaKernel` (Kernels/), run per neuron by `KernelNeurons`.
typealias AEIFCondAlpha = KernelNeurons<AEIFCondAlphaKernel>

extension AEIFCondAlphaKernel: DocumentedKernel {
    static let weightUnit = "nS"
    static let documentation = ModelDocumentation(
        summary: "Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005) with alpha-shaped conductances.",
        equations: [
            "C_m dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_th)/Δ_T) − g_ex (V − E_ex) − g_in (V − E_in) − w + I_e + I_dc",
            "τ_w dw/dt = a (V − E_L) − w,    dg/dt = dg − g/τ_syn,    d(dg)/dt = −dg/τ_syn",
            "V ≥ V_peak (V_th if Δ_T = 0): spike, V ← V_reset, w ← w + b, clamped for t_ref"
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) (`gsl_odeiv_evolve_apply`, error control on the derivative with tolerance gsl_error_tol, the step size carried across steps); spikes inside the step as aeif_cond_exp; V < −1000 mV or |w| > 10⁶ pA stops the run. `simulation.integrator: rk4` runs a fixed-step classic RK4 instead.")
}
