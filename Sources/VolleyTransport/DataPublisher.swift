// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire
import ZeroMQ

/// A worker's data socket: an XPUB that publishes one spikes frame per shard per epoch and sees
/// every subscription, so the worker knows when each subscriber is really listening
/// (ZEROMQ.md §2: no slow-joiner loss, no drop at the high-water mark).
public final class DataPublisher {
    public let socket: Socket
    /// The endpoint as bound (wildcard ports resolved).
    public let boundEndpoint: String
    private var sequence: [Int: UInt64] = [:]
    /// Sequence numbers of the frames beside the spikes (samples, activations, weights), per
    /// kind and shard.
    private var sideSequence: [FrameKind: [Int: UInt64]] = [:]
    /// The run the frames belong to (known once the worker is assigned).
    public var runID: UInt64
    /// Subscriber ids whose hello subscription has arrived.
    public private(set) var confirmed: Set<UInt32> = []
    /// Lossless taps whose hello arrived since the last `takeNewTaps()`.
    private var newTaps: [UInt32] = []
    /// Frames and spikes published per shard.
    public private(set) var sent: [Int: (frames: UInt64, spikes: UInt64)] = [:]
    /// A fault to inject, for tests of loss detection (`VOLLEY_FAULT`, see FaultInjection).
    private let fault = FaultInjection.fromEnvironment()
    private var held: [Int: [UInt8]] = [:]

    public init(context: Context, bind endpoint: String, runID: UInt64, security: LinkSecurity? = nil) throws {
        socket = try Socket(context, .xpub)
        try socket.set(.xpubVerbose, 1)
        try socket.set(.xpubNoDrop, 1)
        // In-flight frames are bounded by the release window; this only has to exceed it.
        try socket.set(.sendHighWaterMark, 1_000_000)
        try socket.set(.linger, 2000)
        try security?.server(socket, endpoint: endpoint)
        try socket.bind(endpoint)
        boundEndpoint = try socket.lastEndpoint()
        self.runID = runID
    }

    /// Reads pending subscription messages; returns whether any arrived.
    @discardableResult
    public func readSubscriptions() throws(ZMQError) -> Bool {
        var any = false
        while let frames = try socket.receiveFrames(dontWait: true) {
            any = true
            guard let f = frames.first, f.first == 1, let id = HelloTopic.subscriber(in: Array(f.dropFirst())) else { continue }
            if confirmed.insert(id).inserted && id >= TapTopic.firstID { newTaps.append(id) }
        }
        return any
    }

    /// Lossless taps that said hello since the last call.
    public func takeNewTaps() -> [UInt32] {
        defer { newTaps = [] }
        return newTaps
    }

    /// Publishes the spikes of `shard` for `epoch`, written straight into the message.
    public func publish(shard: Int, epoch: UInt64, spikes: [UInt64]) throws(TransportError) {
        let seq = sequence[shard, default: 0]
        var message: Message
        do { message = try Message(size: DataFrames.spikesSize(spikes.count)) } catch { throw .failed("\(error)") }
        let header = FrameHeader(kind: .spikes, runID: runID, source: UInt32(shard), count: 0, epoch: epoch, sequence: seq)
        message.withMutableBytes { DataFrames.writeSpikes(spikes, header: header, to: $0) }
        switch fault?.action(shard: shard, epoch: epoch) {
        case .drop?:
            break
        case .duplicate?:
            let copy: Message
            do { copy = try Message(bytes: message.bytes) } catch { throw .failed("\(error)") }
            try send(message, what: "spikes of shard \(shard), epoch \(epoch)")
            try send(copy, what: "spikes of shard \(shard), epoch \(epoch) (again)")
        case .hold?:
            held[shard] = message.bytes
        case nil:
            try send(message, what: "spikes of shard \(shard), epoch \(epoch)")
            // A held frame goes out after its shard's next one: reordered.
            if let h = held.removeValue(forKey: shard) {
                let late: Message
                do { late = try Message(bytes: h) } catch { throw .failed("\(error)") }
                try send(late, what: "a held frame of shard \(shard)")
            }
        }
        sequence[shard] = seq + 1
        var s = sent[shard] ?? (0, 0)
        s.frames += 1
        s.spikes += UInt64(spikes.count)
        sent[shard] = s
    }

    /// Publishes the activations of `shard` for `epoch` (one frame per shard and epoch, empty or
    /// not, before its spikes).
    public func publish(shard: Int, epoch: UInt64, activations: [ActivationEvent]) throws(TransportError) {
        try publishBeside(.activations, shard: shard, epoch: epoch, what: "activations") { DataFrames.encodeActivations(activations, header: $0) }
    }

    /// Publishes multimeter samples of `shard` for `epoch` (before its spikes).
    public func publish(shard: Int, epoch: UInt64, samples: [WireSample]) throws(TransportError) {
        try publishBeside(.samples, shard: shard, epoch: epoch, what: "samples") { DataFrames.encodeSamples(samples, header: $0) }
    }

    /// Publishes the weight records of `shard` for `epoch` (before its spikes).
    public func publish(shard: Int, epoch: UInt64, weights: [WeightRecord]) throws(TransportError) {
        try publishBeside(.weights, shard: shard, epoch: epoch, what: "weight records") { DataFrames.encodeWeights(weights, header: $0) }
    }

    /// A frame that travels beside a shard's spikes: its own sequence per kind and shard.
    private func publishBeside(
        _ kind: FrameKind, shard: Int, epoch: UInt64, what: String, encode: (FrameHeader) -> [UInt8]
    ) throws(TransportError) {
        let seq = sideSequence[kind, default: [:]][shard, default: 0]
        let bytes = encode(FrameHeader(kind: kind, runID: runID, source: UInt32(shard), count: 0, epoch: epoch, sequence: seq))
        let message: Message
        do { message = try Message(bytes: bytes) } catch { throw .failed("\(error)") }
        try send(message, what: "\(what) of shard \(shard), epoch \(epoch)")
        sideSequence[kind, default: [:]][shard] = seq + 1
    }

    private func send(_ message: consuming Message, what: String) throws(TransportError) {
        do {
            guard try socket.send(message) else { throw TransportError.failed("could not queue \(what)") }
        } catch let e as TransportError {
            throw e
        } catch {
            throw .failed("sending \(what): \(error)")
        }
    }
}

/// The subscription a subscriber adds last, after its data topics, to announce itself: since
/// a pipe delivers subscriptions in order, seeing it means the data topics are in place too.
public enum HelloTopic {
    /// "VOLYhi": the magic, then bytes no data frame has in its version field.
    static let prefix: [UInt8] = WireFormat.magic + Array("hi".utf8)

    /// The hello subscription of subscriber `id`.
    public static func topic(_ id: UInt32) -> [UInt8] {
        prefix + withUnsafeBytes(of: id.littleEndian) { Array($0) }
    }

    /// The subscriber id in a hello subscription, if it is one.
    public static func subscriber(in topic: [UInt8]) -> UInt32? {
        guard topic.count == prefix.count + 4, Array(topic.prefix(prefix.count)) == prefix else { return nil }
        return topic.suffix(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }

    /// The id the coordinator's recorder uses.
    public static let coordinator: UInt32 = 0xFFFF_FFFF
}
