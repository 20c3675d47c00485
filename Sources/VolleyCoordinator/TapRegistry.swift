// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// The taps a coordinator knows: who they are, which workers have seen their subscriptions, and
/// how far each lossless one has written (the run never releases further ahead of the slowest).
public struct TapRegistry: Sendable {
    /// A tap as the coordinator knows it.
    public struct Tap: Sendable {
        public var routingID: [UInt8]
        public var id: UInt32
        public var hello: TapHello
        /// When it was last heard from (any message).
        public var liveness: Liveness
        /// When it was told where the workers are (nil: not yet, the workers have not all joined).
        public var welcomedAt: Double?
        /// Workers that have seen its subscription.
        public var joinedBy: Set<UInt32> = []
        /// Lossless taps: epochs below this are written. Counts once every worker has seen it.
        public var through: UInt64 = 0
        public var active = false

        /// "lossless tap 2147483649 (pid 77 on node-c)".
        public var description: String {
            "\(hello.lossless ? "lossless tap" : "tap") \(id) (pid \(hello.pid) on \(hello.host))"
        }
    }

    public private(set) var taps: [Tap] = []
    private var nextID = TapTopic.firstID

    public init() {}

    /// Adds a tap; returns its id.
    public mutating func register(_ hello: TapHello, from routingID: [UInt8], now: Double, liveness: Liveness) -> UInt32 {
        if let i = index(routingID) { return taps[i].id }
        let id = nextID
        nextID += 1
        var heard = liveness
        heard.seen(now: now)
        taps.append(Tap(routingID: routingID, id: id, hello: hello, liveness: heard))
        return id
    }

    public func index(_ routingID: [UInt8]) -> Int? { taps.firstIndex { $0.routingID == routingID } }

    public mutating func seen(_ routingID: [UInt8], now: Double) {
        if let i = index(routingID) { taps[i].liveness.seen(now: now) }
    }

    public mutating func welcomed(_ i: Int, now: Double) { taps[i].welcomedAt = now }

    /// Worker `worker` has seen tap `id`; returns the tap's index if that made it active (every
    /// one of `workers` has seen it). A lossless tap joining mid-run is held to what it writes
    /// from `recorded` on.
    public mutating func joined(tap id: UInt32, worker: UInt32, workers: Int, recorded: UInt64) -> Int? {
        guard let i = taps.firstIndex(where: { $0.id == id }) else { return nil }
        taps[i].joinedBy.insert(worker)
        guard !taps[i].active, taps[i].joinedBy.count == workers else { return nil }
        taps[i].active = true
        taps[i].through = recorded
        return i
    }

    public mutating func recorded(_ routingID: [UInt8], through: UInt64) {
        if let i = index(routingID) { taps[i].through = max(taps[i].through, through) }
    }

    @discardableResult
    public mutating func remove(at i: Int) -> Tap { taps.remove(at: i) }

    /// Whether every welcomed tap has been seen by every worker (the first epoch waits for it,
    /// so a tap that is there at the start sees the start).
    public var allActive: Bool { taps.allSatisfy { $0.welcomedAt == nil || $0.active } }

    /// How far the run may count as recorded: the coordinator's own recording, held back by the
    /// slowest active lossless tap.
    public func progress(recorded: UInt64) -> UInt64 {
        taps.filter { $0.hello.lossless && $0.active }.reduce(recorded) { min($0, $1.through) }
    }
}
