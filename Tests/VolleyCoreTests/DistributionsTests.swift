// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
@testable import VolleyCore

@Suite struct DistributionsTests {
    private func moments(_ n: Int, _ draw: (inout RandomSequence) -> Double) -> (mean: Double, variance: Double) {
        var sum = 0.0, squares = 0.0
        for i in 0..<n {
            var r = RandomSequence(Philox(seed: 11), stream: 5, entity: 1, counter: UInt64(i))
            let x = draw(&r)
            sum += x
            squares += x * x
        }
        let mean = sum / Double(n)
        return (mean, squares / Double(n) - mean * mean)
    }

    @Test(arguments: [0.3, 2.0, 9.5, 10.0, 37.0, 400.0])
    func poissonHasItsMeanAndVariance(lambda: Double) {
        let n = 40_000
        let m = moments(n) { Double(Distributions.poisson(lambda, &$0)) }
        let se = (lambda / Double(n)).squareRoot()
        #expect(abs(m.mean - lambda) < 5 * se)
        #expect(abs(m.variance - lambda) < 0.05 * lambda + 0.01)
    }

    @Test(arguments: [0.05, 1.28, 2.0, 7.5])
    func poissonTableMatchesThePoissonLaw(lambda: Double) {
        let table = PoissonTable(lambda: lambda)
        var counts = [Int](repeating: 0, count: 40)
        let n = 100_000
        for i in 0..<n {
            let x = Philox(seed: 2).bits(stream: 1, entity: 0, counter: UInt64(i)).0
            counts[min(table.sample(x), 39)] += 1
        }
        var p = (-lambda).exponential
        for k in 0..<12 {
            let expected = Double(n) * p
            if expected > 50 {
                #expect(abs(Double(counts[k]) - expected) < 5 * expected.squareRoot(), "k = \(k)")
            }
            p *= lambda / Double(k + 1)
        }
    }

    @Test(arguments: [(20, 0.1), (1000, 0.3), (5_000_000, 0.5), (300_000_000, 1e-6), (50, 0.9)])
    func binomialHasItsMeanAndVariance(n: Int, p: Double) {
        let draws = 20_000
        let m = moments(draws) { Double(Distributions.binomial(n, p, &$0)) }
        let mean = Double(n) * p, variance = mean * (1 - p)
        #expect(abs(m.mean - mean) < 5 * (variance / Double(draws)).squareRoot() + 1e-9)
        #expect(abs(m.variance - variance) < 0.06 * variance + 0.01)
    }

    @Test func binomialStaysInRange() {
        for i in 0..<2000 {
            var r = RandomSequence(Philox(seed: 4), stream: 2, entity: 0, counter: UInt64(i))
            let k = Distributions.binomial(37, 0.45, &r)
            #expect(k >= 0 && k <= 37)
        }
    }

    @Test func normalWithRedrawBoundsStaysInside() {
        let m = moments(50_000) { Distributions.sample(.normal(mean: 1.5, std: 0.75, min: 0.05, max: .infinity), &$0)! }
        #expect(m.mean > 1.5)  // truncating the lower tail raises the mean
        for i in 0..<5000 {
            var r = RandomSequence(Philox(seed: 5), stream: 3, entity: 0, counter: UInt64(i))
            #expect(Distributions.sample(.normal(mean: 0, std: 1, min: -0.5, max: 0.2), &r)! >= -0.5)
        }
        let plain = moments(50_000) { Distributions.standardNormal(&$0) }
        #expect(abs(plain.mean) < 0.03)
        #expect(abs(plain.variance - 1) < 0.03)
    }

    @Test func unreachableRedrawBoundsGiveUp() {
        var r = RandomSequence(Philox(seed: 5), stream: 3, entity: 0, counter: 0)
        #expect(Distributions.sample(.normal(mean: 0, std: 1, min: 50, max: 51), &r) == nil)
    }
}

extension Double {
    fileprivate var exponential: Double {
        // e^x by its series; enough for the small arguments in these tests.
        var term = 1.0, sum = 1.0
        for k in 1..<80 {
            term *= self / Double(k)
            sum += term
        }
        return sum
    }
}

@Suite struct PoissonTableTests {
    @Test(arguments: [0.01, 1.28, 2.0, 9.99])
    func guideTableAgreesWithTheThresholds(lambda: Double) {
        let table = PoissonTable(lambda: lambda)
        let t = table.thresholds32
        func linear(_ x: UInt32) -> Int {
            var k = 0
            while k < t.count - 1 && x >= t[k] { k += 1 }
            return k
        }
        var words: [UInt32] = t.flatMap { [$0 &- 1, $0, $0 &+ 1] } + [0, UInt32.max]
        for i in 0..<20_000 { words.append(UInt32(truncatingIfNeeded: Philox(seed: 1).bits(stream: 0, entity: 0, counter: UInt64(i)).0)) }
        for x in words {
            let g = table.guide[Int(x >> 20)]
            let viaGuide = g != PoissonTable.ambiguous ? Int(g) : table.sample32(x)
            #expect(viaGuide == linear(x), "x = \(x)")
        }
        #expect(table.guide.filter { $0 == PoissonTable.ambiguous }.count < 40)
    }
}
