// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One peer's liveness as a protocol machine keeps it: when our next heartbeat is due, and
/// whether the peer has been silent too long. Time is passed in, so the machines stay pure and
/// every process kind applies the same rule (`silent` is strictly longer than the timeout, a
/// heartbeat is due once a full interval has passed).
public struct Liveness: Sendable, Equatable {
    /// Seconds between our heartbeats.
    public let heartbeatInterval: Double
    /// Seconds without a word from a peer that was heard before it counts as gone.
    public let timeout: Double
    /// When the peer last said anything; nil while it never has (before that, silence is a
    /// join timeout's business: the peer may not be there yet).
    public private(set) var lastSeen: Double?
    /// When our last heartbeat went out; nil before the first.
    public private(set) var lastHeartbeat: Double?

    public init(heartbeatInterval: Double = 0.25, timeout: Double = 3) {
        self.heartbeatInterval = heartbeatInterval
        self.timeout = timeout
    }

    /// The peer said something (any message counts, not only heartbeats).
    public mutating func seen(now: Double) { lastSeen = now }

    /// Whether the peer has been heard at all.
    public var heard: Bool { lastSeen != nil }

    /// Seconds since the peer was last heard; nil if it never was.
    public func silence(now: Double) -> Double? { lastSeen.map { now - $0 } }

    /// Whether a peer that was heard has since been silent for longer than the timeout.
    public func silent(now: Double) -> Bool { silence(now: now).map { $0 > timeout } ?? false }

    /// Whether a heartbeat is due now; if it is, it counts as sent.
    public mutating func heartbeatDue(now: Double) -> Bool {
        if let last = lastHeartbeat, now - last < heartbeatInterval { return false }
        lastHeartbeat = now
        return true
    }
}
