// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import VolleyCore

/// A progress line on stderr for runs longer than a couple of seconds: simulated time,
/// real-time factor and time left. Silent for short runs and with `--quiet`.
///
/// On a terminal the line is redrawn in place every second; when stderr is a file or a pipe
/// (a batch job's log, `podman logs`, a redirect) it is a whole line every ten seconds,
/// since a log shows carriage returns as one endless line.
public final class ProgressReporter: EpochSink {
    private let totalSteps: Int64
    private let resolution: Double
    private let elapsed: () -> Double
    private let write: (String) -> Void
    private var lastPrint = 0.0
    private var printed = false
    private let enabled: Bool
    private let terminal: Bool
    private let prefix: String

    /// `elapsed` and `write` default to the wall clock and stderr; tests give their own.
    public init(totalSteps: Int64, resolution: Double, enabled: Bool, prefix: String = "volley",
                terminal: Bool = isatty(STDERR_FILENO) != 0,
                elapsed: (() -> Double)? = nil, write: @escaping (String) -> Void = { Console.error($0) }) {
        let clock = WallClock()
        self.elapsed = elapsed ?? { clock.seconds }
        self.write = write
        self.totalSteps = totalSteps
        self.resolution = resolution
        self.enabled = enabled
        self.terminal = terminal
        self.prefix = prefix
    }

    public func observe(_ record: EpochRecord) throws {
        guard enabled else { return }
        let now = elapsed()
        guard now >= 2, !printed || now - lastPrint >= (terminal ? 1 : 10) else { return }
        lastPrint = now
        let text = Self.line(prefix: prefix, done: record.start + record.steps, total: totalSteps,
                             resolution: resolution, elapsed: now)
        write(terminal ? "\r" + text + "   " : text + "\n")
        printed = true
    }

    /// Ends the progress line, if one was redrawn in place; idempotent.
    public func close() {
        if printed && terminal { write("\n") }
        printed = false
    }

    /// The progress text after `done` of `total` steps took `elapsed` wall seconds.
    public static func line(prefix: String, done: Int64, total: Int64, resolution: Double, elapsed: Double) -> String {
        let simMs = Double(done) * resolution
        let rtf = elapsed / (simMs / 1000)
        let left = elapsed * Double(total - done) / Double(max(done, 1))
        let pct = 100 * Double(done) / Double(max(total, 1))
        return "\(prefix): \(fixed(simMs, 1)) / \(fixed(Double(total) * resolution, 1)) ms"
            + " (\(fixed(pct, 0)) %), real-time factor \(fixed(rtf, 2)), ETA \(fixed(left, 0)) s"
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
