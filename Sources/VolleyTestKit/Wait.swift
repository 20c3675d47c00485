// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Waiting for something another process does, without a fixed sleep.
public enum Wait {
    /// Checks `condition` every 0.1 s for up to `seconds`; whether it came true.
    public static func until(seconds: Double, _ condition: () -> Bool) -> Bool {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}
