// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif

/// An error writing an output file, naming the file.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// A file written through a large buffer; output rows are appended as bytes, not via
/// formatted strings, so writing a spike costs little next to simulating it.
public final class BufferedFile {
    public let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private static let flushAt = 1 << 20

    /// Creates (truncates) `path`.
    public init(path: String) throws {
        guard let f = fopen(path, "w") else {
            throw OutputError(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.file = f
        buffer.reserveCapacity(Self.flushAt + 4096)
    }

    deinit { fclose(file) }

    public func write(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.flushAt { flushBuffer() }
    }

    public func write(byte: UInt8) { buffer.append(byte) }

    /// Appends the decimal digits of `value`.
    public func write(int value: Int64) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            write(unsigned: UInt64(-value))
        } else {
            write(unsigned: UInt64(value))
        }
    }

    public func write(unsigned value: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 {
                n -= 1
                buffer.append(d[n])
            }
        }
        if buffer.count >= Self.flushAt { flushBuffer() }
    }

    /// Writes everything buffered so far and closes nothing.
    public func flush() throws {
        flushBuffer()
        if fflush(file) != 0 { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
    }

    private func flushBuffer() {
        guard !buffer.isEmpty else { return }
        _ = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        buffer.removeAll(keepingCapacity: true)
    }
}
