// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
@testable import VolleyCore

@Suite struct PhiloxTests {
    // Known-answer vectors of Philox4x32-10 from Random123's kat_vectors.
    @Test func knownAnswers() {
        let zero = Philox(seed: 0).block(0, 0, 0, 0)
        #expect(zero == (0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
        let ones = Philox(seed: 0xffff_ffff_ffff_ffff).block(0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff)
        #expect(ones == (0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd))
        let pi = Philox(seed: 0x299f_31d0_a409_3822).block(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344)
        #expect(pi == (0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1))
    }

    @Test func everyKeyComponentChangesTheDraw() {
        let p = Philox(seed: 7)
        let base = p.bits(stream: 1, entity: 2, counter: 3)
        #expect(p.bits(stream: 2, entity: 2, counter: 3) != base)
        #expect(p.bits(stream: 1, entity: 3, counter: 3) != base)
        #expect(p.bits(stream: 1, entity: 2, counter: 4) != base)
        #expect(Philox(seed: 8).bits(stream: 1, entity: 2, counter: 3) != base)
        #expect(p.bits(stream: 1, entity: 2, counter: 3) == base)
    }

    @Test func sequencesOfNeighbouringDrawsDoNotOverlap() {
        let p = Philox(seed: 1)
        var a = RandomSequence(p, stream: 0, entity: 0, counter: 0)
        var b = RandomSequence(p, stream: 0, entity: 0, counter: 1)
        let first = (0..<64).map { _ in a.next() }
        let second = (0..<64).map { _ in b.next() }
        #expect(Set(first).isDisjoint(with: second))
    }

    @Test func boundedIntegersAreUniform() {
        var r = RandomSequence(Philox(seed: 3), stream: 9, entity: 0, counter: 0)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<35_000 { counts[Int(r.nextInt(below: 7))] += 1 }
        // Each bin expects 5000 ± 66 (1 sd); allow 5 sd.
        for c in counts { #expect(abs(c - 5000) < 330) }
    }
}
