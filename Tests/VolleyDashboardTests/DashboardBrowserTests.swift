// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// The dashboard in a real browser beside a real run: the page loads, says it waits, receives
/// spikes over the WebSocket and draws them; survives the dashboard's restart by reconnecting;
/// and keeps the last picture once the run is finished. Screenshots go to test-output/dashboard.
@Suite(.serialized) struct DashboardBrowserTests {
    /// What the page says about itself on `<body>`.
    struct PageState: CustomStringConvertible {
        var state = "", received = 0, drawn = 0, pixels = 0, updates = 0, connections = 0, title = ""
        var tMs = 0.0

        init(_ v: [String: Any]) {
            state = v["state"] as? String ?? ""
            title = v["title"] as? String ?? ""
            let int = { (k: String) in Int(v[k] as? String ?? "") ?? 0 }
            received = int("spikesReceived")
            drawn = int("spikesDrawn")
            pixels = int("rasterPixels")
            updates = int("updates")
            connections = int("connections")
            tMs = Double(v["tMs"] as? String ?? "") ?? 0
        }

        var description: String {
            "\(state) at \(tMs) ms: \(received) spikes received, \(drawn) drawn, \(pixels) pixels, \(updates) updates, "
                + "\(connections) connections, title '\(title)'"
        }
    }

    /// The page's own account, or an empty object while it is still loading.
    static let probe = "document.body ? Object.assign({title: document.title}, document.body.dataset) : {}"

    static func pageState(
        _ browser: HeadlessBrowser, upTo seconds: Double, until done: (PageState) -> Bool
    ) throws -> PageState {
        let v = try browser.wait(for: probe, as: [String: Any].self, upTo: seconds) { done(PageState($0)) }
        return PageState(v ?? [:])
    }

    /// A PNG of the expected size with more in it than a blank page.
    static func expectScreenshot(_ path: String, minimumBytes: Int) throws {
        let png = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(path) is not a PNG")
        let be32 = { (o: Int) in png[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(png.count > 24 && be32(16) == 1200 && be32(20) == 800, "\(path) is not 1200×800")
        #expect(png.count >= minimumBytes, "\(path) has \(png.count) bytes: too little drawn")
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["VOLLEY_SKIP_BROWSER"] != "1",
            "VOLLEY_SKIP_BROWSER=1: the dashboard's browser test was opted out of"
        ))
    func thePageDrawsALiveRun() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let out = try DashboardProcess.outputDirectory()
        let coordinatorPort = try #require(FreePort.tcp())
        let endpoint = "tcp://127.0.0.1:\(coordinatorPort)"

        // The dashboard comes first and waits for the run.
        var (dashboard, http) = try DashboardProcess.start(coordinator: endpoint, log: dir + "/dashboard-1.log")
        defer { dashboard.signal(SIGKILL) }
        let browser = try HeadlessBrowser(width: 1200, height: 800, log: dir + "/chromium.log")
        try browser.open("http://127.0.0.1:\(http)/")
        let waiting = try Self.pageState(browser, upTo: 30) { $0.state == "waiting" }
        #expect(waiting.state == "waiting", "\(waiting)")
        try browser.screenshot(to: out + "/waiting.png")

        // A run long enough to restart the dashboard in the middle of it.
        let coordinator = try ChildProcess(
            [
                "coordinator", VolleyProcess.config("brunel.yaml"), "--t-sim", "8000", "--listen", endpoint, "--workers", "2",
                "--out", dir + "/run", "--quiet",
            ],
            log: dir + "/coordinator.log")
        defer { coordinator.signal(SIGKILL) }
        let workers = try (0..<2).map {
            try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/worker-\($0).log")
        }
        defer { workers.forEach { $0.signal(SIGKILL) } }

        // Spikes arrive over the WebSocket and are drawn (the screenshot waits for half a window of them).
        let live = try Self.pageState(browser, upTo: 180) {
            $0.state == "running" && $0.drawn > 100 && $0.pixels > 400 && $0.updates > 3 && $0.tMs >= 500
        }
        #expect(live.state == "running", "\(live)\n\(coordinator.output)\n\(dashboard.output)")
        #expect(live.received > 0 && live.drawn > 100 && live.pixels > 400, "\(live)")
        #expect(live.title.contains("brunel") && live.title.contains("running"), "\(live)")
        try browser.screenshot(to: out + "/running.png")
        try Self.expectScreenshot(out + "/running.png", minimumBytes: 20_000)

        // Ctrl-C ends the dashboard with 0, the run goes on, and the page reconnects to the next
        // dashboard on the same port, which joins the run midway.
        dashboard.signal(SIGINT)
        try #require(dashboard.wait(upTo: 10) != nil, "the dashboard still runs 10 s after Ctrl-C")
        #expect(dashboard.exitStatus == 0, "\(dashboard.output)")
        let dropped = try Self.pageState(browser, upTo: 10) { $0.state == "disconnected" }
        #expect(dropped.state == "disconnected", "\(dropped)")
        #expect(coordinator.isRunning, "the run must not notice a tap leaving")
        (dashboard, http) = try DashboardProcess.start(coordinator: endpoint, port: http, log: dir + "/dashboard-2.log")
        let again = try Self.pageState(browser, upTo: 60) {
            $0.connections >= 2 && $0.updates > live.updates + 3 && $0.drawn > 0
        }
        #expect(
            again.connections >= 2 && again.received > live.received && again.drawn > 0, "\(again)\n\(dashboard.output)"
        )

        // The end: the page says so and keeps the last picture.
        try #require(coordinator.wait(upTo: 300) != nil, "the run did not end: \(coordinator.output)")
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        let done = try Self.pageState(browser, upTo: 30) { $0.state == "finished" }
        #expect(done.state == "finished", "\(done)\n\(dashboard.output)")
        #expect(done.drawn > 100 && done.pixels > 400, "the last picture is kept: \(done)")
        try browser.screenshot(to: out + "/finished.png")
        try Self.expectScreenshot(out + "/finished.png", minimumBytes: 20_000)
        let status = try DashboardProcess.status(port: http)
        #expect(status["state"] as? String == "finished")
        #expect(
            status["epochs_done"] as? Int == status["epochs_total"] as? Int && (status["epochs_total"] as? Int ?? 0) > 0
        )
        #expect((status["first_epoch"] as? Int ?? 0) > 0, "the second dashboard joined midway: \(status)")
        // A loaded machine may make a tap miss frames; it must say how many, and the run goes on.
        #expect(status["missed_frames"] as? Int != nil, "\(status)")
        // The energy budget, live: over the part of the run the second dashboard saw, about what
        // the whole run spent per second (Brunel's rates are steady).
        let summary = try VolleyProcess.summary(in: dir + "/run")
        let whole = try #require((summary["energy"] as? [String: Any])?["atp_per_s"] as? Double)
        let seen = try #require(status["atp_per_s"] as? Double, "\(status)")
        if status["missed_frames"] as? Int == 0 {
            #expect(seen > 0.8 * whole && seen < 1.25 * whole, "dashboard \(seen) ATP/s, summary \(whole)")
        } else {
            #expect(seen > 0 && seen < 1.25 * whole, "dashboard \(seen) ATP/s (frames missed), summary \(whole)")
        }
        let populations = status["populations"] as? [[String: Any]] ?? []
        #expect(populations.count == 2 && populations.allSatisfy { ($0["atp_per_s"] as? Double ?? 0) > 0 }, "\(populations)")

        // It keeps serving after the run, until Ctrl-C.
        usleep(500_000)
        #expect(dashboard.isRunning)
        dashboard.signal(SIGINT)
        try #require(dashboard.wait(upTo: 10) != nil, "the dashboard still runs 10 s after Ctrl-C")
        #expect(dashboard.exitStatus == 0, "\(dashboard.output)")
        for w in workers {
            try #require(w.wait(upTo: 10) != nil, "a worker outlived the run")
            #expect(w.exitStatus == 0, "\(w.output)")
        }
    }
}
