// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
@testable import VolleyCore

/// `VectorMath.exp` against the C library's `exp` (Foundation's) (correctly rounded or within 1 ulp in glibc).
@Suite struct VectorMathTests {
    /// Relative error of `VectorMath.exp(x)` against Foundation's, and the same in ulps of the
    /// reference.
    static func error(_ x: Double) -> (relative: Double, ulps: Double) {
        let reference = exp(x)
        let ours = VectorMath.exp(x)
        let d = abs(ours - reference)
        return (d / reference, d / reference.ulp)
    }

    /// Every result whose magnitude is normal: a dense grid over [−708, 709.7] plus random points,
    /// and the neighbourhood of the reduction's breakpoints (x = (k + ½) ln 2, where n changes).
    @Test func matchesFoundationOverTheNormalRange() {
        var xs: [Double] = []
        let steps = 400_000
        for k in 0...steps { xs.append(-708.0 + (709.7 + 708.0) * Double(k) / Double(steps)) }
        // A fixed pseudo-random sequence (PCG's LCG step), uniform in [0, 1).
        var state: UInt64 = 0x853c_49e6_748f_ea9b
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-53
        }
        for _ in 0..<200_000 { xs.append(-708.0 + (709.7 + 708.0) * uniform()) }
        for _ in 0..<100_000 { xs.append(2 * uniform() - 1) }
        for k in -1020...1020 {
            let breakpoint = (Double(k) + 0.5) * log(2.0)
            for d in -3...3 { xs.append(breakpoint + Double(d) * breakpoint.ulp) }
        }
        var worst = (relative: 0.0, ulps: 0.0, at: 0.0)
        for x in xs where x > -708 && x < 709.78 {
            let e = Self.error(x)
            if e.relative > worst.relative { worst = (e.relative, e.ulps, x) }
            worst.ulps = max(worst.ulps, e.ulps)
        }
        print("VectorMath.exp: max relative error \(worst.relative) at \(worst.at), max \(worst.ulps) ulp")
        #expect(worst.relative < 1e-14)
        #expect(worst.ulps <= 3)
    }

    /// The rates' arguments: small magnitudes, where e^x ≈ 1 + x.
    @Test func smallArguments() {
        for x in [0.0, -0.0, 1e-300, -1e-300, 1e-17, -1e-17, 1e-9, -1e-9, 1e-5, -1e-5, 0.1, -0.1] {
            let e = Self.error(x)
            #expect(e.ulps <= 1, "exp(\(x)): \(VectorMath.exp(x)) vs \(exp(x))")
        }
        #expect(VectorMath.exp(0) == 1)
    }

    /// Overflow, underflow, subnormal results and NaN, as the C library has them.
    @Test func edgesOfTheRange() {
        for x in [709.0, 709.78, 709.782712893384] {
            #expect(VectorMath.exp(x).isFinite && Self.error(x).ulps <= 3, "exp(\(x)): \(VectorMath.exp(x)) vs \(exp(x))")
        }
        #expect(VectorMath.exp(709.79) == .infinity)
        #expect(VectorMath.exp(1e6) == .infinity)
        #expect(VectorMath.exp(.infinity) == .infinity)
        #expect(VectorMath.exp(-746) == 0)
        #expect(VectorMath.exp(-1e6) == 0)
        #expect(VectorMath.exp(-.infinity) == 0)
        #expect(VectorMath.exp(.nan).isNaN)
        // Subnormal results: one rounding, so within one unit of the smallest subnormal.
        for x in stride(from: -745.0, through: -708.5, by: 0.37) {
            #expect(abs(VectorMath.exp(x) - exp(x)) <= Double.leastNonzeroMagnitude, "exp(\(x)): \(VectorMath.exp(x)) vs \(exp(x))")
        }
    }
}
