// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif

/// The process's peak resident memory, from the kernel's high-water mark (`VmHWM`).
public enum ProcessMemory {
    /// Peak resident set size in MB (10⁶ bytes), or 0 where /proc is not available.
    public static func peakResidentMB() -> Double {
        guard let f = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if s.hasPrefix("VmHWM:") {
                let kb = Double(s.dropFirst(6).filter { $0.isNumber }) ?? 0
                return kb * 1024 / 1e6
            }
        }
        return 0
    }
}
