// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire
import ZeroMQ

/// A SUB socket for other workers' data: it subscribes to its topics, then to its own hello
/// topic, and only then connects, so each publisher sees the data topics before the hello.
public final class DataSubscriber {
    public let socket: Socket

    /// Subscribes to `topics` and announces itself as `id`; call `connect` next.
    public init(context: Context, id: UInt32, topics: [[UInt8]]) throws(ZMQError) {
        socket = try Socket(context, .sub)
        try socket.set(.receiveHighWaterMark, 1_000_000)
        try socket.set(.linger, 0)
        // Reconnect fast: readiness waits for every connection (ZEROMQ.md §5.5).
        try socket.set(.reconnectInterval, 10)
        for t in topics { try socket.subscribe(t) }
        try socket.subscribe(HelloTopic.topic(id))
    }

    /// Connects to every endpoint; over tcp with keys, as a CURVE client of the run's servers.
    public func connect(_ endpoints: [String], security: LinkSecurity? = nil) throws {
        if let security, let first = endpoints.first { try security.client(socket, endpoint: first) }
        for e in endpoints { try socket.connect(e) }
    }

    /// The topics of spikes (and samples, activations and weight records) frames from `shards` in
    /// run `runID`.
    public static func topics(runID: UInt64, shards: [Int], samples: Bool, activations: Bool = false, weights: Bool = false) -> [[UInt8]] {
        var t = shards.map { FrameHeader.topic(kind: .spikes, runID: runID, source: UInt32($0)) }
        if samples { t += shards.map { FrameHeader.topic(kind: .samples, runID: runID, source: UInt32($0)) } }
        if weights { t += shards.map { FrameHeader.topic(kind: .weights, runID: runID, source: UInt32($0)) } }
        if activations { t += shards.map { FrameHeader.topic(kind: .activations, runID: runID, source: UInt32($0)) } }
        return t
    }
}

/// Feeds every data frame waiting on a subscriber into an assembler; returns how many it took.
extension EpochAssembler {
    public mutating func drain(_ subscriber: DataSubscriber) throws(TransportError) -> Int {
        var n = 0
        var message = Message()
        while true {
            let got: Bool
            do { got = try subscriber.socket.receive(into: &message, dontWait: true) } catch {
                throw .failed("receiving data: \(error)")
            }
            if !got { return n }
            // withBytes rethrows untyped errors; carry the typed one out by hand.
            var failure: TransportError?
            message.withBytes { b in
                do throws(TransportError) {
                    guard b.count > 6 else { throw .malformed(peer: "a peer", .truncated(needed: WireFormat.headerSize, got: b.count)) }
                    switch b[6] {
                    case FrameKind.samples.rawValue: try accept(samples: b)
                    case FrameKind.weights.rawValue: try accept(weights: b)
                    case FrameKind.activations.rawValue: try accept(activations: b)
                    default: try accept(spikes: b)
                    }
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            n += 1
        }
    }
}
