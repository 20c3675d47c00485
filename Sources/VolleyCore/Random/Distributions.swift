// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// Samplers for the distributions the models need, each reading from a `RandomSequence`.
public enum Distributions {
    /// A standard normal deviate (Box–Muller, one deviate per pair of uniforms).
    @inlinable
    public static func standardNormal(_ r: inout RandomSequence) -> Double {
        let u1 = r.nextOpenUnit()
        let u2 = r.nextUnit()
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }

    /// A draw from `distribution`; normal draws are repeated until they lie in [min, max].
    /// Returns `nil` when 1000 redraws all missed the bounds (NEST stops the same way).
    public static func sample(_ distribution: ValueDistribution, _ r: inout RandomSequence) -> Double? {
        switch distribution {
        case .constant(let v):
            return v
        case .uniform(let lo, let hi):
            return lo + (hi - lo) * r.nextUnit()
        case .normal(let mean, let std, let lo, let hi):
            for _ in 0..<1000 {
                let v = mean + std * standardNormal(&r)
                if v >= lo && v <= hi { return v }
            }
            return nil
        }
    }

    /// A Poisson deviate with mean `lambda` (inversion below 10, Hörmann's PTRS above).
    public static func poisson(_ lambda: Double, _ r: inout RandomSequence) -> Int {
        if lambda <= 0 { return 0 }
        if lambda < 10 {
            var k = 0
            var p = Double.exp(-lambda)
            var cdf = p
            let u = r.nextUnit()
            while u >= cdf && k < 1000 {
                k += 1
                p *= lambda / Double(k)
                cdf += p
            }
            return k
        }
        return poissonPTRS(lambda, &r)
    }

    /// Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    static func poissonPTRS(_ lambda: Double, _ r: inout RandomSequence) -> Int {
        let slam = lambda.squareRoot()
        let loglam = Double.log(lambda)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invalpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = r.nextUnit() - 0.5
            let v = r.nextOpenUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let lhs = Double.log(v) + Double.log(invalpha) - Double.log(a / (us * us) + b)
            let rhs = -lambda + k * loglam - Double.logGamma(k + 1)
            if lhs <= rhs { return Int(k) }
        }
    }

    /// A binomial deviate: successes in `n` trials of probability `p` (inversion when n·p is
    /// small, Hörmann's BTRS otherwise).
    public static func binomial(_ n: Int, _ p: Double, _ r: inout RandomSequence) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(n, 1 - p, &r) }
        let np = Double(n) * p
        if np < 10 {
            let q = 1 - p
            let s = p / q
            let a = Double(n + 1) * s
            var prob = Double.exp(Double(n) * Double.log(onePlus: -p))
            var u = r.nextUnit()
            var k = 0
            while u > prob {
                u -= prob
                k += 1
                if k > n { return n }
                prob *= a / Double(k) - s
                if prob <= 0 { break }
            }
            return min(k, n)
        }
        return binomialBTRS(n, p, &r)
    }

    /// Hörmann (1993), "The generation of binomial random variates" (BTRS), for n·p ≥ 10, p ≤ 1/2.
    static func binomialBTRS(_ n: Int, _ p: Double, _ r: inout RandomSequence) -> Int {
        let q = 1 - p
        let nd = Double(n)
        let spq = (nd * p * q).squareRoot()
        let b = 1.15 + 2.53 * spq
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = nd * p + 0.5
        let vr = 0.92 - 4.2 / b
        let alpha = (2.83 + 5.1 / b) * spq
        let lpq = Double.log(p / q)
        let m = ((nd + 1) * p).rounded(.down)
        let h = Double.logGamma(m + 1) + Double.logGamma(nd - m + 1)
        while true {
            let u = r.nextUnit() - 0.5
            var v = r.nextOpenUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            if k < 0 || k > nd { continue }
            if us >= 0.07 && v <= vr { return Int(k) }
            v = Double.log(v * alpha / (a / (us * us) + b))
            if v <= h - Double.logGamma(k + 1) - Double.logGamma(nd - k + 1) + (k - m) * lpq {
                return Int(k)
            }
        }
    }

    /// The number of failures before the first success in Bernoulli trials of probability `p`.
    @inlinable
    public static func geometricGap(_ logOneMinusP: Double, _ r: inout RandomSequence) -> Double {
        (Double.log(r.nextOpenUnit()) / logOneMinusP).rounded(.down)
    }
}
