// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `tsodyks2_synapse` (Tsodyks & Markram 1997, Maass & Markram 2002): short-term
/// depression (resources x recover with τ_rec) and facilitation (release probability u decays
/// to U with τ_fac). A spike carries `x·u·weight` with the values reached at its arrival; the
/// first spike uses the initial x and u. `models/tsodyks2_synapse.h`.
struct Tsodyks2Synapse: SynapseRule {
    struct Pre: Sendable {
        var x: Double
        var u: Double
        /// −1 until the first spike, as in NEST.
        var lastSpike: Double
    }

    let U: Double, tauRec: Double, tauFac: Double
    let initialPre: Pre

    init(_ m: SynapseModel) {
        U = m["U"]
        tauRec = m["tau_rec"]
        tauFac = m["tau_fac"]
        initialPre = Pre(x: m["x"], u: m["u"], lastSpike: -1)
    }

    func prepare(_ pre: inout Pre, at tSpike: Double) {
        guard pre.lastSpike >= 0 else { return }
        let h = tSpike - pre.lastSpike
        let xDecay = Double.exp(-h / tauRec)
        let uDecay = tauFac == 0 ? 0.0 : Double.exp(-h / tauFac)
        pre.x = 1.0 + (pre.x - pre.x * pre.u - 1.0) * xDecay
        pre.u = U + pre.u * (1.0 - U) * uDecay
    }

    @inline(__always)
    func transmit(weight w: inout Double, pre: Pre, post: Int, history: inout PostSynapticHistory, at tSpike: Double, delay d: Double) -> Double {
        pre.x * pre.u * w
    }

    func finish(_ pre: inout Pre, at tSpike: Double) { pre.lastSpike = tSpike }

    func stateValues(_ pre: Pre) -> [Double] { [pre.x, pre.u, pre.lastSpike] }

    func pre(stateValues v: [Double]) -> Pre { Pre(x: v[0], u: v[1], lastSpike: v[2]) }
}
