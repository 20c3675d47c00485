// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `iaf_cond_exp` as a plug-in: the numerics are `IAFCondExpKernel` (Kernels/), run per neuron by `KernelNeurons`.
typealias IAFCondExp = KernelNeurons<IAFCondExpKernel>

extension IAFCondExpKernel: DocumentedKernel {
    static let weightUnit = "nS"
    static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with exponentially decaying synaptic conductances (Brette et al. 2007, COBA): a spike of weight w (nS) adds w to g_ex (w > 0) or −w to g_in (w < 0).",
        equations: [
            "C_m dV/dt = −g_L (V − E_L) − g_ex (V − E_ex) − g_in (V − E_in) + I_e + I_dc",
            "τ_syn_ex dg_ex/dt = −g_ex,    τ_syn_in dg_in/dt = −g_in",
            "V ≥ V_th: spike, V ← V_reset, clamped for t_ref"
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) (`gsl_odeiv_evolve_apply`, absolute error 1e-3, the step size carried across steps); the right-hand side holds V at V_reset while refractory and at most V_th. `simulation.integrator: rk4` runs a fixed-step classic RK4 instead.")
}
