// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Elementary functions written so that a loop over neurons that calls them still vectorises:
/// no calls, no branches, no table look-ups; only arithmetic, comparisons the compiler turns
/// into selects, and integer operations on bit patterns.
enum VectorMath {
    /// eˣ for every `x`, within 1 ulp of the C library's over the normal range (VectorMathTests
    /// checks ≤ 3): +∞ above 709.78, 0 below −745.13, correctly scaled subnormal results
    /// between, NaN for NaN.
    ///
    /// Cody–Waite reduction x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two parts so that
    /// n·ln2Hi is exact), e^r from its Taylor polynomial of degree 13 (truncation error below
    /// 5e-18 on that interval), and 2ⁿ built from bit patterns in two factors, so that results
    /// near the overflow and in the subnormal range are rounded once, correctly scaled.
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        // Clamp so that n stays in [−1077, 1025]; written so that NaN falls through both.
        let above = x < -746.0 ? -746.0 : x
        let y = above > 710.0 ? 710.0 : above

        // n = round(y / ln 2), with the round-to-nearest of an addition to 1.5·2⁵².
        let shifter = 0x1.8p52
        let kd = (y * 1.4426950408889634 + shifter) - shifter
        let ln2Hi = 0x1.62e42fee00000p-1  // 32 significant bits: kd·ln2Hi is exact
        let ln2Lo = 0x1.a39ef35793c76p-33  // ln 2 − ln2Hi
        let r = (y - kd * ln2Hi) - kd * ln2Lo

        // e^r − 1 − r by Estrin's scheme (independent products for the pipeline), then 1 + r + that.
        let r2 = r * r
        let r4 = r2 * r2
        let r8 = r4 * r4
        let c2 = 1.0 / 2.0, c3 = 1.0 / 6.0, c4 = 1.0 / 24.0, c5 = 1.0 / 120.0
        let c6 = 1.0 / 720.0, c7 = 1.0 / 5040.0, c8 = 1.0 / 40320.0, c9 = 1.0 / 362_880.0
        let c10 = 1.0 / 3_628_800.0, c11 = 1.0 / 39_916_800.0, c12 = 1.0 / 479_001_600.0
        let c13 = 1.0 / 6_227_020_800.0
        let low = r2 * (c2 + r * c3) + r4 * ((c4 + r * c5) + r2 * (c6 + r * c7))
        let high = r8 * ((c8 + r * c9) + r2 * (c10 + r * c11) + r4 * (c12 + r * c13))
        let p = 1.0 + (r + (low + high))

        // 2ⁿ = 2^n1 · 2^n2 with n1 = round(n / 2), each factor a normal number; the low bits of
        // `shifter + m` hold the integer m, which shifted by 52 lands in the exponent field.
        let k1 = kd * 0.5 + shifter
        let k2 = (kd - (k1 - shifter)) + shifter
        let s1 = Double(bitPattern: (k1.bitPattern &+ 1023) &<< 52)
        let s2 = Double(bitPattern: (k2.bitPattern &+ 1023) &<< 52)
        return (p * s1) * s2
    }
}
