// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CZeroMQ

/// A libzmq context. Contexts are thread-safe (unlike sockets); every socket keeps its context
/// alive, and the context terminates when the last reference goes.
public final class Context: @unchecked Sendable {
    @usableFromInline let handle: UnsafeMutableRawPointer

    /// A context with `ioThreads` I/O threads (one per GB/s of traffic is plenty).
    public init(ioThreads: Int32 = 1) throws(ZMQError) {
        guard let h = zmq_ctx_new() else { throw ZMQError(code: zmq_errno(), function: "zmq_ctx_new") }
        handle = h
        _ = try zmqCall("zmq_ctx_set") { zmq_ctx_set(h, ZMQ_IO_THREADS, ioThreads) }
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// The version of the libzmq library in use.
    public static var libraryVersion: (major: Int32, minor: Int32, patch: Int32) {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (major, minor, patch)
    }

    /// Whether libzmq was built with a capability ("curve", "ipc", "draft", …).
    public static func has(_ capability: String) -> Bool { zmq_has(capability) != 0 }
}
