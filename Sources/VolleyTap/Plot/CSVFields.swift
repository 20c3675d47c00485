// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The comma-separated fields of one CSV line of raw bytes, and their numbers parsed in place.
/// Volley's outputs never quote a field, so a comma always separates.
struct CSVFields {
    private let line: UnsafeBufferPointer<UInt8>
    /// Start and end of each field in `line`.
    private(set) var bounds: [(Int, Int)] = []

    init(_ line: UnsafeBufferPointer<UInt8>, expected: Int) {
        self.line = line
        bounds.reserveCapacity(expected)
        var start = 0
        for i in 0..<line.count where line[i] == UInt8(ascii: ",") {
            bounds.append((start, i))
            start = i + 1
        }
        bounds.append((start, line.count))
    }

    var count: Int { bounds.count }

    /// Field `i` as bytes.
    func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[bounds[i].0..<bounds[i].1])
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
