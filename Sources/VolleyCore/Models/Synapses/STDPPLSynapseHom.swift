// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `stdp_pl_synapse_hom` (Morrison et al. 2007): power-law facilitation `w + λ w^μ K+`
/// with no upper bound, multiplicative depression `max(0, w − λ α w K−)`; parameters common to
/// all connections of the type. `models/stdp_pl_synapse_hom.h`.
struct STDPPLSynapseHom: SynapseRule {
    typealias Pre = STDPSynapse.Pre

    let tauPlusInv: Double, lambda: Double, alpha: Double, mu: Double
    let initialPre: Pre

    init(_ m: SynapseModel) {
        tauPlusInv = 1.0 / m["tau_plus"]
        lambda = m["lambda"]
        alpha = m["alpha"]
        mu = m["mu"]
        initialPre = Pre(kplus: m["Kplus"], lastSpike: 0)
    }

    func prepare(_ pre: inout Pre, at tSpike: Double) {}

    @inline(__always)
    func transmit(weight w: inout Double, pre: Pre, post: Int, history: inout PostSynapticHistory, at tSpike: Double, delay d: Double) -> Double {
        var weight = w
        let window = history.read(post, from: pre.lastSpike - d, to: tSpike - d)
        for i in window {
            let minusDt = pre.lastSpike - (history.spikeTime(post, i) + d)
            weight = weight + lambda * libmPow(weight, mu) * (pre.kplus * Double.exp(minusDt * tauPlusInv))
        }
        let kminus = history.kValue(post, at: tSpike - d)
        let depressed = weight - lambda * alpha * weight * kminus
        weight = depressed > 0.0 ? depressed : 0.0
        w = weight
        return weight
    }

    func finish(_ pre: inout Pre, at tSpike: Double) {
        pre.kplus = pre.kplus * Double.exp((pre.lastSpike - tSpike) * tauPlusInv) + 1.0
        pre.lastSpike = tSpike
    }

    func stateValues(_ pre: Pre) -> [Double] { [pre.kplus, pre.lastSpike] }

    func pre(stateValues v: [Double]) -> Pre { Pre(kplus: v[0], lastSpike: v[1]) }
}
