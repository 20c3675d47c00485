// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// NEST's `IAFPropagator`: the synaptic-current-to-voltage propagators, with its switch to the
/// singular limit when `tau_syn` is (numerically) equal to `tau_m`.
struct IAFPropagator {
    let tauSyn, tauM, cM: Double
    let hMinRegular, beta, gamma, invTauSyn, invTauM, invCM, invBeta: Double

    init(tauSyn: Double, tauM: Double, cM: Double) {
        self.tauSyn = tauSyn
        self.tauM = tauM
        self.cM = cM
        hMinRegular = 1e-7 * tauM * tauM / abs(tauM - tauSyn)
        beta = tauSyn * tauM / (tauM - tauSyn)
        gamma = beta / cM
        invTauSyn = 1 / tauSyn
        invTauM = 1 / tauM
        invCM = 1 / cM
        invBeta = (tauM - tauSyn) / (tauSyn * tauM)
    }

    private func p32(_ h: Double) -> (p32: Double, expHTauSyn: Double, expm1HTau: Double, expHTau: Double?) {
        let expHTauSyn = Double.exp(-h * invTauSyn)
        let expm1HTau = Double.expMinusOne(h * invBeta)
        let p32 = gamma * expHTauSyn * expm1HTau
        if p32.isNormal && p32 > 0 { return (p32, expHTauSyn, expm1HTau, nil) }
        let expHTau = Double.exp(-h * invTauM)
        return (h * invCM * expHTau, expHTauSyn, expm1HTau, expHTau)
    }

    /// `IAFPropagatorExp::evaluate`: P21 of `iaf_psc_exp`.
    func exponential(_ h: Double) -> Double { p32(h).p32 }

    /// `IAFPropagatorAlpha::evaluate`: (P31, P32) of `iaf_psc_alpha`.
    func alpha(_ h: Double) -> (Double, Double) {
        let r = p32(h)
        if h > hMinRegular { return (gamma * r.expHTauSyn * (beta * r.expm1HTau - h), r.p32) }
        let expHTau = r.expHTau ?? Double.exp(-h * invTauM)
        return (0.5 * h * h * invCM * expHTau, r.p32)
    }
}

/// NEST's `numerics::e`.
let eulerNumber = 2.718281828459045235360287471352662
