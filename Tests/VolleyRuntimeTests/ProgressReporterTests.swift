// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyRuntime

/// The progress line: redrawn in place on a terminal, whole lines at a slower pace in a log, and
/// nothing in the first two seconds or with `--quiet`.
struct ProgressReporterTests {
    /// Feeds 100 epochs of 10 steps (0.1 ms) while a fake clock advances 0.25 s per epoch.
    static func written(terminal: Bool, enabled: Bool = true) -> String {
        final class Box { var now = 0.0; var text = "" }
        let box = Box()
        let reporter = ProgressReporter(totalSteps: 1000, resolution: 0.1, enabled: enabled, terminal: terminal,
                                        elapsed: { box.now }, write: { box.text += $0 })
        for epoch in 0..<100 {
            box.now += 0.25
            try? reporter.observe(EpochRecord(epoch: Int64(epoch), start: Int64(epoch) * 10, steps: 10, spikes: [], samples: []))
        }
        reporter.close()
        return box.text
    }

    @Test func theLineNamesSimulatedTimeRealTimeFactorAndTimeLeft() {
        let line = ProgressReporter.line(prefix: "volley", done: 5000, total: 10000, resolution: 0.1, elapsed: 4)
        #expect(line == "volley: 500.0 / 1000.0 ms (50 %), real-time factor 8.00, ETA 4 s")
    }

    @Test func aTerminalLineIsRedrawnInPlaceEverySecond() {
        let text = Self.written(terminal: true)
        let draws = text.split(separator: "\r", omittingEmptySubsequences: true)
        // 25 s of run: a draw at 2 s and then every second → 24 draws, one newline at the end.
        #expect(draws.count == 24)
        #expect(text.filter { $0 == "\n" }.count == 1 && text.hasSuffix("\n"))
        #expect(draws.first?.hasPrefix("volley: 8.0 / 100.0 ms (8 %)") == true, "\(draws.first ?? "")")
    }

    @Test func aLogGetsWholeLinesEveryTenSeconds() {
        let text = Self.written(terminal: false)
        #expect(!text.contains("\r"))
        let lines = text.split(separator: "\n")
        // Printed at 2 s, 12 s and 22 s of the run.
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.allSatisfy { $0.contains("real-time factor") })
    }

    @Test func quietWritesNothing() {
        #expect(Self.written(terminal: true, enabled: false).isEmpty)
        #expect(Self.written(terminal: false, enabled: false).isEmpty)
    }
}
