// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// A coordinator and two workers on three hosts (network namespaces on a bridge, addresses
/// 10.77.0.1–3) give the spikes of an in-process run. Needs root; where namespaces cannot be
/// made the test fails with the reason, unless VOLLEY_SKIP_NETNS=1 opts out explicitly.
@Suite struct MultiHostTests {
    @Test func coordinatorAndWorkersOnThreeHosts() throws {
        if let reason = TestNetwork.unavailableReason() {
            if ProcessInfo.processInfo.environment["VOLLEY_SKIP_NETNS"] == "1" { return }
            Issue.record("cannot create test hosts: \(reason). Run as root, or set VOLLEY_SKIP_NETNS=1 to opt out.")
            return
        }
        let network = try TestNetwork(hosts: 3)
        defer { network.remove() }
        let model = [VolleyProcess.config("microcircuit.yaml"), "--set", "parameters.scale=0.02", "--t-sim", "200", "--seed", "8"]
        let dir = try VolleyProcess.temporaryDirectory()
        let ip = try #require(TestNetwork.ip)
        let coordinator = try ChildProcess(
            network.inHost(0, [VolleyProcess.binary, "coordinator"] + model
                + ["--listen", "tcp://\(TestNetwork.address(0)):*", "--workers", "2", "--out", dir + "/out"]),
            executable: ip, log: dir + "/c.log")
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator), "\(coordinator.output)")
        #expect(endpoint.hasPrefix("tcp://10.77.0.1:"))
        let workers = try (1...2).map { i in
            try ChildProcess(network.inHost(i, [VolleyProcess.binary, "worker", "--coordinator", endpoint]), executable: ip,
                             log: dir + "/w\(i).log")
        }
        try #require(coordinator.wait(upTo: 300) != nil, "the run did not end: \(coordinator.output)")
        for w in workers { try #require(w.wait(upTo: 10) != nil) }
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        #expect(workers.allSatisfy { $0.exitStatus == 0 }, "\(workers.map(\.output))")
        // Each worker advertised the address of its own host.
        #expect(coordinator.output.contains("tcp://10.77.0.2:") && coordinator.output.contains("tcp://10.77.0.3:"), "\(coordinator.output)")

        let local = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run(["run"] + model + ["--out", local, "--quiet"])
        #expect(r.status == 0)
        #expect(try VolleyProcess.spikeHash(in: dir + "/out") == VolleyProcess.spikeHash(in: local))
    }
}
