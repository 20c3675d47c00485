// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CZeroMQ

/// The libzmq socket types Volley uses.
public enum SocketType: Sendable {
    case pub, sub, xpub, xsub, router, dealer, req, rep, pair, push, pull

    var raw: Int32 {
        switch self {
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .xpub: ZMQ_XPUB
        case .xsub: ZMQ_XSUB
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        }
    }
}

/// A libzmq socket. Not thread-safe and deliberately not `Sendable`: a socket belongs to the
/// thread that made it (DESIGN §7). Options must be set before `bind`/`connect`, except
/// subscriptions, `linger` and the high-water marks.
public final class Socket {
    public let type: SocketType
    private let context: Context
    @usableFromInline var handle: UnsafeMutableRawPointer?

    public init(_ context: Context, _ type: SocketType) throws(ZMQError) {
        guard let h = zmq_socket(context.handle, type.raw) else {
            throw ZMQError(code: zmq_errno(), function: "zmq_socket")
        }
        self.context = context
        self.type = type
        self.handle = h
    }

    deinit { close() }

    /// Closes the socket; pending outgoing messages are kept for `linger` ms.
    public func close() {
        if let h = handle {
            zmq_close(h)
            handle = nil
        }
    }

    @usableFromInline var open: UnsafeMutableRawPointer {
        guard let h = handle else { preconditionFailure("use of a closed ZeroMQ socket") }
        return h
    }

    // MARK: Options

    public func set(_ option: IntOption, _ value: Int32) throws(ZMQError) {
        var v = value
        let h = open
        _ = try zmqCall("zmq_setsockopt") { zmq_setsockopt(h, option.raw, &v, MemoryLayout<Int32>.size) }
    }

    public func get(_ option: IntOption) throws(ZMQError) -> Int32 {
        var v: Int32 = 0
        var size = MemoryLayout<Int32>.size
        let h = open
        _ = try zmqCall("zmq_getsockopt") { zmq_getsockopt(h, option.raw, &v, &size) }
        return v
    }

    public func set(_ option: BytesOption, _ value: [UInt8]) throws(ZMQError) {
        let h = open
        let rc = value.withUnsafeBytes { zmq_setsockopt(h, option.raw, $0.baseAddress, $0.count) }
        if rc != 0 { throw ZMQError(code: zmq_errno(), function: "zmq_setsockopt") }
    }

    /// Subscribes a SUB/XSUB socket to messages starting with `prefix` (empty: all).
    public func subscribe(_ prefix: [UInt8]) throws(ZMQError) { try set(.subscribe, prefix) }

    /// The endpoint this socket bound last, with a wildcard port resolved (`tcp://0.0.0.0:41873`).
    public func lastEndpoint() throws(ZMQError) -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        let h = open
        _ = try zmqCall("zmq_getsockopt") { zmq_getsockopt(h, ZMQ_LAST_ENDPOINT, &buffer, &size) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Endpoints

    public func bind(_ endpoint: String) throws(ZMQError) {
        let h = open
        _ = try zmqCall("zmq_bind") { zmq_bind(h, endpoint) }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        let h = open
        _ = try zmqCall("zmq_connect") { zmq_connect(h, endpoint) }
    }

    public func disconnect(_ endpoint: String) throws(ZMQError) {
        let h = open
        _ = try zmqCall("zmq_disconnect") { zmq_disconnect(h, endpoint) }
    }

    // MARK: Sending and receiving

    /// Sends a copy of `bytes` as one frame; `false` if it would block (with `dontWait`, or when
    /// the send timeout expires).
    @discardableResult
    public func send(_ bytes: UnsafeRawBufferPointer, more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        let h = open
        return try zmqCall("zmq_send") { zmq_send(h, bytes.baseAddress, bytes.count, flags) } != nil
    }

    /// Sends a copy of `bytes` as one frame.
    @discardableResult
    public func send(_ bytes: [UInt8], more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let copy = try Message(bytes: bytes)
        return try send(copy, more: more, dontWait: dontWait)
    }

    /// Sends `message` without copying it; `false` if it would block (the message is then dropped).
    @discardableResult
    public func send(_ message: consuming Message, more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        let h = open
        let m = message.msg
        return try zmqCall("zmq_msg_send") { zmq_msg_send(m, h, flags) } != nil
    }

    /// Receives one frame into `message`; `false` if none is ready (with `dontWait`, or when the
    /// receive timeout expires).
    public func receive(into message: inout Message, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let h = open
        let m = message.msg
        return try zmqCall("zmq_msg_recv") { zmq_msg_recv(m, h, dontWait ? ZMQ_DONTWAIT : 0) } != nil
    }

    /// Receives all frames of one message as byte arrays, or `nil` if none is ready.
    public func receiveFrames(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        var message = Message()
        guard try receive(into: &message, dontWait: dontWait) else { return nil }
        frames.append(message.bytes)
        while message.hasMore {
            var next = Message()
            // The rest of a multipart message is already here: delivery is atomic.
            _ = try receive(into: &next)
            frames.append(next.bytes)
            message = next
        }
        return frames
    }

    /// Sends `frames` as one multipart message.
    public func send(frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) -> Bool {
        for (i, f) in frames.enumerated() {
            guard try send(f, more: i + 1 < frames.count, dontWait: dontWait) else { return false }
        }
        return true
    }
}

/// Integer socket options (C `int`).
public struct IntOption: Sendable {
    public let raw: Int32
    public init(_ raw: Int32) { self.raw = raw }

    /// How long (ms) unsent messages are kept after `close`; −1 forever, 0 not at all.
    public static let linger = IntOption(ZMQ_LINGER)
    public static let sendHighWaterMark = IntOption(ZMQ_SNDHWM)
    public static let receiveHighWaterMark = IntOption(ZMQ_RCVHWM)
    /// The kernel's socket buffers (SO_SNDBUF, SO_RCVBUF), in bytes.
    public static let sendBuffer = IntOption(ZMQ_SNDBUF)
    public static let receiveBuffer = IntOption(ZMQ_RCVBUF)
    /// Send/receive timeout in ms (−1: block).
    public static let sendTimeout = IntOption(ZMQ_SNDTIMEO)
    public static let receiveTimeout = IntOption(ZMQ_RCVTIMEO)
    /// XPUB: pass every subscription up, duplicates included.
    public static let xpubVerbose = IntOption(ZMQ_XPUB_VERBOSE)
    /// XPUB: block (or fail with EAGAIN) at the high-water mark instead of dropping.
    public static let xpubNoDrop = IntOption(ZMQ_XPUB_NODROP)
    /// ROUTER: fail with EHOSTUNREACH instead of dropping unroutable messages.
    public static let routerMandatory = IntOption(ZMQ_ROUTER_MANDATORY)
    public static let reconnectInterval = IntOption(ZMQ_RECONNECT_IVL)
    public static let reconnectIntervalMax = IntOption(ZMQ_RECONNECT_IVL_MAX)
    /// Queue messages only on completed connections.
    public static let immediate = IntOption(ZMQ_IMMEDIATE)
    public static let ipv6 = IntOption(ZMQ_IPV6)
    /// ZMTP heartbeats (ms) and the time without traffic after which a peer counts as gone.
    public static let heartbeatInterval = IntOption(ZMQ_HEARTBEAT_IVL)
    public static let heartbeatTimeout = IntOption(ZMQ_HEARTBEAT_TIMEOUT)
    /// The kernel's TCP keepalive (1 on), idle time before probes, probe interval (s), probes.
    public static let tcpKeepalive = IntOption(ZMQ_TCP_KEEPALIVE)
    public static let tcpKeepaliveIdle = IntOption(ZMQ_TCP_KEEPALIVE_IDLE)
    public static let tcpKeepaliveInterval = IntOption(ZMQ_TCP_KEEPALIVE_INTVL)
    public static let tcpKeepaliveCount = IntOption(ZMQ_TCP_KEEPALIVE_CNT)
    public static let curveServer = IntOption(ZMQ_CURVE_SERVER)
    /// Whether a frame of the last message received is followed by more.
    public static let receiveMore = IntOption(ZMQ_RCVMORE)
}

/// Binary and string socket options.
public struct BytesOption: Sendable {
    public let raw: Int32
    public init(_ raw: Int32) { self.raw = raw }

    public static let routingId = BytesOption(ZMQ_ROUTING_ID)
    public static let subscribe = BytesOption(ZMQ_SUBSCRIBE)
    public static let unsubscribe = BytesOption(ZMQ_UNSUBSCRIBE)
    public static let curvePublicKey = BytesOption(ZMQ_CURVE_PUBLICKEY)
    public static let curveSecretKey = BytesOption(ZMQ_CURVE_SECRETKEY)
    public static let curveServerKey = BytesOption(ZMQ_CURVE_SERVERKEY)
    public static let zapDomain = BytesOption(ZMQ_ZAP_DOMAIN)
}
