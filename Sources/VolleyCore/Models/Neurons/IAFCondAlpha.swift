// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `iaf_cond_alpha` as a plug-in: the numerics are `IAFCondAlphaKernel` (Kernels/), run per neuron by `KernelNeurons`.
typealias IAFCondAlpha = KernelNeurons<IAFCondAlphaKernel>

extension IAFCondAlphaKernel: DocumentedKernel {
    static let weightUnit = "nS"
    static let documentation = ModelDocumentation(
        summary: "Leaky integrate-and-fire neuron with alpha-shaped synaptic conductances: a spike of weight w (nS) makes g rise to w after τ_syn and decay (excitatory for w > 0, inhibitory for w < 0).",
        equations: [
            "C_m dV/dt = −g_L (V − E_L) − g_ex (V − E_ex) − g_in (V − E_in) + I_e + I_dc",
            "dg/dt = dg − g/τ_syn,    d(dg)/dt = −dg/τ_syn,    a spike adds (e/τ_syn)·|w| to dg",
            "V ≥ V_th: spike, V ← V_reset, clamped for t_ref"
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) (`gsl_odeiv_evolve_apply`, absolute error 1e-3, the step size carried across steps); the threshold is checked before the step's input is added, as NEST does. `simulation.integrator: rk4` runs a fixed-step classic RK4 instead.")
}
