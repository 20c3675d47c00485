// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyRuntime
import VolleyFormats

@Suite struct OutputFormatTests {
    @Test func timesPrintWithTheResolutionsDecimals() {
        #expect(TimeFormatter(resolution: 0.1).string(12) == "1.2")
        #expect(TimeFormatter(resolution: 0.1).string(10) == "1.0")
        #expect(TimeFormatter(resolution: 0.1).string(3) == "0.3")
        #expect(TimeFormatter(resolution: 0.025).string(3) == "0.075")
        #expect(TimeFormatter(resolution: 1.0).string(7) == "7.0")
    }

    @Test func parsesPythonJSONWithInfinities() throws {
        let v = try JSONParser.parse(#"{"a": -Infinity, "b": [1, 2.5e1], "c": "x\"y", "d": {"e": null}}"#)
        #expect(v["a"]?.double == -.infinity)
        #expect(v["b"]?.doubles == [1, 25])
        #expect(v["c"] == .string("x\"y"))
        #expect(v["d"]?["e"] == .null)
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse("{\"a\": }") }
    }

    @Test func jsonRoundTrips() throws {
        let v = JSONValue.object([("n", .integer(3)), ("x", .number(0.1)), ("s", .string("a\nb")), ("l", .array([.bool(true), .null]))])
        #expect(try JSONParser.parse(v.pretty()) == .object([
            ("n", .number(3)), ("x", .number(0.1)), ("s", .string("a\nb")), ("l", .array([.bool(true), .null])),
        ]))
    }
}

/// SHA-256 against the FIPS 180-4 examples and against a plain textbook implementation, whole and
/// fed in pieces: the fast one compresses four blocks at a time and keeps up to four pending.
@Suite struct SHA256Tests {
    static let million = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test func knownAnswers() {
        var a = SHA256()
        a.update("abc")
        #expect(a.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var e = SHA256()
        #expect(e.finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.empty == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var long = SHA256()
        long.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(long.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var million = SHA256()
        million.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(million.finalizeHex() == Self.million)
    }

    /// One million 'a's in pieces of odd sizes, through all three entry points.
    @Test func millionAsInOddPieces() {
        let sizes = [1, 3, 7, 13, 55, 61, 63, 64, 65, 127, 191, 255, 256, 257, 511, 1001, 4093]
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 5000)
        var sha = SHA256()
        var fed = 0
        var k = 0
        while fed < 1_000_000 {
            let n = min(sizes[k % sizes.count], 1_000_000 - fed)
            switch k % 3 {
            case 0: bytes[0..<n].withUnsafeBytes { sha.update(buffer: $0) }
            case 1: sha.update(bytes[0..<n])
            default: sha.update(String(repeating: "a", count: n))
            }
            fed += n
            k += 1
        }
        #expect(sha.finalizeHex() == Self.million)
    }

    /// Every length up to 17 blocks (1 to 4 blocks per batch, partial batches, all tails) against
    /// the textbook implementation.
    @Test func matchesReferenceAtEveryLength() {
        var rng = SplitMix(seed: 1)
        let data = (0..<1100).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for n in 0...data.count {
            var sha = SHA256()
            sha.update(data[0..<n])
            let got = sha.finalizeHex()
            #expect(got == Self.reference(Array(data[0..<n])), "length \(n)")
        }
    }

    /// Many small random pieces give what one piece gives, for lengths around every batch edge
    /// and one long enough for many batches.
    @Test func piecesEqualOneShot() {
        var rng = SplitMix(seed: 7)
        let data = (0..<300_007).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for n in [0, 1, 63, 64, 65, 255, 256, 257, 319, 320, 511, 512, 513, 1023, 1024, 1025, 4097, 300_007] {
            let whole = data[0..<n]
            var one = SHA256()
            whole.withUnsafeBytes { one.update(buffer: $0) }
            let expected = one.finalizeHex()
            for maxPiece in [1, 5, 70, 300] {
                var sha = SHA256()
                var i = 0
                while i < n {
                    let m = min(1 + Int(rng.next() % UInt64(maxPiece)), n - i)
                    sha.update(data[i..<i + m])
                    i += m
                }
                #expect(sha.finalizeHex() == expected, "length \(n), pieces up to \(maxPiece)")
            }
            if n <= 2000 { #expect(expected == Self.reference(Array(whole)), "length \(n)") }
        }
    }

    /// A sequence without contiguous storage goes through a copy: same digest.
    @Test func nonContiguousSequences() {
        let bytes = (0..<777).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var lazy = SHA256()
        lazy.update(bytes.lazy.map { $0 })
        var flat = SHA256()
        flat.update(bytes)
        #expect(lazy.finalizeHex() == flat.finalizeHex())
        #expect(flat.finalizeHex() != SHA256.empty)
    }

    /// FIPS 180-4 as written, one block at a time, for comparison.
    static func reference(_ message: [UInt8]) -> String {
        let k: [UInt32] = [
            0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
            0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
            0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
            0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
            0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
            0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
            0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
            0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
        ]
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
        var m = message + [0x80] + [UInt8](repeating: 0, count: (119 - message.count % 64) % 64)
        let bits = UInt64(message.count) * 8
        m += (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
        var hash: [UInt32] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19]
        for block in stride(from: 0, to: m.count, by: 64) {
            var w = (0..<16).map { i in (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(m[block + 4 * i + $1]) } }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w.append(w[t - 16] &+ s0 &+ w[t - 7] &+ s1)
            }
            var v = hash
            for t in 0..<64 {
                let t1 = v[7] &+ (rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25)) &+ ((v[4] & v[5]) ^ (~v[4] & v[6])) &+ k[t] &+ w[t]
                let t2 = (rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22)) &+ ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]))
                v = [t1 &+ t2, v[0], v[1], v[2], v[3] &+ t1, v[4], v[5], v[6]]
            }
            hash = zip(hash, v).map { $0 &+ $1 }
        }
        return hash.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    /// A small fixed-seed generator, so failures reproduce.
    struct SplitMix {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }
}
