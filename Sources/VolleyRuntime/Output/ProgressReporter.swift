// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif

/// A progress line on stderr for runs longer than a couple of seconds: simulated time,
/// real-time factor and time left. Silent for short runs and with `--quiet`.
public final class ProgressReporter: EpochObserver {
    private let totalSteps: Int64
    private let resolution: Double
    private let clock = WallClock()
    private var lastPrint = 0.0
    private var printed = false
    private let enabled: Bool
    private let prefix: String

    public init(totalSteps: Int64, resolution: Double, enabled: Bool, prefix: String = "volley") {
        self.totalSteps = totalSteps
        self.resolution = resolution
        self.enabled = enabled
        self.prefix = prefix
    }

    public func observe(_ record: EpochRecord) throws {
        guard enabled else { return }
        let now = clock.seconds
        guard now >= 2, now - lastPrint >= 1 else { return }
        lastPrint = now
        let done = record.start + record.steps
        let simMs = Double(done) * resolution
        let rtf = now / (simMs / 1000)
        let left = now * Double(totalSteps - done) / Double(max(done, 1))
        let pct = 100 * Double(done) / Double(max(totalSteps, 1))
        let line = "\r\(prefix): \(Self.fixed(simMs, 1)) / \(Self.fixed(Double(totalSteps) * resolution, 1)) ms"
            + " (\(Self.fixed(pct, 0)) %), real-time factor \(Self.fixed(rtf, 2)), ETA \(Self.fixed(left, 0)) s   "
        Console.error(line)
        printed = true
    }

    /// Ends the progress line, if one was printed.
    public func finish() {
        if printed { Console.error("\n") }
    }

    /// `x` with `decimals` decimals, for messages (no Foundation formatting).
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "–" }
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        let r = (x * p).rounded() / p
        if decimals == 0 { return String(Int(r)) }
        let whole = Int(r.rounded(.towardZero))
        let frac = Int((abs(r - Double(whole)) * p).rounded())
        let f = String(frac)
        return (r < 0 && whole == 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: decimals - f.count) + f
    }
}
