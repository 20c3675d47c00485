// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit
import VolleyWire
import VolleyTransport
import ZeroMQ

/// Key directories as `volley keys` writes them, and the protected-mode rule.
@Suite struct KeyDirectoryTests {
    @Test func generatedKeysLoadAndBelongTogether() throws {
        let dir = try VolleyProcess.temporaryDirectory() + "/keys"
        try KeyDirectory.generate(in: dir)
        let keys = try KeyDirectory.load(dir)
        #expect(Curve.publicKey(ofSecret: keys.serverSecret!) == keys.serverPublic)
        #expect(keys.authorized == [keys.clientPublic])
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/server.secret")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: SecurityError.self) { try KeyDirectory.generate(in: dir) }
    }

    @Test func anAddedClientIsAdmittedAndCarriesNoServerSecret() throws {
        let dir = try VolleyProcess.temporaryDirectory() + "/keys"
        try KeyDirectory.generate(in: dir)
        let alice = try KeyDirectory.add(client: "alice", in: dir)
        let theirs = try KeyDirectory.load(alice)
        #expect(theirs.serverSecret == nil)
        #expect(theirs.serverPublic == (try KeyDirectory.load(dir)).serverPublic)
        #expect(try KeyDirectory.load(dir).authorized.contains(theirs.clientPublic))
        #expect(throws: SecurityError.self) { try KeyDirectory.add(client: "../x", in: dir) }
    }

    /// Z85's alphabet has '#': a key with one is still a key, not a comment.
    @Test func keysWithAHashAreReadWhole() throws {
        let dir = try VolleyProcess.temporaryDirectory() + "/keys"
        try KeyDirectory.generate(in: dir)
        var hashed: String?
        for _ in 0..<200 where hashed == nil {
            let k = try Curve.keyPair().publicKey
            if k.dropFirst().contains("#") { hashed = k }
        }
        let key = try #require(hashed)
        let path = dir + "/authorized_keys"
        let text = try String(contentsOfFile: path, encoding: .utf8) + "# a comment line\n\(key)  # bob\n\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try KeyDirectory.load(dir).authorized.last == key)
        try (text + "not-a-key\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try KeyDirectory.load(dir)
            Issue.record("a malformed line was accepted")
        } catch {
            #expect("\(error)".contains("line 6"))
        }
    }

    /// podman's `kube play` truncates a key file, then writes it again, under pods that already
    /// run: a file found empty is read again, and one that stays wrong is named with what it held
    /// (never its text) and what may have left it so.
    @Test func anEmptyKeyFileIsReadAgainThenNamed() throws {
        let dir = try VolleyProcess.temporaryDirectory() + "/keys"
        try KeyDirectory.generate(in: dir)
        let path = dir + "/server.secret"
        let key = try String(contentsOfFile: path, encoding: .utf8)
        try "".write(toFile: path, atomically: false, encoding: .utf8)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) {
            try? key.write(toFile: path, atomically: false, encoding: .utf8)
        }
        #expect(try KeyDirectory.load(dir).serverSecret == key.trimmingCharacters(in: .whitespacesAndNewlines))

        try "".write(toFile: path, atomically: false, encoding: .utf8)
        let empty = #expect(throws: SecurityError.self) { try KeyDirectory.load(dir) }.map { "\($0)" } ?? ""
        #expect(empty.contains("\(path) does not hold a Z85 CURVE key") && empty.contains("empty") && empty.contains("stale"),
                "\(empty)")
        try String(key.prefix(12)).write(toFile: path, atomically: false, encoding: .utf8)
        let short = #expect(throws: SecurityError.self) { try KeyDirectory.load(dir) }.map { "\($0)" } ?? ""
        #expect(short.contains("holds 12 characters") && !short.contains(String(key.prefix(12))), "\(short)")
    }

    @Test func openTcpOnReachableAddressesNeedsKeysOrInsecure() throws {
        #expect(Endpoints.isLoopback("tcp://127.0.0.1:5555") && Endpoints.isLoopback("tcp://localhost:1") && Endpoints.isLoopback("tcp://[::1]:1"))
        #expect(!Endpoints.isLoopback("tcp://0.0.0.0:5555") && !Endpoints.isLoopback("tcp://*:*") && !Endpoints.isLoopback("tcp://10.0.0.1:1"))
        #expect(try LinkSecurity.check(bind: "tcp://127.0.0.1:*", security: nil, insecure: false) == nil)
        #expect(try LinkSecurity.check(bind: "ipc:///tmp/x.ipc", security: nil, insecure: false) == nil)
        #expect(throws: SecurityError.self) { try LinkSecurity.check(bind: "tcp://*:*", security: nil, insecure: false) }
        #expect(try LinkSecurity.check(bind: "tcp://*:*", security: nil, insecure: true)?.contains("warning") == true)
        let dir = try VolleyProcess.temporaryDirectory() + "/keys"
        try KeyDirectory.generate(in: dir)
        #expect(try LinkSecurity.check(bind: "tcp://*:*", security: KeyDirectory.load(dir), insecure: false) == nil)
    }
}

/// A SUB resends the subscriptions it made before connecting in byte order: readiness relies on
/// every data topic sorting before the hello topic (docs/wire-format.md).
@Suite struct SubscriptionOrderTests {
    @Test func dataTopicsSortBeforeTheHello() {
        let hello = HelloTopic.topic(0)
        for kind in [FrameKind.spikes, .samples, .activations] {
            let topic = FrameHeader.topic(kind: kind, runID: .max, source: .max)
            #expect(topic.lexicographicallyPrecedes(hello), "\(kind)")
        }
    }
}
