// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Streaming SHA-256 (FIPS 180-4) for the canonical spike hash; small enough to own rather than
/// pull a cryptography package into every build.
///
/// Written for throughput, since the final weight hashes run to gigabytes. Input is compressed
/// four 64-byte blocks at a time: the message schedules of the four blocks are computed together
/// in SIMD registers, one block per lane (so no lane ever needs another lane's words), while the
/// rounds, which are inherently serial, run in scalar registers; the schedule of the next four
/// blocks is computed in between the rounds of the current four, where the vector units would
/// otherwise idle. Up to four blocks of pending input are kept inline in the struct, and all
/// working storage is on the stack: no heap, no bounds checks.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Input not compressed yet: its first `buffered` bytes, less than four blocks.
    private var pending = SIMD32<UInt64>()
    private var buffered = 0
    private var length: UInt64 = 0

    /// Bytes gathered before compressing: four blocks, one per SIMD lane.
    private static let batch = 256

    public init() {}

    /// Feeds bytes.
    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update(buffer: $0) }
    }

    /// Feeds raw bytes; runs of four whole blocks are compressed straight from the input.
    public mutating func update(buffer input: UnsafeRawBufferPointer) {
        let n = input.count
        guard n > 0, let base = input.baseAddress else { return }
        length &+= UInt64(n)
        var i = 0
        let held = buffered
        if held > 0 {
            i = min(Self.batch - held, n)
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.advanced(by: held).copyMemory(from: base, byteCount: i) }
            if held + i < Self.batch {
                buffered = held + i
                return
            }
            withUnsafeBytes(of: &pending) { Self.compress(&state, $0.baseAddress!, blocks: 4) }
            buffered = 0
        }
        let direct = (n - i) / Self.batch * Self.batch
        if direct > 0 {
            Self.compress(&state, base.advanced(by: i), blocks: direct / 64)
            i += direct
        }
        if i < n {
            let rest = n - i
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: base.advanced(by: i), byteCount: rest) }
            buffered = rest
        }
    }

    /// Feeds the UTF-8 bytes of a string.
    public mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(buffer: UnsafeRawBufferPointer($0)) }
    }

    /// The digest of no bytes at all.
    public static var empty: String {
        var sha = SHA256()
        return sha.finalizeHex()
    }

    /// The digest as 64 lowercase hex digits.
    public mutating func finalizeHex() -> String {
        // The padding (0x80, zeros, the 64-bit big-endian bit length) goes through `update` like
        // any other input, so the state afterwards is what it always was.
        let bits = length &* 8
        let count = 1 + (119 - Int(length % 64)) % 64 + 8
        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tail) { t in
            t[0] = 0x80
            t.storeBytes(of: bits.bigEndian, toByteOffset: count - 8, as: UInt64.self)
            update(buffer: UnsafeRawBufferPointer(rebasing: t[0..<count]))
        }
        // Now whole blocks only; compress what is still held.
        if buffered > 0 {
            let blocks = buffered / 64
            withUnsafeBytes(of: &pending) { Self.compress(&state, $0.baseAddress!, blocks: blocks) }
            buffered = 0
        }
        let s = state
        return withUnsafeBytes(of: s) { words in
            String(unsafeUninitializedCapacity: 64) { out in
                for j in 0..<8 {
                    let w = words.load(fromByteOffset: 4 * j, as: UInt32.self)
                    for d in 0..<8 {
                        let nibble = UInt8(truncatingIfNeeded: w &>> UInt32(28 - 4 * d)) & 0xF
                        out[8 * j + d] = nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
                    }
                }
                return 64
            }
        }
    }

    // MARK: Compression

    private typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    private typealias V = SIMD4<UInt32>

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Each K[t] four times over (one per lane), then the shift counts of σ0 and σ1. Built at run
    /// time on purpose: with the counts as compile-time constants LLVM recognises the vector shift
    /// pairs as rotates, which SSE2 lacks, and scalarises the whole message schedule (about 1.5
    /// times slower). The counts are read once per `compress`.
    private static let table: [UInt32] = k.flatMap { [$0, $0, $0, $0] } + [3, 7, 11, 14, 10, 17, 2, 13]

    /// σ0 and σ1 on four lanes, with the shift counts in registers.
    private struct Sigmas {
        let n3, n7, n11, n14, n10, n17, n2, n13: UInt32

        init(_ t: UnsafePointer<UInt32>) {
            (n3, n7, n11, n14) = (t[0], t[1], t[2], t[3])
            (n10, n17, n2, n13) = (t[4], t[5], t[6], t[7])
        }

        /// σ0(x) = x >>> 7 ^ x >>> 18 ^ x >> 3, the longer shifts built from the shorter ones.
        @inline(__always)
        func s0(_ x: V) -> V {
            let u = x &>> n7
            let v = x &<< n14
            return (x &>> n3) ^ u ^ v ^ (u &>> n11) ^ (v &<< n11)
        }

        /// σ1(x) = x >>> 17 ^ x >>> 19 ^ x >> 10.
        @inline(__always)
        func s1(_ x: V) -> V {
            let u = x &>> n17
            let v = x &<< n13
            return (x &>> n10) ^ u ^ v ^ (u &>> n2) ^ (v &<< n2)
        }
    }

    /// W[t] and W[t] + K[t] of four blocks, one per lane: for t < 16 the big-endian words of the
    /// blocks, after that σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]. `w` and `wk` hold 64
    /// vectors each.
    @inline(__always)
    private static func step(
        _ t: Int, _ lanes: (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer),
        _ w: UnsafeMutablePointer<V>, _ wk: UnsafeMutablePointer<V>, _ kb: UnsafePointer<V>, _ s: Sigmas
    ) {
        let x: V
        if t < 16 {
            let o = 4 &* t
            x = V(
                lanes.0.loadUnaligned(fromByteOffset: o, as: UInt32.self).bigEndian,
                lanes.1.loadUnaligned(fromByteOffset: o, as: UInt32.self).bigEndian,
                lanes.2.loadUnaligned(fromByteOffset: o, as: UInt32.self).bigEndian,
                lanes.3.loadUnaligned(fromByteOffset: o, as: UInt32.self).bigEndian
            )
        } else {
            x = s.s1(w[t &- 2]) &+ w[t &- 7] &+ s.s0(w[t &- 15]) &+ w[t &- 16]
        }
        w[t] = x
        wk[t] = x &+ kb[t]
    }

    /// One round, with the variables' roles rotated by the caller instead of shuffled: `d` gets
    /// d + T1 and `h` becomes the new `a`. Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), where b ^ c is
    /// the previous round's a ^ b, carried in `bc`. `kw` is K[t] + W[t]. Σ1(e) = e >>> 6 ^ e >>> 11
    /// ^ e >>> 25 is taken as e >>> 6 ^ (e ^ e >>> 14) >>> 11, and Σ0 likewise: one register copy
    /// fewer than three separate rotates, one step longer, which measured fastest.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
        _ h: inout UInt32, _ bc: inout UInt32, _ kw: UInt32
    ) {
        let s1 = rotr(e, 6) ^ rotr(e ^ rotr(e, 14), 11)
        let ch = g ^ (e & (f ^ g))
        let t1 = h &+ kw &+ ch &+ s1
        d &+= t1
        let s0 = rotr(a, 2) ^ rotr(a ^ rotr(a, 9), 13)
        let ab = a ^ b
        h = t1 &+ s0 &+ (b ^ (ab & bc))
        bc = ab
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x &>> n | x &<< (32 &- n) }

    /// Compresses `blocks` whole 64-byte blocks at `start` (any alignment) into `state`.
    private static func compress(_ state: inout State, _ start: UnsafeRawPointer, blocks: Int) {
        guard blocks > 0 else { return }
        table.withUnsafeBufferPointer { tb in
            withUnsafeTemporaryAllocation(of: V.self, capacity: 64) { wb in
                withUnsafeTemporaryAllocation(of: V.self, capacity: 64) { ab in
                    withUnsafeTemporaryAllocation(of: V.self, capacity: 64) { bb in
                        compress(&state, start, blocks, UnsafeRawPointer(tb.baseAddress!), wb.baseAddress!, ab.baseAddress!, bb.baseAddress!)
                    }
                }
            }
        }
    }

    /// The lanes of the batch at `p` with `count` (1...4) blocks; missing lanes repeat the last.
    @inline(__always)
    private static func lanes(_ p: UnsafeRawPointer, _ count: Int) -> (UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer, UnsafeRawPointer) {
        (p, p + 64 * min(1, count - 1), p + 64 * min(2, count - 1), p + 64 * min(3, count - 1))
    }

    private static func compress(
        _ state: inout State, _ start: UnsafeRawPointer, _ blocks: Int, _ kb: UnsafeRawPointer,
        _ w: UnsafeMutablePointer<V>, _ wkA: UnsafeMutablePointer<V>, _ wkB: UnsafeMutablePointer<V>
    ) {
        let sig = Sigmas((kb + 1024).assumingMemoryBound(to: UInt32.self))
        let kv = kb.assumingMemoryBound(to: V.self)
        var p = start
        var count = min(blocks, 4)
        var remaining = blocks - count
        var cur = wkA
        var nxt = wkB
        var ln = lanes(p, count)
        for t in 0..<64 { step(t, ln, w, cur, kv, sig) }
        // Four blocks at a time, computing the next four blocks' schedule in between the rounds.
        while remaining > 0 {
            p += 256
            let nextCount = min(remaining, 4)
            remaining -= nextCount
            ln = lanes(p, nextCount)
            var (h0, h1, h2, h3, h4, h5, h6, h7) = state
            for j in 0..<4 {
                var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                var bc = b ^ c
                var wp = UnsafeRawPointer(cur).assumingMemoryBound(to: UInt32.self) + j
                for q in 0..<4 {
                    let t = 4 &* (4 &* j &+ q)
                    step(t &+ 0, ln, w, nxt, kv, sig)
                    round(a, b, &d, e, f, g, &h, &bc, wp[0])
                    round(h, a, &c, d, e, f, &g, &bc, wp[4])
                    round(g, h, &b, c, d, e, &f, &bc, wp[8])
                    round(f, g, &a, b, c, d, &e, &bc, wp[12])
                    step(t &+ 1, ln, w, nxt, kv, sig)
                    round(e, f, &h, a, b, c, &d, &bc, wp[16])
                    round(d, e, &g, h, a, b, &c, &bc, wp[20])
                    round(c, d, &f, g, h, a, &b, &bc, wp[24])
                    round(b, c, &e, f, g, h, &a, &bc, wp[28])
                    step(t &+ 2, ln, w, nxt, kv, sig)
                    round(a, b, &d, e, f, g, &h, &bc, wp[32])
                    round(h, a, &c, d, e, f, &g, &bc, wp[36])
                    round(g, h, &b, c, d, e, &f, &bc, wp[40])
                    round(f, g, &a, b, c, d, &e, &bc, wp[44])
                    step(t &+ 3, ln, w, nxt, kv, sig)
                    round(e, f, &h, a, b, c, &d, &bc, wp[48])
                    round(d, e, &g, h, a, b, &c, &bc, wp[52])
                    round(c, d, &f, g, h, a, &b, &bc, wp[56])
                    round(b, c, &e, f, g, h, &a, &bc, wp[60])
                    wp += 64
                }
                h0 &+= a
                h1 &+= b
                h2 &+= c
                h3 &+= d
                h4 &+= e
                h5 &+= f
                h6 &+= g
                h7 &+= h
            }
            state = (h0, h1, h2, h3, h4, h5, h6, h7)
            swap(&cur, &nxt)
            count = nextCount
        }
        // The last (up to) four blocks.
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        for j in 0..<count {
            var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
            var bc = b ^ c
            var wp = UnsafeRawPointer(cur).assumingMemoryBound(to: UInt32.self) + j
            for _ in 0..<4 {
                round(a, b, &d, e, f, g, &h, &bc, wp[0])
                round(h, a, &c, d, e, f, &g, &bc, wp[4])
                round(g, h, &b, c, d, e, &f, &bc, wp[8])
                round(f, g, &a, b, c, d, &e, &bc, wp[12])
                round(e, f, &h, a, b, c, &d, &bc, wp[16])
                round(d, e, &g, h, a, b, &c, &bc, wp[20])
                round(c, d, &f, g, h, a, &b, &bc, wp[24])
                round(b, c, &e, f, g, h, &a, &bc, wp[28])
                round(a, b, &d, e, f, g, &h, &bc, wp[32])
                round(h, a, &c, d, e, f, &g, &bc, wp[36])
                round(g, h, &b, c, d, e, &f, &bc, wp[40])
                round(f, g, &a, b, c, d, &e, &bc, wp[44])
                round(e, f, &h, a, b, c, &d, &bc, wp[48])
                round(d, e, &g, h, a, b, &c, &bc, wp[52])
                round(c, d, &f, g, h, a, &b, &bc, wp[56])
                round(b, c, &e, f, g, h, &a, &bc, wp[60])
                wp += 64
            }
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
            h5 &+= f
            h6 &+= g
            h7 &+= h
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}
