// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `hh_cond_exp_traub` as a plug-in: the numerics are `HHCondExpTraubKernel` (Kernels/), run per neuron by `KernelNeurons`.
typealias HHCondExpTraub = KernelNeurons<HHCondExpTraubKernel>

extension HHCondExpTraubKernel: DocumentedKernel {
    static let weightUnit = "nS"
    static let documentation = ModelDocumentation(
        summary: "Hodgkin–Huxley neuron of Traub and Miles (1991) with exponential conductances, the cell of Brette et al. (2007) COBAHH. Its initial gating values are NEST's (computed at V rather than V − V_T, as NEST does).",
        equations: [
            "C_m dV/dt = −g_Na m³ h (V − E_Na) − g_K n⁴ (V − E_K) − g_L (V − E_L) − g_ex (V − E_ex) − g_in (V − E_in) + I_e + I_dc",
            "dx/dt = α_x(V − V_T) (1 − x) − β_x(V − V_T) x  for x = m, h, n",
            "τ_syn dg/dt = −g;  spike: V ≥ V_T + 30 mV and falling, then t_ref without detection; no reset"
        ],
        integration: "NEST's scheme, reproduced to the last printed digit: GSL's adaptive Runge–Kutta–Fehlberg 4(5) (`gsl_odeiv_evolve_apply`, absolute error 1e-3, the step size carried across steps). `simulation.integrator: rk4` with `rk4_substeps: 4` is what the Brian2 COBAHH scripts use.")
}
