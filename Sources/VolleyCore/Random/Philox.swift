// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Philox4x32-10 (Salmon et al., SC'11), the counter-based generator behind every random draw.
///
/// A draw is a pure function of (seed, stream, entity, counter): no generator state travels
/// between shards, threads or processes, which is what makes runs independent of partitioning
/// (DESIGN §2).
public struct Philox: Sendable, Equatable {
    @usableFromInline let key0: UInt32
    @usableFromInline let key1: UInt32

    /// A generator keyed by a 64-bit seed.
    public init(seed: UInt64) {
        key0 = UInt32(truncatingIfNeeded: seed)
        key1 = UInt32(truncatingIfNeeded: seed >> 32)
    }

    /// The raw Philox4x32-10 bijection of a 128-bit counter under this generator's key.
    @inlinable @inline(__always)
    public func block(_ c0: UInt32, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32)
        -> (UInt32, UInt32, UInt32, UInt32)
    {
        var x0 = c0, x1 = c1, x2 = c2, x3 = c3
        var k0 = key0, k1 = key1
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(x0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(x2)
            let y0 = UInt32(truncatingIfNeeded: p1 >> 32) ^ x1 ^ k0
            let y1 = UInt32(truncatingIfNeeded: p1)
            let y2 = UInt32(truncatingIfNeeded: p0 >> 32) ^ x3 ^ k1
            let y3 = UInt32(truncatingIfNeeded: p0)
            x0 = y0; x1 = y1; x2 = y2; x3 = y3
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return (x0, x1, x2, x3)
    }

    /// 128 random bits for draw `counter` of `entity` in `stream`.
    @inlinable @inline(__always)
    public func bits(stream: UInt32, entity: UInt32, counter: UInt64) -> (UInt64, UInt64) {
        let r = block(
            UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), entity, stream)
        return (UInt64(r.0) | UInt64(r.1) << 32, UInt64(r.2) | UInt64(r.3) << 32)
    }
}

/// A sequence of random numbers for one (stream, entity, draw): the draw's counter fills the
/// low 48 bits and the position in the sequence the high 16, so draws that need several
/// numbers (rejection samplers, redraw bounds) never overlap a neighbouring draw.
public struct RandomSequence: Sendable {
    @usableFromInline let philox: Philox
    @usableFromInline let stream: UInt32
    @usableFromInline let entity: UInt32
    @usableFromInline let base: UInt64
    @usableFromInline var position: UInt64 = 0
    @usableFromInline var spare: UInt64 = 0
    @usableFromInline var hasSpare = false

    /// The largest draw counter a sequence can take (48 bits).
    public static let maxCounter: UInt64 = (1 << 48) - 1
    /// How many 128-bit blocks one sequence can use before it would overlap the next draw.
    public static let maxBlocks: UInt64 = 1 << 16

    @inlinable
    public init(_ philox: Philox, stream: UInt32, entity: UInt32, counter: UInt64) {
        precondition(counter <= Self.maxCounter, "draw counter exceeds 48 bits")
        self.philox = philox
        self.stream = stream
        self.entity = entity
        self.base = counter
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        if hasSpare {
            hasSpare = false
            return spare
        }
        precondition(position < Self.maxBlocks, "a random draw used more than 65536 blocks")
        let (a, b) = philox.bits(stream: stream, entity: entity, counter: base | position << 48)
        position += 1
        spare = b
        hasSpare = true
        return a
    }

    /// A uniform double in the open interval (0, 1).
    @inlinable @inline(__always)
    public mutating func nextOpenUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A uniform double in [0, 1).
    @inlinable @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in 0..<bound (Lemire's multiply-and-reject, exact). The division that
    /// finds the rejection threshold runs only in the rare case that may need it.
    @inlinable
    public mutating func nextInt(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }
}
