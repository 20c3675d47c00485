// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Synchronization

/// Client keys a ZAP handler admits; shared with the thread that answers.
public final class AllowedKeys: Sendable {
    private let keys = Mutex<Set<[UInt8]>>([])

    public init(_ keys: [[UInt8]] = []) { add(keys) }

    /// Admits more keys (32 raw bytes each).
    public func add(_ more: [[UInt8]]) { keys.withLock { $0.formUnion(more) } }

    public func contains(_ key: [UInt8]) -> Bool { keys.withLock { $0.contains(key) } }

    public var count: Int { keys.withLock { $0.count } }
}

/// A ZAP handler (RFC 27) for one context: without one, a CURVE server admits any client that
/// knows its public key (ZEROMQ.md §3). It answers on `inproc://zeromq.zap.01` from a thread of
/// its own, admitting CURVE clients whose key is allowed, and counts the ones it turned away.
public final class ZAPHandler: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let refusedCount = Atomic<Int>(0)
    private let finished = Mutex<Bool>(false)
    private let startup = Mutex<Startup>(.pending)
    public let allowed: AllowedKeys

    private enum Startup: Sendable {
        case pending, ready, failed(ZMQError)
    }

    /// Binds the handler's socket now (so no handshake can slip past it), then answers on a
    /// thread until `stop()`.
    public init(context: Context, allowed: AllowedKeys) throws(ZMQError) {
        self.allowed = allowed
        let handler = self
        let thread = Thread { handler.serve(context: context) }
        thread.name = "zap"
        thread.start()
        while true {
            switch startup.withLock({ $0 }) {
            case .pending: usleep(200)
            case .ready: return
            case .failed(let error): throw error
            }
        }
    }

    /// Clients turned away so far.
    public var refused: Int { refusedCount.load(ordering: .relaxed) }

    /// Ends the thread (it notices within 100 ms); waits for it.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        while !finished.withLock({ $0 }) { usleep(1000) }
    }

    private func serve(context: Context) {
        defer { finished.withLock { $0 = true } }
        let socket: Socket
        do {
            socket = try Socket(context, .rep)
            try socket.set(.linger, 0)
            try socket.set(.receiveTimeout, 100)
            try socket.bind("inproc://zeromq.zap.01")
        } catch {
            startup.withLock { $0 = .failed(error) }
            return
        }
        startup.withLock { $0 = .ready }
        defer { socket.close() }
        while !stopping.load(ordering: .relaxed) {
            let request: [[UInt8]]?
            do { request = try socket.receiveFrames() } catch { return }
            guard let request else { continue }
            // version, request id, domain, address, identity, mechanism, credentials…
            let id = request.count > 1 ? request[1] : []
            var status = "400", text = "malformed ZAP request"
            if request.count >= 6, request[0] == Array("1.0".utf8) {
                let mechanism = String(decoding: request[5], as: UTF8.self)
                if mechanism == "CURVE", request.count >= 7, request[6].count == 32, allowed.contains(request[6]) {
                    status = "200"
                    text = "OK"
                } else {
                    text = mechanism == "CURVE" ? "key not allowed" : "\(mechanism) is not accepted"
                }
            }
            if status != "200" { refusedCount.add(1, ordering: .relaxed) }
            let reply: [[UInt8]] = [Array("1.0".utf8), id, Array(status.utf8), Array(text.utf8), [], []]
            _ = try? socket.send(frames: reply)
        }
    }
}
