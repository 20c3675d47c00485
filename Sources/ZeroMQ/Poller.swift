// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CZeroMQ

/// Waits on several sockets at once with `zmq_poll` (the `zmq_poller_*` API is a draft that
/// Debian's libzmq does not export). The item array is allocated once.
public final class Poller {
    private let sockets: [Socket]
    private var items: [zmq_pollitem_t]

    /// Polls `sockets` for readability.
    public init(_ sockets: [Socket]) {
        self.sockets = sockets
        items = sockets.map { zmq_pollitem_t(socket: $0.open, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    }

    /// Waits up to `timeout` ms (−1: forever) and returns, per socket, whether it has a
    /// message to read.
    public func wait(timeout: Int) throws(ZMQError) -> [Bool] {
        for i in items.indices { items[i].revents = 0 }
        let n = items.count
        _ = try items.withUnsafeMutableBufferPointer { (p: inout UnsafeMutableBufferPointer<zmq_pollitem_t>) throws(ZMQError) -> Int32? in
            let base = p.baseAddress
            return try zmqCall("zmq_poll") { zmq_poll(base, Int32(n), timeout) }
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }

    /// The sockets, in the order `wait` reports them.
    public var polled: [Socket] { sockets }
}
