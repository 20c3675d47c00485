// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit
import ZeroMQ

/// Listeners a run did not admit receive nothing, even knowing the workers' addresses: a tap
/// without keys, and raw subscribers to every data and tap socket — without CURVE, or with the
/// run's server key but a client key of their own. The same listeners on a run without keys
/// receive its frames, so the zero counts are the keys' doing.
@Suite(.serialized) struct StrangerListenerTests {
    static let model = [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=50", "--t-sim", "300", "--seed", "6"]

    /// What each stranger received, and the run's folder.
    struct Outcome {
        var frames: [String: Int] = [:]
        var dir = ""
        var anonymousTap: ChildProcess?
        var workers: [ChildProcess] = []
        /// The client key of the strangers that use CURVE.
        var strangerKey = ""
    }

    /// A free port outside the ephemeral range: a socket retrying a connection to a port in that
    /// range can end up connected to itself and hold the port the worker means to bind.
    static func freePorts(_ count: Int) -> [Int] {
        var ports: [Int] = []
        while ports.count < count {
            let port = Int.random(in: 20_000..<32_000)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if ok && !ports.contains(port) { ports.append(port) }
        }
        return ports
    }

    /// Runs the model on two loopback workers (with the run's keys, or without) while strangers
    /// listen on every worker socket from before the workers bind until the run ends.
    func listen(withKeys: Bool) throws -> Outcome {
        var outcome = Outcome()
        let dir = try VolleyProcess.temporaryDirectory()
        outcome.dir = dir
        for name in ["keys", "other"] {
            #expect(try VolleyProcess.run(["keys", "generate", dir + "/" + name]).status == 0)
        }
        let keys = withKeys ? ["--keys", dir + "/keys"] : []
        let coordinator = try ChildProcess(
            ["coordinator"] + Self.model + ["--listen", "tcp://127.0.0.1:*", "--workers", "2", "--out", dir + "/out"] + keys,
            log: dir + "/c.log")
        defer { if coordinator.isRunning { coordinator.signal(SIGKILL) } }
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator), "\(coordinator.output)")
        let ports = Self.freePorts(4)
        let sockets = (0..<2).map { i in (data: "tcp://127.0.0.1:\(ports[2 * i])", tap: "tcp://127.0.0.1:\(ports[2 * i + 1])") }

        let serverPublic = try String(contentsOfFile: dir + "/keys/server.public", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let mallory = try Curve.keyPair()
        outcome.strangerKey = mallory.publicKey
        let context = try Context()
        var strangers: [(String, Socket)] = []
        for (i, s) in sockets.enumerated() {
            for (kind, address) in [("data", s.data), ("tap", s.tap)] {
                for curve in [false, true] {
                    let sub = try Socket(context, .sub)
                    try sub.set(.linger, 0)
                    try sub.set(.reconnectInterval, 10)
                    if curve { try sub.makeCurveClient(serverKey: serverPublic, publicKey: mallory.publicKey, secretKey: mallory.secretKey) }
                    try sub.subscribe([])
                    try sub.connect(address)
                    strangers.append(("worker \(i) \(kind) socket, \(curve ? "a key not on the list" : "no keys")", sub))
                }
            }
        }
        // A tap that registers like any other, but without keys: it never gets the welcome.
        outcome.anonymousTap = try ChildProcess(
            ["tap", "--coordinator", endpoint, "--out", dir + "/anonymous.csv", "--timeout", "30"], log: dir + "/anonymous.log")
        // Without keys it registers, and the run waits for it; with keys it must be turned away
        // while the coordinator still runs (a short run may be over before a slow start).
        if withKeys {
            #expect(outcome.anonymousTap?.wait(upTo: 30) != nil, "the tap without keys was not turned away")
        } else {
            #expect(coordinator.waitForOutput("registered", upTo: 30), "\(coordinator.output)")
        }
        outcome.workers = try sockets.enumerated().map { i, s in
            try ChildProcess(["worker", "--coordinator", endpoint, "--data", s.data, "--tap", s.tap] + keys, log: dir + "/w\(i).log")
        }
        let poller = Poller(strangers.map(\.1))
        let start = Date()
        var endedAt: Date?
        // Until half a second after the run ended, for frames still on their way.
        while endedAt.map({ Date().timeIntervalSince($0) < 0.5 }) ?? true {
            _ = try poller.wait(timeout: 20)
            for (name, s) in strangers {
                while try s.receiveFrames(dontWait: true) != nil { outcome.frames[name, default: 0] += 1 }
            }
            if endedAt == nil && !coordinator.isRunning { endedAt = Date() }
            if Date().timeIntervalSince(start) > 180 {
                Issue.record("the run did not end: \(coordinator.output)")
                break
            }
        }
        for s in strangers { s.1.close() }
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        for w in outcome.workers { try #require(w.wait(upTo: 10) != nil) }
        for name in strangers.map(\.0) where outcome.frames[name] == nil { outcome.frames[name] = 0 }
        return outcome
    }

    @Test func listenersWithoutAnAdmittedKeyReceiveNothing() throws {
        let open = try listen(withKeys: false)
        // The control: on a run without keys the same listeners hear the run.
        let dataListeners = open.frames.filter { $0.key.contains("data socket, no keys") }
        #expect(dataListeners.count == 2 && dataListeners.values.allSatisfy { $0 > 0 }, "\(open.frames)")
        #expect(open.frames.filter { $0.key.contains("tap socket, no keys") }.values.contains { $0 > 0 }, "\(open.frames)")
        let openTap = try #require(open.anonymousTap)
        try #require(openTap.wait(upTo: 30) != nil)
        #expect(openTap.exitStatus == 0, "\(openTap.output)")

        let closed = try listen(withKeys: true)
        #expect(closed.frames.count == 8 && closed.frames.values.allSatisfy { $0 == 0 }, "\(closed.frames)")
        let tap = try #require(closed.anonymousTap)
        try #require(tap.wait(upTo: 30) != nil)
        // Told at once when its side of the handshake sees the mechanisms differ, after its
        // timeout when the coordinator hangs up first (a race in libzmq's greeting).
        #expect(tap.exitStatus == 1 && (tap.output.contains("uses CURVE keys") || tap.output.contains("a run with keys needs --keys")), "\(tap.output)")
        let written = (try? Data(contentsOf: URL(fileURLWithPath: closed.dir + "/anonymous.csv"))) ?? Data()
        #expect(written.isEmpty, "the anonymous tap wrote \(written.count) bytes")
        // Each worker names the stranger's key once, however often it retried.
        for w in closed.workers {
            #expect(w.output.components(separatedBy: "refused CURVE key").count == 2, "\(w.output)")
            #expect(w.output.contains("refused CURVE key \(closed.strangerKey) from 127.0.0.1"), "\(w.output)")
        }
    }
}
