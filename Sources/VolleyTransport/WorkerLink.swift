// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyRuntime
import VolleyWire
import ZeroMQ

/// A worker's sockets: a DEALER to the coordinator, an XPUB for its shards' data, and (once it
/// knows its peers) a SUB for theirs. The worker shell talks to the network only through this.
public final class WorkerLink {
    private let context: Context
    private let control: ControlChannel
    public let publisher: DataPublisher
    /// The tap socket: what analysts subscribe to.
    public let taps: TapPublisher
    /// Taps (lossless or not) that reached this worker and are not yet reported.
    private var joinedTaps: [UInt32] = []
    private var subscriber: DataSubscriber?
    private var poller: Poller
    private var dataPoller: Poller?
    private let security: LinkSecurity?
    private let zap: ZAPHandler?
    private let handshake: HandshakeWatch

    /// Connects to the coordinator and binds the data and tap sockets.
    public init(coordinator: String, dataBind: String, tapBind: String, tapHighWaterMark: Int32, security: LinkSecurity? = nil) throws {
        let context = try Context()
        self.context = context
        self.security = security
        zap = try security.map { keys in
            try ZAPHandler(context: context, allowed: AllowedKeys(keys.authorizedRaw)) { refusal in
                Console.error("volley worker: \(refusal)\n")
            }
        }
        let dealer = try Socket(context, .dealer)
        try dealer.set(.linger, 1000)
        // A send never blocks for long: with no connection (a refused handshake), it would forever.
        try dealer.set(.sendTimeout, 1000)
        try security?.client(dealer, endpoint: coordinator)
        handshake = try HandshakeWatch(dealer, context: context, endpoint: coordinator, security: security, role: "worker")
        try dealer.connect(coordinator)
        publisher = try DataPublisher(context: context, bind: dataBind, runID: 0, security: security)
        taps = try TapPublisher(context: context, bind: tapBind, highWaterMark: tapHighWaterMark, security: security)
        let pub = publisher
        control = ControlChannel(socket: dealer, source: 0) { pub.runID }
        poller = Poller([dealer, publisher.socket, taps.socket])
    }

    /// Admits more client keys (the coordinator's allow list, which names the taps too).
    public func allow(keys: [String]) {
        zap?.allowed.add(keys.compactMap(Curve.decode))
    }

    /// Reads the tap socket's subscriptions (cheap when there are none).
    public func readTapSubscriptions() throws(TransportError) {
        do { joinedTaps += try taps.readSubscriptions() } catch { throw .failed("reading tap subscriptions: \(error)") }
    }

    /// Taps that reached this worker since the last call: on the tap socket, or (lossless) on
    /// the data socket.
    public func takeJoinedTaps() -> [UInt32] {
        defer { joinedTaps = [] }
        return joinedTaps + publisher.takeNewTaps()
    }

    /// Why the coordinator will never admit this worker (a refused key, keys on one side
    /// only), once the handshake has shown it; nil otherwise.
    public func refusal() throws(TransportError) -> String? {
        do { return try handshake.conclusion() } catch { throw .failed("reading the control socket's events: \(error)") }
    }

    /// The data socket's endpoint as bound.
    public var boundDataEndpoint: String { publisher.boundEndpoint }

    public func send(_ message: ControlMessage) throws(TransportError) { try control.send(message) }

    /// Subscribes to `sources` of run `runID` as subscriber `id` and connects to `endpoints`.
    public func subscribe(runID: UInt64, id: UInt32, sources: [Int], activations: Bool, endpoints: [String]) throws(TransportError) {
        do {
            let s = try DataSubscriber(
                context: context, id: id, topics: DataSubscriber.topics(runID: runID, shards: sources, samples: false, activations: activations))
            try s.connect(endpoints, security: security)
            subscriber = s
            dataPoller = Poller([control.socket, publisher.socket, taps.socket, s.socket])
        } catch {
            throw .failed("subscribing to peers: \(error)")
        }
    }

    /// Waits up to `timeout` ms for control traffic (or data, with `data`), then returns the
    /// control messages that arrived; subscriptions are recorded on the way.
    public func poll(timeout: Int, data: Bool = false) throws(TransportError) -> [ControlChannel.Received] {
        do {
            _ = try (data ? dataPoller ?? poller : poller).wait(timeout: timeout)
            try publisher.readSubscriptions()
            joinedTaps += try taps.readSubscriptions()
        } catch {
            throw .failed("polling: \(error)")
        }
        var out: [ControlChannel.Received] = []
        while let r = try control.receive() { out.append(r) }
        return out
    }

    /// Feeds waiting data frames into `assembler`.
    public func drain(into assembler: inout EpochAssembler) throws(TransportError) {
        if let subscriber { _ = try assembler.drain(subscriber) }
    }

    /// Closes every socket, keeping unsent messages for `linger` ms.
    public func close(linger: Int32) {
        try? control.socket.set(.linger, linger)
        try? publisher.socket.set(.linger, linger)
        handshake.close()
        control.socket.close()
        publisher.socket.close()
        taps.close()
        zap?.stop()
        subscriber?.socket.close()
    }
}
