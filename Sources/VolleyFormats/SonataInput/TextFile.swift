// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif

/// A small text file (a config, a types table) read whole, with the system's reason on failure.
enum TextFile {
    static func read(_ path: String) throws(FileFormatError) -> String {
        guard let file = fopen(path, "rb") else {
            throw FileFormatError(path: path, reason: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[0..<read])
            if read < chunk.count { break }
        }
        // A directory opens on Linux; reading it is what fails (EISDIR).
        if ferror(file) != 0 { throw FileFormatError(path: path, reason: String(cString: strerror(errno))) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
