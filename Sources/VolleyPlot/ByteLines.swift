// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

#if canImport(Glibc)
import Glibc
#endif

/// A text file read a megabyte at a time and handed over line by line as raw bytes. Splitting
/// a 100 MB spikes.csv into Strings would take minutes; scanning bytes in place takes a second.
struct ByteLines {
    private static let chunk = 1 << 20

    /// Calls `body` with every line of the file at `path` (without its `\n` or `\r\n`) and its
    /// 1-based line number; a last line without a newline counts too.
    static func forEach(path: String,
                        _ body: (UnsafeBufferPointer<UInt8>, Int) throws(PlotInputError) -> Void) throws(PlotInputError) {
        guard let file = fopen(path, "r") else {
            throw PlotInputError("\(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var capacity = chunk
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var held = 0
        var lineNumber = 0
        while true {
            if held == capacity {
                // A line longer than the buffer: grow it rather than cut the line.
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: held)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let read = fread(buffer + held, 1, capacity - held, file)
            if read == 0 {
                if ferror(file) != 0 { throw PlotInputError("\(path): \(String(cString: strerror(errno)))") }
                if held > 0 {
                    lineNumber += 1
                    try body(line(buffer, 0, held), lineNumber)
                }
                return
            }
            let end = held + read
            var start = 0
            var i = held
            while i < end {
                if buffer[i] == 0x0A {
                    lineNumber += 1
                    try body(line(buffer, start, i), lineNumber)
                    start = i + 1
                }
                i += 1
            }
            held = end - start
            if start > 0 && held > 0 { memmove(buffer, buffer + start, held) }
        }
    }

    private static func line(_ buffer: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        var end = end
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        return UnsafeBufferPointer(start: buffer + start, count: end - start)
    }
}
