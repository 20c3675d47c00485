// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif

/// Elapsed wall-clock time from a monotonic clock, for timings in summaries and progress.
public struct WallClock: Sendable {
    private let start: Double

    public init() { start = Self.now() }

    /// Seconds since this clock was made.
    public var seconds: Double { Self.now() - start }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
