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

/// A client a ZAP handler turned away.
public struct ZAPRefusal: Sendable, Equatable, CustomStringConvertible {
    /// The client's public key (Z85), for CURVE.
    public let key: String?
    /// The client's IP address as libzmq saw it.
    public let address: String
    public let mechanism: String

    public var description: String {
        if let key { return "refused CURVE key \(key) from \(address): not on the allow list" }
        return "refused a \(mechanism) connection from \(address)"
    }
}

/// A ZAP handler (RFC 27) for one context: without one, a CURVE server admits any client that
/// knows its public key (ZEROMQ.md §3). It answers on `inproc://zeromq.zap.01` from a thread of
/// its own, admitting CURVE clients whose key is allowed, and counts the ones it turned away.
public final class ZAPHandler: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let refusedCount = Atomic<Int>(0)
    private let finished = Mutex<Bool>(false)
    private let startup = Mutex<Startup>(.pending)
    private let reported = Mutex<Set<String>>([])
    private let onRefusal: (@Sendable (ZAPRefusal) -> Void)?
    public let allowed: AllowedKeys

    private enum Startup: Sendable {
        case pending, ready, failed(ZMQError)
    }

    /// Binds the handler's socket now (so no handshake can slip past it), then answers on a
    /// thread until `stop()`. `onRefusal` hears of each refused key and address once (on the
    /// handler's thread): a refused client reconnects every 100 ms, which must not flood a log.
    public init(context: Context, allowed: AllowedKeys, onRefusal: (@Sendable (ZAPRefusal) -> Void)? = nil) throws(ZMQError) {
        self.allowed = allowed
        self.onRefusal = onRefusal
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
            if status != "200" {
                refusedCount.add(1, ordering: .relaxed)
                if request.count >= 6 { report(request) }
            }
            let reply: [[UInt8]] = [Array("1.0".utf8), id, Array(status.utf8), Array(text.utf8), [], []]
            _ = try? socket.send(frames: reply)
        }
    }

    private func report(_ request: [[UInt8]]) {
        let mechanism = String(decoding: request[5], as: UTF8.self)
        let key = mechanism == "CURVE" && request.count >= 7 ? Curve.encode(request[6]) : nil
        let refusal = ZAPRefusal(key: key, address: String(decoding: request[3], as: UTF8.self), mechanism: mechanism)
        // Bounded, so that a stranger trying many keys cannot grow it without end.
        let first = reported.withLock { $0.count < 1024 && $0.insert("\(refusal)").inserted }
        if first { onRefusal?(refusal) }
    }
}
