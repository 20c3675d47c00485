// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// Poisson sampling for one fixed mean by inversion over a precomputed table of 64-bit
/// thresholds: one random word and a few integer compares per draw, for the per-step input of
/// `poisson_generator` on every neuron.
public struct PoissonTable: Sendable, Equatable {
    /// `thresholds[k]` is P(X ≤ k) scaled to 2⁶⁴; the last entry is `UInt64.max`.
    public let thresholds: [UInt64]
    /// The same thresholds at 32 bits (P(X ≤ k) to within 2⁻³², far below any sampling error),
    /// for the per-step input of every neuron, where one random word per draw is what matters.
    public let thresholds32: [UInt32]
    /// The draw for every 32-bit word in each of 4096 equal ranges (by the top 12 bits), or
    /// `ambiguous` where a threshold falls inside the range: one load decides almost every draw.
    public let guide: [UInt8]
    /// Marks a guide range that a threshold splits.
    public static let ambiguous: UInt8 = 255
    /// The mean.
    public let lambda: Double

    /// The largest mean tabulated; above it `Distributions.poisson` is used instead.
    public static let maxLambda = 10.0

    /// A table for mean `lambda` (0 ≤ lambda ≤ `maxLambda`).
    public init(lambda: Double) {
        precondition(lambda >= 0 && lambda <= Self.maxLambda)
        self.lambda = lambda
        var t: [UInt64] = []
        var p = Double.exp(-lambda)
        var cdf = p
        var k = 0
        // Stop once the remaining tail is below the resolution of a 64-bit threshold.
        while cdf < 1 - 0x1p-60 && k < 200 {
            t.append(UInt64(cdf * 0x1p64))
            k += 1
            p *= lambda / Double(k)
            cdf += p
        }
        // At least eight entries, padded with the maximum, for branch-free comparison.
        while t.count < 8 { t.append(UInt64.max) }
        t.append(UInt64.max)
        thresholds = t
        let t32 = t.map { UInt32(min(UInt64(UInt32.max), ($0 >> 32) + (($0 >> 31) & 1))) }
        thresholds32 = t32
        func count(_ x: UInt32) -> Int {
            var k = 0
            while k < t32.count - 1 && x >= t32[k] { k += 1 }
            return k
        }
        guide = (0..<4096).map { b in
            let lo = count(UInt32(b) << 20), hi = count(UInt32(b) << 20 | 0xF_FFFF)
            return lo == hi && lo < Int(Self.ambiguous) ? UInt8(lo) : Self.ambiguous
        }
    }

    /// The draw for the 32-bit random word `x`.
    @inlinable @inline(__always)
    public func sample32(_ x: UInt32) -> Int {
        let g = guide.withUnsafeBufferPointer { $0[Int(x >> 20)] }
        if g != Self.ambiguous { return Int(g) }
        return thresholds32.withUnsafeBufferPointer { t in
            var k = 0
            while k < t.count - 1 && x >= t[k] { k += 1 }
            return k
        }
    }

    /// The draw for the random word `x`.
    @inlinable @inline(__always)
    public func sample(_ x: UInt64) -> Int {
        thresholds.withUnsafeBufferPointer { t in
            var k = 0
            while x >= t[k] && k < t.count - 1 { k += 1 }
            return k
        }
    }
}
