// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// The dashboard without a run, and its command line: it serves the page, waits for the
/// coordinator, says so over HTTP and the WebSocket, and ends with 0 on Ctrl-C.
@Suite struct DashboardServerTests {
    @Test func beforeTheRunItServesThePageAndWaits() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let port = try #require(FreePort.tcp())
        let (dashboard, http) = try DashboardProcess.start(
            coordinator: "tcp://127.0.0.1:\(port)", log: dir + "/dashboard.log")
        defer { dashboard.signal(SIGKILL) }
        let page = try WebSocketClient.httpGet(host: "127.0.0.1", port: http, path: "/")
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script src") && !page.contains("<link"), "the page loads nothing from elsewhere")
        let status = try DashboardProcess.status(port: http)
        #expect(status["state"] as? String == "waiting")
        #expect(status["coordinator"] as? String == "tcp://127.0.0.1:\(port)")
        let ws = try WebSocketClient(url: "ws://127.0.0.1:\(http)/ws")
        let first = try #require(try ws.receive(timeout: 10))
        let snapshot = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(snapshot["type"] as? String == "snapshot")
        #expect((snapshot["status"] as? [String: Any])?["state"] as? String == "waiting")
        #expect(try DashboardProcess.status(port: http)["clients"] as? Int == 1)
        dashboard.signal(SIGINT)
        let took = try #require(
            dashboard.wait(upTo: 10), "the dashboard still runs 10 s after Ctrl-C: \(dashboard.output)")
        #expect(took < 5)
        #expect(dashboard.exitStatus == 0, "\(dashboard.output)")
    }

    @Test(arguments: [
        (["--coordinator", "localhost:5555", "--http", "8080"], "--coordinator"),
        (["--coordinator", "tcp://127.0.0.1:5555", "--http", "-1"], "--http"),
        (
            ["--coordinator", "tcp://127.0.0.1:5555", "--http", "8080", "--neurons-per-population", "0"],
            "--neurons-per-population"
        ),
        (["--coordinator", "tcp://127.0.0.1:5555", "--http", "8080", "--bin-ms", "2000"], "--bin-ms"),
        (["--coordinator", "tcp://127.0.0.1:5555", "--http", "8080", "--host", "no-such-host.invalid"], "--host"),
        (["--coordinator", "tcp://127.0.0.1:5555"], "--http"),
    ])
    func badInputExitsWithTwo(_ args: [String], _ named: String) throws {
        let r = try VolleyProcess.run(["dashboard"] + args)
        #expect(r.status == 2, "\(r.output)")
        #expect(r.stderr.contains(named), "\(r.stderr)")
    }

    @Test func aPortInUseIsAClearFailure() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let (first, http) = try DashboardProcess.start(coordinator: "tcp://127.0.0.1:1", log: dir + "/first.log")
        defer { first.signal(SIGKILL) }
        let r = try VolleyProcess.run(["dashboard", "--coordinator", "tcp://127.0.0.1:1", "--http", "\(http)"])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.stderr.contains("cannot serve on 127.0.0.1:\(http)"), "\(r.stderr)")
    }
}
