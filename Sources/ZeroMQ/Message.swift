// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CZeroMQ

/// One libzmq message frame, owned and never copied. The `zmq_msg_t` lives on the heap: small
/// messages keep their bytes inside it, so moving it bitwise would break `zmq_msg_data`.
public struct Message: ~Copyable {
    @usableFromInline let msg: UnsafeMutablePointer<zmq_msg_t>

    /// An empty message (to receive into).
    public init() {
        msg = .allocate(capacity: 1)
        zmq_msg_init(msg)
    }

    /// A message of `size` bytes to fill in place before sending (zero copies).
    public init(size: Int) throws(ZMQError) {
        msg = .allocate(capacity: 1)
        if zmq_msg_init_size(msg, size) != 0 {
            let code = zmq_errno()
            msg.deallocate()
            throw ZMQError(code: code, function: "zmq_msg_init_size")
        }
    }

    /// A message holding a copy of `bytes`.
    public init(bytes: [UInt8]) throws(ZMQError) {
        try self.init(size: bytes.count)
        let m = msg
        if !bytes.isEmpty { bytes.withUnsafeBytes { zmq_msg_data(m).copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
    }

    /// A message holding a copy of `bytes`.
    public init(bytes: UnsafeRawBufferPointer) throws(ZMQError) {
        try self.init(size: bytes.count)
        if !bytes.isEmpty { zmq_msg_data(msg).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
    }

    deinit {
        zmq_msg_close(msg)
        msg.deallocate()
    }

    /// The number of bytes.
    public var count: Int { zmq_msg_size(msg) }

    /// Whether more frames of the same multipart message follow.
    public var hasMore: Bool { zmq_msg_more(msg) != 0 }

    /// Reads the bytes in place.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: zmq_msg_data(msg), count: count))
    }

    /// Writes the bytes in place (before sending).
    public mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: zmq_msg_data(msg), count: count))
    }

    /// A copy of the bytes.
    public var bytes: [UInt8] { withBytes { Array($0) } }
}
