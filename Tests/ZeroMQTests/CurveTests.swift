// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import ZeroMQ

/// CURVE with a ZAP handler admits exactly the allowed client keys (ZEROMQ.md §3: without a
/// handler any key would do).
@Suite(.serialized) struct CurveTests {
    @Test func keysRoundTripThroughZ85() throws {
        let (pub, sec) = try Curve.keyPair()
        #expect(Curve.isKey(pub) && Curve.isKey(sec) && pub != sec)
        #expect(Curve.publicKey(ofSecret: sec) == pub)
        let raw = try #require(Curve.decode(pub))
        #expect(raw.count == 32 && Curve.encode(raw) == pub)
        #expect(Curve.decode("not a key") == nil)
        #expect(Curve.publicKey(ofSecret: String(repeating: "~", count: 40)) == nil)
    }

    /// A server that answers "pong" to anything; returns the clients' replies (nil: none came).
    func exchange(clientKeys: (String, String), allowed: [String], serverKeys: (String, String), serverKeyGiven: String? = nil)
        throws -> (reply: String?, refused: Int)
    {
        let context = try Context()
        let zap = try ZAPHandler(context: context, allowed: AllowedKeys(allowed.compactMap(Curve.decode)))
        defer { zap.stop() }
        let server = try Socket(context, .router)
        try server.set(.linger, 0)
        try server.makeCurveServer(secretKey: serverKeys.1, domain: "volley")
        try server.bind("tcp://127.0.0.1:*")
        let endpoint = try server.lastEndpoint()
        let client = try Socket(context, .dealer)
        try client.set(.linger, 0)
        try client.makeCurveClient(serverKey: serverKeyGiven ?? serverKeys.0, publicKey: clientKeys.0, secretKey: clientKeys.1)
        try client.connect(endpoint)
        try client.send(Array("ping".utf8))
        let poller = Poller([server, client])
        var reply: String?
        for _ in 0..<30 where reply == nil {
            _ = try poller.wait(timeout: 50)
            if let frames = try server.receiveFrames(dontWait: true) {
                _ = try server.send(frames: [frames[0], Array("pong".utf8)])
            }
            if let frames = try client.receiveFrames(dontWait: true) { reply = String(decoding: frames.last!, as: UTF8.self) }
        }
        client.close()
        server.close()
        return (reply, zap.refused)
    }

    @Test func anAllowedClientTalksAndOthersAreTurnedAway() throws {
        let server = try Curve.keyPair(), friend = try Curve.keyPair(), stranger = try Curve.keyPair()
        let ok = try exchange(clientKeys: friend, allowed: [friend.0], serverKeys: server)
        #expect(ok.reply == "pong" && ok.refused == 0)
        let no = try exchange(clientKeys: stranger, allowed: [friend.0], serverKeys: server)
        #expect(no.reply == nil, "a client with a key not on the list got through")
        #expect(no.refused >= 1)
        // A client that does not know the server's key never completes the handshake either.
        let wrongServer = try exchange(clientKeys: friend, allowed: [friend.0], serverKeys: server, serverKeyGiven: stranger.0)
        #expect(wrongServer.reply == nil)
    }
}

/// What a refused client learns (socket monitor) and what the server's log hears (once per key
/// and address, however often the client retries).
@Suite(.serialized) struct RefusalTests {
    final class Reports: Sendable {
        let list = Mutex<[ZAPRefusal]>([])
    }

    /// Connects a client with `keys` (nil: no CURVE) and returns the first conclusive event of
    /// its handshake.
    func attempt(_ context: Context, endpoint: String, serverKey: String, keys: (String, String)?) throws -> SocketMonitor.Event? {
        let client = try Socket(context, .dealer)
        defer { client.close() }
        try client.set(.linger, 0)
        if let keys { try client.makeCurveClient(serverKey: serverKey, publicKey: keys.0, secretKey: keys.1) }
        let monitor = try SocketMonitor(client, context: context)
        defer { monitor.close() }
        try client.connect(endpoint)
        for _ in 0..<250 {
            while let e = try monitor.next() {
                switch e.kind {
                case .handshakeFailedAuth, .handshakeFailedProtocol, .handshakeSucceeded: return e
                default: continue
                }
            }
            usleep(20_000)
        }
        return nil
    }

    @Test func aRefusedClientIsToldAndReportedOnce() throws {
        let server = try Curve.keyPair(), friend = try Curve.keyPair(), stranger = try Curve.keyPair(), other = try Curve.keyPair()
        let context = try Context()
        let reports = Reports()
        let zap = try ZAPHandler(context: context, allowed: AllowedKeys([Curve.decode(friend.0)!])) { r in
            reports.list.withLock { $0.append(r) }
        }
        defer { zap.stop() }
        let socket = try Socket(context, .router)
        defer { socket.close() }
        try socket.set(.linger, 0)
        try socket.makeCurveServer(secretKey: server.1, domain: "volley")
        try socket.bind("tcp://127.0.0.1:*")
        let endpoint = try socket.lastEndpoint()

        #expect(try attempt(context, endpoint: endpoint, serverKey: server.0, keys: friend)?.kind == .handshakeSucceeded)
        for keys in [stranger, stranger, stranger, other] {
            let e = try attempt(context, endpoint: endpoint, serverKey: server.0, keys: keys)
            #expect(e?.kind == .handshakeFailedAuth && e?.value == 400, "\(String(describing: e))")
        }
        // Without CURVE the greeting already disagrees; ZAP is never asked.
        let plain = try attempt(context, endpoint: endpoint, serverKey: server.0, keys: nil)
        #expect(plain?.kind == .handshakeFailedProtocol && plain?.value == SocketMonitor.mechanismMismatch, "\(String(describing: plain))")
        #expect(zap.refused >= 4)
        let seen = reports.list.withLock { $0 }
        #expect(seen.map(\.key) == [stranger.0, other.0], "\(seen)")
        #expect(seen.allSatisfy { $0.address == "127.0.0.1" })
        #expect(seen.first?.description == "refused CURVE key \(stranger.0) from 127.0.0.1: not on the allow list")
    }
}
