// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// A run with multimeters, watched by the dashboard as a process: over the WebSocket come the
/// run's recordables, a trace per recorded neuron and recordable, named as the legend shows it
/// ("A[7] I_syn_ex"), and their points.
@Suite struct DashboardTraceTests {
    /// The run's processes: a dashboard, then a coordinator that waits for its tap, then two workers.
    struct Run {
        let dir: String, dashboard: ChildProcess, http: Int, coordinator: ChildProcess, workers: [ChildProcess]

        /// `connect` is given the dashboard's port and the run's folder before the workers start.
        init(tSim: Double? = nil, connect: (_ http: Int, _ dir: String) throws -> Void = { _, _ in }) throws {
            let dir = try VolleyProcess.temporaryDirectory()
            self.dir = dir
            let config = try ExampleConfigs.write(ExampleConfigs.multimeters, named: "multimeters.yaml", in: dir)
            let endpoint = "tcp://127.0.0.1:\(try #require(FreePort.tcp()))"
            (dashboard, http) = try DashboardProcess.start(coordinator: endpoint, log: dir + "/dashboard.log")
            coordinator = try ChildProcess(
                ["coordinator", config, "--listen", endpoint, "--workers", "2", "--out", dir + "/run"]
                    + (tSim.map { ["--t-sim", "\($0)"] } ?? []),
                log: dir + "/coordinator.log")
            // The dashboard's tap is registered before the workers join, so it sees the whole run.
            guard coordinator.waitForOutput(" registered", upTo: 60) else {
                for p in [dashboard, coordinator] { p.signal(SIGKILL) }
                throw DashboardTestError("the dashboard's tap did not register: \(coordinator.output)\n\(dashboard.output)")
            }
            try connect(http, dir)
            workers = try (0..<2).map { try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log") }
        }

        func stop() {
            for p in [dashboard, coordinator] + workers { p.signal(SIGKILL) }
        }
    }

    static let labels: Set<String> = [
        "A[0] V_m", "A[0] I_syn_ex", "A[7] V_m", "A[7] I_syn_ex", "A[19] V_m", "A[19] I_syn_ex", "B[3] I_syn_in", "B[3] V_m",
    ]

    @Test func theMultimetersTracesReachThePageNamed() throws {
        var ws: WebSocketClient?
        let run = try Run { http, _ in ws = try WebSocketClient(url: "ws://127.0.0.1:\(http)/ws") }
        defer { run.stop() }
        let (coordinator, dashboard, http) = (run.coordinator, run.dashboard, run.http)
        let socket = try #require(ws)

        var variables: [String]?
        var labels: [Int: String] = [:]
        var points = 0, state = ""
        let deadline = Date().addingTimeInterval(120)
        while state != "finished" && state != "failed" && Date() < deadline {
            guard let text = try socket.receive(timeout: 5),
                let m = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            else { continue }
            if m["type"] as? String == "snapshot" {
                labels = [:]
                points = 0
                if let layout = m["layout"] as? [String: Any] { variables = layout["variables"] as? [String] }
            }
            for t in m["traces"] as? [[String: Any]] ?? [] {
                if let id = t["id"] as? Int, let label = t["label"] as? String { labels[id] = label }
            }
            let values = m["values"] as? [Any] ?? []
            #expect((m["samples"] as? [Any] ?? []).count == 2 * values.count)
            points += values.count
            state = (m["status"] as? [String: Any])?["state"] as? String ?? state
        }
        #expect(state == "finished", "\(coordinator.output)\n\(dashboard.output)")
        #expect(variables == ["V_m", "I_syn_ex", "I_syn_in"])
        #expect(Set(labels.values) == Self.labels)
        #expect(labels.keys.sorted() == Array(0..<8), "ids number the traces in order of appearance")
        // 1 s windows are thinned to one point per 5 steps; these samples come every 5 or 10 steps: all kept.
        #expect(points == 3 * 2 * 400 + 2 * 200)
        let status = try DashboardProcess.status(port: http)
        #expect(status["samples"] as? Int == 3 * 2 * 400 + 2 * 200, "\(status)")
        #expect(coordinator.wait(upTo: 30) != nil && coordinator.exitStatus == 0, "\(coordinator.output)")
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["VOLLEY_SKIP_BROWSER"] != "1",
            "VOLLEY_SKIP_BROWSER=1: the dashboard's browser tests were opted out of"
        ))
    func thePageDrawsTheTracesAndNamesThemInTheLegend() throws {
        var browser: HeadlessBrowser?
        let run = try Run(tSim: 1500) { http, dir in
            let b = try HeadlessBrowser(width: 1200, height: 800, log: dir + "/chromium.log")
            try b.open("http://127.0.0.1:\(http)/")
            browser = b
        }
        defer { run.stop() }
        let page = try #require(browser)
        let probe = """
            document.getElementById("legend") ? Object.assign({legend: document.getElementById("legend").innerText,
              shown: getComputedStyle(document.getElementById("traceBox")).display}, document.body.dataset) : {}
            """
        let v = try page.wait(for: probe, as: [String: Any].self, upTo: 120) {
            $0["state"] as? String == "finished" && Int($0["samplesDrawn"] as? String ?? "") ?? 0 > 0
        } ?? [:]
        #expect(v["state"] as? String == "finished", "\(v)\n\(run.coordinator.output)\n\(run.dashboard.output)")
        #expect(v["shown"] as? String == "block", "a run with multimeters shows the traces: \(v)")
        let traces = (v["traces"] as? String ?? "").split(separator: "|").map(String.init)
        #expect(Set(traces) == Self.labels && traces.count == 8, "\(v)")
        let legend = (v["legend"] as? String ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(Set(legend.filter { !$0.isEmpty }) == Self.labels, "the legend names each trace: \(v)")
        // A 1 s window of a 1.5 s run: the last 1000 ms of A's 3 × 2 traces every 0.5 ms and B's 2 every 1 ms.
        #expect(Int(v["samplesDrawn"] as? String ?? "") ?? 0 >= 6 * 1999 + 2 * 999, "\(v)")
        let out = try DashboardProcess.outputDirectory()
        try page.screenshot(to: out + "/traces.png")
    }
}
