// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// The protected-mode rule (DESIGN §3) on addresses other hosts reach — those of network
/// namespaces made for the test: without keys and without --insecure, the coordinator, `run
/// --listen` and a worker exit 2 before anything binds, naming the endpoint and the ways out.
/// Needs root; VOLLEY_SKIP_NETNS=1 opts out.
@Suite struct ProtectedModeTests {
    @Test func openEndpointsWithoutKeysExitTwo() throws {
        guard let network = MultiHostTests.hosts(2) else { return }
        defer { network.remove() }
        let dir = try VolleyProcess.temporaryDirectory()
        let ip = try #require(TestNetwork.ip)
        let model = MultiHostTests.model
        let coordinator = "tcp://\(TestNetwork.address(0)):5555"
        let cases: [(host: Int, arguments: [String], endpoint: String)] = [
            (0, ["coordinator"] + model + ["--listen", coordinator, "--workers", "2", "--out", dir + "/coordinator"], coordinator),
            (0, ["run"] + model + ["--workers", "2", "--listen", "tcp://\(TestNetwork.address(0)):5556", "--out", dir + "/run"],
             "tcp://\(TestNetwork.address(0)):5556"),
            // A worker binds the interface that reaches the coordinator: this host's own address.
            (1, ["worker", "--coordinator", coordinator], "tcp://\(TestNetwork.address(1)):*"),
            (1, ["worker", "--coordinator", coordinator, "--data", "tcp://0.0.0.0:6000"], "tcp://0.0.0.0:6000"),
        ]
        for c in cases {
            let started = Date()
            let r = try VolleyProcess.run(network.inHost(c.host, [VolleyProcess.binary] + c.arguments), executable: ip)
            let what = c.arguments.prefix(1).joined() + (c.arguments.contains("--data") ? " --data" : "")
            #expect(r.status == 2, "\(what): \(r.output)")
            #expect(r.stderr.contains(c.endpoint) && r.stderr.contains("--keys") && r.stderr.contains("--insecure"), "\(what): \(r.stderr)")
            #expect(Date().timeIntervalSince(started) < 10, "\(what) took long to refuse")
        }
        // Nothing ran: no output folder was written.
        #expect(!FileManager.default.fileExists(atPath: dir + "/coordinator/summary.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/run/summary.json"))
    }
}
