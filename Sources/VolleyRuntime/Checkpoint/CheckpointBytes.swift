// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Little-endian binary writing for checkpoint files (docs/checkpoints.md has the layouts).
struct CheckpointBytesWriter {
    var bytes: [UInt8] = []

    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    mutating func blob(_ b: [UInt8]) {
        u64(UInt64(b.count))
        bytes.append(contentsOf: b)
    }
    mutating func u64s(_ values: [UInt64]) {
        u64(UInt64(values.count))
        if UInt64(1).littleEndian == 1 {
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            for v in values { u64(v) }
        }
    }
}

/// Reads what `CheckpointBytesWriter` wrote; a short or malformed file is a `CheckpointError`
/// naming it.
struct CheckpointBytesReader {
    let bytes: [UInt8]
    let file: String
    private(set) var offset = 0

    init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    var atEnd: Bool { offset == bytes.count }

    func damaged(_ what: String) -> CheckpointError {
        CheckpointError("checkpoint file \(file) is damaged: \(what) at byte \(offset) of \(bytes.count)")
    }

    mutating func take(_ n: Int) throws(CheckpointError) -> ArraySlice<UInt8> {
        guard n >= 0, bytes.count - offset >= n else { throw damaged("it ends early") }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func u32() throws(CheckpointError) -> UInt32 {
        let s = try take(4)
        var v: UInt32 = 0
        for (i, b) in s.enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return v
    }

    mutating func u64() throws(CheckpointError) -> UInt64 {
        let s = try take(8)
        var v: UInt64 = 0
        for (i, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    mutating func i64() throws(CheckpointError) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func f64() throws(CheckpointError) -> Double { Double(bitPattern: try u64()) }
    mutating func f32() throws(CheckpointError) -> Float { Float(bitPattern: try u32()) }

    /// A count or index that must fit what is left of the file at `unit` bytes each.
    mutating func count(unit: Int = 1) throws(CheckpointError) -> Int {
        let v = try u64()
        guard v <= UInt64(bytes.count - offset) / UInt64(max(unit, 1)) else { throw damaged("a count of \(v) does not fit") }
        return Int(v)
    }

    mutating func int() throws(CheckpointError) -> Int {
        let v = Int64(bitPattern: try u64())
        guard v >= 0, v < Int64(Int32.max) * 64 else { throw damaged("a value of \(v) is out of range") }
        return Int(v)
    }

    /// An event counter: any non-negative 63-bit value.
    mutating func counter() throws(CheckpointError) -> Int {
        let v = Int64(bitPattern: try u64())
        guard v >= 0 else { throw damaged("a counter of \(v) is negative") }
        return Int(v)
    }

    mutating func string() throws(CheckpointError) -> String {
        let n = Int(try u32())
        return String(decoding: try take(n), as: UTF8.self)
    }

    mutating func blob() throws(CheckpointError) -> [UInt8] { Array(try take(try count())) }

    mutating func u64s() throws(CheckpointError) -> [UInt64] {
        let n = try count(unit: 8)
        let s = try take(n * 8)
        var out = [UInt64](repeating: 0, count: n)
        out.withUnsafeMutableBytes { $0.copyBytes(from: s) }
        if UInt64(1).littleEndian != 1 { out = out.map { UInt64(littleEndian: $0) } }
        return out
    }

    mutating func magic(_ expected: String) throws(CheckpointError) {
        let s = try take(expected.utf8.count)
        guard Array(s) == Array(expected.utf8) else { throw CheckpointError("\(file) is not a Volley checkpoint file (no \(expected) header)") }
    }
}
