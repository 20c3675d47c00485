// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The comma-separated fields of one CSV line of raw bytes, and their numbers parsed in place.
/// Volley's outputs never quote a field, so a comma always separates. The field bounds live in
/// SIMD registers rather than an array: millions of lines, not one allocation.
struct CSVFields {
    /// The most fields whose bounds are kept; lines with more are only counted (and refused).
    static let capacity = 8
    private let line: UnsafeBufferPointer<UInt8>
    private var starts = SIMD8<Int32>()
    private var ends = SIMD8<Int32>()
    /// The number of fields on the line.
    private(set) var count = 0

    init(_ line: UnsafeBufferPointer<UInt8>) {
        self.line = line
        var start = 0
        for i in 0..<line.count where line[i] == UInt8(ascii: ",") {
            record(start, i)
            start = i + 1
        }
        record(start, line.count)
    }

    private mutating func record(_ start: Int, _ end: Int) {
        if count < Self.capacity {
            starts[count] = Int32(start)
            ends[count] = Int32(end)
        }
        count += 1
    }

    /// Field `i` (below `count` and `capacity`) as bytes.
    func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[Int(starts[i])..<Int(ends[i])])
    }

    /// Field `i` as text (for messages and names).
    func text(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }

    /// Field `i` as a non-negative integer, or nil.
    func unsigned(_ i: Int) -> Int? { Self.unsigned(bytes(i)) }

    /// Field `i` as a finite number, or nil.
    func number(_ i: Int) -> Double? { Self.number(bytes(i)) }

    /// Whether field `i` is exactly `text`.
    func equals(_ i: Int, _ text: [UInt8]) -> Bool {
        let b = bytes(i)
        return b.count == text.count && b.elementsEqual(text)
    }

    static func unsigned(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var value = 0
        for c in b {
            guard c &- 0x30 < 10 else { return nil }
            value = value * 10 + Int(c &- 0x30)
        }
        return value
    }

    private static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { x, _ in x * 10 } }

    /// Plain decimals ("12.3", "-0.5") by hand, exact to within an ulp; anything else (an
    /// exponent, many digits) through the standard library's parser.
    static func number(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let negative = !b.isEmpty && b[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var whole: UInt64 = 0
        var wholeDigits = 0
        while i < b.count, b[i] &- 0x30 < 10, wholeDigits < 15 {
            whole = whole * 10 + UInt64(b[i] &- 0x30)
            wholeDigits += 1
            i += 1
        }
        var fraction: UInt64 = 0
        var fractionDigits = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] &- 0x30 < 10, fractionDigits < 15 {
                fraction = fraction * 10 + UInt64(b[i] &- 0x30)
                fractionDigits += 1
                i += 1
            }
        }
        guard i == b.count, wholeDigits + fractionDigits > 0 else {
            guard let d = Double(String(decoding: b, as: UTF8.self)), d.isFinite else { return nil }
            return d
        }
        let magnitude = Double(whole) + Double(fraction) / powersOfTen[fractionDigits]
        return negative ? -magnitude : magnitude
    }
}
