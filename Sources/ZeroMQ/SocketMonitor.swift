// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CZeroMQ

/// A socket's connection events (`zmq_socket_monitor`), read without waiting: the only way a
/// connecting socket learns why its peer will not talk to it (a refused CURVE key, another
/// security mechanism) rather than just hearing nothing.
public final class SocketMonitor {
    /// One event as libzmq reports it.
    public struct Event: Sendable, Equatable {
        public let kind: Kind
        /// The event's value: a ZAP status code (`handshakeFailedAuth`), a protocol error code
        /// (`handshakeFailedProtocol`), otherwise a file descriptor or errno.
        public let value: UInt32
        /// The endpoint the event concerns.
        public let endpoint: String
    }

    /// The events Volley acts on; the rest are `other`.
    public enum Kind: Sendable, Equatable {
        case connected, disconnected, handshakeSucceeded
        /// The server's ZAP handler refused this client (value: the status code, 300–500).
        case handshakeFailedAuth
        /// The handshake broke the protocol (value: a `ZMQ_PROTOCOL_ERROR_*` code).
        case handshakeFailedProtocol
        case handshakeFailedNoDetail
        case other(UInt16)

        init(_ raw: UInt16) {
            switch Int32(raw) {
            case ZMQ_EVENT_CONNECTED: self = .connected
            case ZMQ_EVENT_DISCONNECTED: self = .disconnected
            case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: self = .handshakeSucceeded
            case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: self = .handshakeFailedAuth
            case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: self = .handshakeFailedProtocol
            case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: self = .handshakeFailedNoDetail
            default: self = .other(raw)
            }
        }
    }

    /// `ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH`: the peers use different security mechanisms.
    public static let mechanismMismatch = UInt32(ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH)

    private let pair: Socket

    /// Starts monitoring `socket` (connection and handshake events); `socket` must belong to
    /// `context` and the monitor to the thread that owns the socket.
    public init(_ socket: Socket, context: Context) throws(ZMQError) {
        let address = "inproc://zeromq.monitor.\(UInt(bitPattern: socket.open)).\(UInt32.random(in: 0 ... .max))"
        let events = ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED
            | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
        let h = socket.open
        _ = try zmqCall("zmq_socket_monitor") { zmq_socket_monitor(h, address, events) }
        pair = try Socket(context, .pair)
        try pair.set(.linger, 0)
        try pair.connect(address)
    }

    /// The next event, or nil if none is waiting.
    public func next() throws(ZMQError) -> Event? {
        guard let frames = try pair.receiveFrames(dontWait: true), frames.count >= 2, frames[0].count >= 6 else { return nil }
        let f = frames[0]
        // Native byte order: the event is a uint16_t and the value a uint32_t written by memcpy.
        let raw = f.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: UInt16.self) }
        let value = f.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self) }
        return Event(kind: Kind(raw), value: value, endpoint: String(decoding: frames[1], as: UTF8.self))
    }

    public func close() { pair.close() }
}
