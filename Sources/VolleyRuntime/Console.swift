// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to the standard streams by file descriptor, safe from any thread
/// (the C `stderr` global is not concurrency-safe in Swift 6).
public enum Console {
    /// Writes `text` to standard error as is.
    public static func error(_ text: String) { write(2, text) }

    /// Writes `text` to standard output as is.
    public static func output(_ text: String) { write(1, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
