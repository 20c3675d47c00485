// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit
import VolleyWire
import ZeroMQ

/// A peer speaking another wire version is refused at registration, with a message.
@Suite struct RegistrationTests {
    @Test func anotherWireVersionIsRefused() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let coordinator = try ChildProcess(
            ["coordinator", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=50", "--listen", "tcp://127.0.0.1:*",
             "--workers", "1", "--out", dir + "/out"], log: dir + "/c.log")
        defer { coordinator.signal(SIGKILL) }
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator))
        let context = try Context()
        let dealer = try Socket(context, .dealer)
        try dealer.set(.linger, 0)
        try dealer.connect(endpoint)
        var hello = ControlMessage.hello(Hello(volleyVersion: "0.1.0", pid: 1, host: "old", dataEndpoint: "tcp://127.0.0.1:1"))
            .encode(runID: 0, source: 0, sequence: 0)
        hello[4] = 1  // wire version 1: samples without their variable
        try dealer.send(hello)
        #expect(try Poller([dealer]).wait(timeout: 10_000) == [true])
        let reply = try #require(try dealer.receiveFrames(dontWait: true)?.last)
        guard case .success((_, .refuse(let reason))) = ControlMessage.decode(reply) else {
            Issue.record("no refusal")
            return
        }
        #expect(reason.contains("wire version 1"))
        #expect(coordinator.isRunning, "a stranger must not end the run")
    }
}
