// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// NEST's `izhikevich` as a plug-in: the numerics are `IzhikevichKernel` (Kernels/), run per neuron by `KernelNeurons`.
typealias Izhikevich = KernelNeurons<IzhikevichKernel>

extension IzhikevichKernel: DocumentedKernel {
    static let weightUnit = "mV"
    static let inputChannels = 1
    static let mayBeInfinite: Set<String> = ["V_min"]
    static let documentation = ModelDocumentation(
        summary: "Izhikevich (2003) neuron: a quadratic membrane with a recovery variable; a spike of weight w (mV) makes V_m jump by w.",
        equations: [
            "dv/dt = 0.04 v² + 5 v + 140 − u + I_e + I_dc,    du/dt = a (b v − u)",
            "v ≥ V_th: spike, v ← c, u ← u + d;  v bounded below by V_min"
        ],
        integration: "Forward Euler with h = the resolution, as NEST does (consistent_integration = 1; 0 selects the published half-step form). No adaptive solver, so it is NEST's arithmetic exactly.")
}
