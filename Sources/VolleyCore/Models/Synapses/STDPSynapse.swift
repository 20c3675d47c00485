// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `stdp_synapse` (Gütig et al. 2003): facilitation for each post spike since the last
/// pre spike, then depression by the post trace K−, both with the weight dependence
/// `(1 − w/Wmax)^μ+` / `(w/Wmax)^μ−` (μ = 0 additive, μ = 1 multiplicative), clipped to
/// [0, Wmax] inside each step; the whole delay is dendritic. `models/stdp_synapse.h`.
struct STDPSynapse: SynapseRule {
    struct Pre: Sendable {
        var kplus: Double
        var lastSpike: Double
    }

    let tauPlus: Double, lambda: Double, alpha: Double, muPlus: Double, muMinus: Double, wmax: Double
    let initialPre: Pre

    init(_ m: SynapseModel) {
        tauPlus = m["tau_plus"]
        lambda = m["lambda"]
        alpha = m["alpha"]
        muPlus = m["mu_plus"]
        muMinus = m["mu_minus"]
        wmax = m["Wmax"]
        initialPre = Pre(kplus: m["Kplus"], lastSpike: 0)
    }

    func prepare(_ pre: inout Pre, at tSpike: Double) {}

    @inline(__always)
    func transmit(weight w: inout Double, pre: Pre, post: Int, history: inout PostSynapticHistory, at tSpike: Double, delay d: Double) -> Double {
        var weight = w
        let window = history.read(post, from: pre.lastSpike - d, to: tSpike - d)
        for i in window {
            let minusDt = pre.lastSpike - (history.spikeTime(post, i) + d)
            let kplus = pre.kplus * Double.exp(minusDt / tauPlus)
            let norm = weight / wmax + lambda * libmPow(1.0 - weight / wmax, muPlus) * kplus
            weight = norm < 1.0 ? norm * wmax : wmax
        }
        let kminus = history.kValue(post, at: tSpike - d)
        let norm = weight / wmax - alpha * lambda * libmPow(weight / wmax, muMinus) * kminus
        weight = norm > 0.0 ? norm * wmax : 0.0
        w = weight
        return weight
    }

    func finish(_ pre: inout Pre, at tSpike: Double) {
        pre.kplus = pre.kplus * Double.exp((pre.lastSpike - tSpike) / tauPlus) + 1.0
        pre.lastSpike = tSpike
    }

    func stateValues(_ pre: Pre) -> [Double] { [pre.kplus, pre.lastSpike] }

    func pre(stateValues v: [Double]) -> Pre { Pre(kplus: v[0], lastSpike: v[1]) }
}
