// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `aeif_cond_exp` as a plug-in: the numerics are `AEIFCondExpKernel` (Kernels/), run per neuron by `KernelNeurons`.
typealias AEIFCondExp = KernelNeurons<AEIFCondExpKernel>

extension AEIFCondExpKernel: DocumentedKernel {
    static let weightUnit = "nS"
    static let documentation = ModelDocumentation(
        summary: "Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005) with exponential conductances. With Delta_T = 0 it behaves as an integrate-and-fire neuron with threshold V_th.",
        equations: [
            "C_m dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_th)/Δ_T) − g_ex (V − E_ex) − g_in (V − E_in) − w + I_e + I_dc",
            "τ_w dw/dt = a (V − E_L) − w,    τ_syn dg/dt = −g",
            "V ≥ V_peak (V_th if Δ_T = 0): spike, V ← V_reset, w ← w + b, clamped for t_ref"
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) (`gsl_odeiv_evolve_apply`, error control on the derivative with tolerance gsl_error_tol, the step size carried across steps); spikes are detected after every accepted sub-step, so a neuron without refractory time can fire more than once in a step. V < −1000 mV or |w| > 10⁶ pA stops the run (NEST's NumericalInstability). `simulation.integrator: rk4` runs a fixed-step classic RK4 instead.")
}
