// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// The exact-integration constants of a model for one step `h`, computed with NEST's formulas
/// in NEST's order (`models/iaf_psc_*.cpp`, `libnestutil/iaf_propagator.cpp`), so that traces
/// agree with NEST to rounding.
///
/// Voltages here are relative to `E_L`, as NEST stores them.
struct Propagators: Sendable {
    var kind: NeuronModelKind
    var restingPotential: Double   // E_L (absolute)
    var threshold: Double          // V_th − E_L
    var resetPotential: Double     // V_reset − E_L
    var lowerBound: Double         // V_min − E_L (−∞ when the model has none)
    var constantCurrent: Double    // I_e
    var refractorySteps: Int32
    // iaf_psc_delta
    var p33 = 0.0, p30 = 0.0
    // iaf_psc_exp
    var p22 = 0.0, p11ex = 0.0, p11in = 0.0, p21ex = 0.0, p21in = 0.0, p20 = 0.0
    // iaf_psc_alpha
    var expm1TauM = 0.0, p31ex = 0.0, p32ex = 0.0, p31in = 0.0, p32in = 0.0
    var epscInitial = 0.0, ipscInitial = 0.0
    // iaf_psc_exp_adapt: the adaptation current decays like a synaptic current
    var p11w = 0.0, p21w = 0.0, adaptationStep = 0.0

    init(_ model: NeuronModel, grid: TimeGrid) {
        let h = grid.resolution
        kind = model.kind
        let eL = model["E_L"]
        restingPotential = eL
        threshold = model["V_th"] - eL
        resetPotential = model["V_reset"] - eL
        constantCurrent = model["I_e"]
        refractorySteps = Int32(grid.stepsRoundingUp(model["t_ref"]))
        lowerBound = -.infinity
        let tauM = model["tau_m"], cM = model["C_m"]
        switch model.kind {
        case .iafPscDelta:
            lowerBound = model["V_min"] - eL
            p33 = Double.exp(-h / tauM)
            p30 = 1 / cM * (1 - p33) * tauM
        case .iafPscExp, .iafPscExpAdapt:
            let tauEx = model["tau_syn_ex"], tauIn = model["tau_syn_in"]
            p11ex = Double.exp(-h / tauEx)
            p11in = Double.exp(-h / tauIn)
            p22 = Double.exp(-h / tauM)
            p21ex = IAFPropagator(tauSyn: tauEx, tauM: tauM, cM: cM).exponential(h)
            p21in = IAFPropagator(tauSyn: tauIn, tauM: tauM, cM: cM).exponential(h)
            p20 = tauM / cM * (1.0 - p22)
            if model.kind == .iafPscExpAdapt {
                let tauW = model["tau_w"]
                p11w = Double.exp(-h / tauW)
                p21w = IAFPropagator(tauSyn: tauW, tauM: tauM, cM: cM).exponential(h)
                adaptationStep = model["b"]
            }
        case .iafPscAlpha:
            lowerBound = model["V_min"] - eL
            let tauEx = model["tau_syn_ex"], tauIn = model["tau_syn_in"]
            p11ex = Double.exp(-h / tauEx)
            p11in = Double.exp(-h / tauIn)
            p33 = Double.exp(-h / tauM)
            expm1TauM = Double.expMinusOne(-h / tauM)
            p30 = -tauM / cM * Double.expMinusOne(-h / tauM)
            p21ex = h * p11ex
            p21in = h * p11in
            (p31ex, p32ex) = IAFPropagator(tauSyn: tauEx, tauM: tauM, cM: cM).alpha(h)
            (p31in, p32in) = IAFPropagator(tauSyn: tauIn, tauM: tauM, cM: cM).alpha(h)
            epscInitial = 1.0 * eulerNumber / tauEx
            ipscInitial = 1.0 * eulerNumber / tauIn
        }
    }
}

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
