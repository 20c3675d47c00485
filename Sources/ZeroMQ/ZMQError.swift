// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CZeroMQ

/// A libzmq call that failed: the call's name and `zmq_errno()` read right after it.
public struct ZMQError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The errno value (`EAGAIN`, `ETERM`, `EHOSTUNREACH`, …).
    public let code: Int32
    /// The libzmq function that failed.
    public let function: String

    public var description: String { "\(function): \(String(cString: zmq_strerror(code))) (errno \(code))" }

    /// The context is shutting down.
    public var isTerminated: Bool { code == ETERM }
}

/// The one place libzmq return codes become Swift errors (STYLE: quarantine C): retries on
/// `EINTR`, returns `nil` for `EAGAIN` (a full queue or an empty one is not an error), and
/// throws `ZMQError` for everything else.
func zmqCall(_ function: StaticString, _ call: () -> Int32) throws(ZMQError) -> Int32? {
    while true {
        let rc = call()
        if rc >= 0 { return rc }
        let code = zmq_errno()
        if code == EINTR { continue }
        if code == EAGAIN { return nil }
        throw ZMQError(code: code, function: "\(function)")
    }
}
