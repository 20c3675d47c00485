// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyRuntime
import VolleyWire
import ZeroMQ

/// The coordinator's sockets: a ROUTER where workers register and take orders, and the
/// recorder's SUB, which listens to every shard's data like a worker that must not miss any.
public final class CoordinatorLink {
    private let context: Context
    private let control: ControlChannel
    private var recorder: DataSubscriber?
    private var poller: Poller
    private let security: LinkSecurity?
    private let zap: ZAPHandler?
    /// The control endpoint as bound.
    public let boundEndpoint: String

    /// Binds the control socket; with keys, every tcp link is CURVE and only the allowed client
    /// keys get in.
    public init(listen: String, runID: UInt64, security: LinkSecurity? = nil) throws {
        let context = try Context()
        self.context = context
        self.security = security
        // Refusals are printed whatever --quiet says: someone knocking with a wrong key is
        // worth knowing about.
        zap = try security.map { keys in
            try ZAPHandler(context: context, allowed: AllowedKeys(keys.authorizedRaw)) { refusal in
                Console.error("volley: \(refusal)\n")
            }
        }
        let router = try Socket(context, .router)
        try router.set(.routerMandatory, 1)
        try router.set(.linger, 1000)
        try security?.server(router, endpoint: listen)
        try router.bind(listen)
        boundEndpoint = try router.lastEndpoint()
        control = ControlChannel(socket: router, source: HelloTopic.coordinator) { runID }
        poller = Poller([router])
    }

    /// Sends to one worker; a worker that has gone away is not an error here (liveness is).
    public func send(_ message: ControlMessage, to worker: [UInt8]) {
        try? control.send(message, to: worker)
    }

    /// Subscribes the recorder to every shard's spikes (and samples) and connects to `endpoints`.
    public func record(
        runID: UInt64, shards: Int, samples: Bool, activations: Bool, weights: Bool = false, endpoints: [String]
    ) throws(TransportError) {
        do {
            let s = try DataSubscriber(
                context: context, id: HelloTopic.coordinator,
                topics: DataSubscriber.topics(
                    runID: runID, shards: Array(0..<shards), samples: samples, activations: activations, weights: weights))
            try s.connect(endpoints, security: security)
            recorder = s
            poller = Poller([control.socket, s.socket])
        } catch {
            throw .failed("connecting the recorder: \(error)")
        }
    }

    /// Waits up to `timeout` ms for anything, then returns the control messages that arrived.
    public func poll(timeout: Int) throws(TransportError) -> [ControlChannel.Received] {
        do { _ = try poller.wait(timeout: timeout) } catch { throw .failed("polling: \(error)") }
        var out: [ControlChannel.Received] = []
        while let r = try control.receive() { out.append(r) }
        return out
    }

    /// Feeds waiting data frames into `assembler`.
    public func drain(into assembler: inout EpochAssembler) throws(TransportError) {
        if let recorder { _ = try assembler.drain(recorder) }
    }

    public func close(linger: Int32) {
        try? control.socket.set(.linger, linger)
        control.socket.close()
        recorder?.socket.close()
        zap?.stop()
    }

    /// Clients the ZAP handler turned away so far (wrong or unknown keys).
    public var refusedClients: Int { zap?.refused ?? 0 }
}
