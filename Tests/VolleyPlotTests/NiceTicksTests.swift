// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("Nice axis ticks")
struct NiceTicksTests {
    @Test("a 1 s window gets ticks every 100 ms")
    func timeAxis() {
        let t = NiceTicks(from: 0, to: 1000, target: 10)
        #expect(t.step == 100)
        #expect(t.values == stride(from: 0.0, through: 1000, by: 100).map { $0 })
        #expect(t.label(300) == "300")
    }

    @Test("expanded ranges end on a labelled tick at or past the data")
    func expandedRate() {
        let t = NiceTicks(from: 0, to: 37.3, target: 6, expand: true)
        #expect(t.lower == 0)
        #expect(t.upper >= 37.3 && t.upper == t.values.last)
        #expect(t.step == 5 || t.step == 10)
    }

    @Test("decimal steps label as people write them")
    func decimals() {
        let t = NiceTicks(from: 0, to: 0.9, target: 9)
        #expect(abs(t.step - 0.1) < 1e-12)
        #expect(t.values.map(t.label) == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"])
        let negative = NiceTicks(from: -1, to: 1, target: 4)
        #expect(negative.values.map(negative.label) == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    }

    @Test("an empty range still gets a scale")
    func degenerate() {
        let zero = NiceTicks(from: 0, to: 0, target: 5, expand: true)
        #expect(zero.lower == 0 && zero.upper > 0 && zero.values.count >= 2)
        let flat = NiceTicks(from: 40, to: 40, target: 5)
        #expect(flat.lower < 40 && flat.upper > 40 && flat.values.contains(40))
    }

    @Test("ticks are 1, 2 or 5 times a power of ten apart, inside the range, about as many as asked",
          arguments: [(0.0, 1.0), (0.0, 7.0), (3.0, 97.0), (-12.5, 12.5), (0.0, 460_000.0), (100.0, 100.3), (0.0, 2 * Double.pi)])
    func properties(range: (Double, Double)) {
        let t = NiceTicks(from: range.0, to: range.1, target: 6)
        let mantissa = t.step / pow(10, log10(t.step).rounded(.down))
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 })
        #expect(t.values.count >= 3 && t.values.count <= 12)
        #expect(t.values.allSatisfy { $0 >= range.0 - 1e-9 && $0 <= range.1 + 1e-9 })
        #expect(zip(t.values.dropFirst(), t.values).allSatisfy { abs(($0 - $1) - t.step) < 1e-9 * max(1, t.step) })
    }
}
