// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VolleyRuntime
import VolleyTap
import VolleyWire
import ZeroMQ

/// The analyst's end of a tap: registers with the coordinator, learns where the workers are,
/// subscribes (to the tap sockets, filtered there; or, lossless, to the data sockets, waited
/// for like a worker) and hands over decoded frames. One thread owns it; its control channel
/// (`TapControlLoop`, `TapMachine`) runs on a thread of its own, so the coordinator hears from
/// the tap however long the consumer takes over an epoch.
public final class TapClient {
    /// Where the run is, as far as the tap knows.
    public enum State: Equatable, Sendable {
        case running
        /// The coordinator says every epoch is recorded.
        case finished
        /// The run failed, or the coordinator turned this tap away, or went silent.
        case ended(String)
    }

    public let lossless: Bool
    public let filter: TapFilter
    private let context: Context
    private let control: TapControlLoop
    private var data: Socket?
    private var poller: Poller?
    public private(set) var welcome: TapWelcome?
    private let receiveHighWaterMark: Int32
    private let security: LinkSecurity?
    private var closed = false

    /// `livenessTimeout`: seconds of silence after which the coordinator counts as gone.
    /// `consumerTimeout`: a consumer that calls none of this client's methods for this long
    /// counts as hung; heartbeats stop and the coordinator drops the tap (nil: never).
    public init(
        coordinator: String, lossless: Bool, filter: TapFilter, receiveHighWaterMark: Int32 = 1000, livenessTimeout: Double = 3,
        consumerTimeout: Double? = 30, security: LinkSecurity? = nil
    ) throws(TransportError) {
        self.security = security
        self.lossless = lossless
        self.filter = filter
        self.receiveHighWaterMark = receiveHighWaterMark
        do {
            context = try Context()
        } catch {
            throw .failed("connecting to the coordinator at \(coordinator): \(error)")
        }
        let hello = TapHello(
            volleyVersion: volleyVersion, pid: getpid(), host: Endpoints.hostName(), lossless: lossless)
        control = try TapControlLoop(
            context: context, coordinator: coordinator, security: security,
            machine: TapMachine(hello: hello, livenessTimeout: livenessTimeout, consumerTimeout: consumerTimeout))
    }

    // A client dropped without `close()` must not leave its control thread heartbeating for a
    // tap no one reads (a lossless run would wait for it).
    deinit { close() }

    /// The run's state: read from the control thread, so it changes between calls.
    public var state: State {
        let s = control.status
        if let failure = s.failure { return .ended(failure.description) }
        if let broken = s.broken { return .ended(broken) }
        return s.phase == .finished ? .finished : .running
    }

    /// Waits for the coordinator's welcome (it comes once every worker has joined), then
    /// subscribes. Throws if the coordinator refuses, or is silent for `timeout` seconds; after
    /// a timeout the tap keeps its place and may wait again.
    public func join(timeout: Double) throws(TransportError) -> TapWelcome {
        if let welcome { return welcome }
        let overdue = control.status.overdue
        control.post(.awaitWelcome(timeout: timeout))
        while true {
            let s = control.status
            if let w = s.welcome {
                try subscribe(w)
                welcome = w
                return w
            }
            if case .linkRefused(let why)? = s.failure { throw .failed(why) }
            if let failure = s.failure { throw .aborted(reason: failure.description) }
            if let broken = s.broken { throw .failed(broken) }
            if s.overdue > overdue {
                let hint = JoinSilence.hint(role: "tap", security: security)
                throw .timeout(what: "the coordinator's welcome (\(hint))", seconds: timeout)
            }
            usleep(2_000)
        }
    }

    private func subscribe(_ w: TapWelcome) throws(TransportError) {
        do {
            let s = try Socket(context, .sub)
            try s.set(.receiveHighWaterMark, receiveHighWaterMark)
            if !lossless { try s.set(.receiveBuffer, 128 * 1024) }
            try s.set(.linger, 0)
            try s.set(.reconnectInterval, 10)
            if lossless {
                let topics = DataSubscriber.topics(
                    runID: w.runID, shards: Array(0..<w.shards), samples: filter.wants(.samples) && w.catalog.samples,
                    activations: filter.wants(.activations) && !w.catalog.heads.isEmpty, weights: filter.wants(.weights) && w.catalog.weights)
                // Spikes are always taken: they are the clock the assembler settles epochs by.
                let all = filter.wants(.spikes) ? topics : topics + DataSubscriber.topics(runID: w.runID, shards: Array(0..<w.shards), samples: false)
                for t in all { try s.subscribe(t) }
                try s.subscribe(HelloTopic.topic(w.tap))
                if let security, let first = w.workers.first { try security.client(s, endpoint: first.dataEndpoint) }
                for p in w.workers { try s.connect(p.dataEndpoint) }
            } else {
                let json = try JSONEncoder().encode(filter)
                // The worker serves the tap once it has both (a SUB resends its subscriptions
                // sorted, so their order on the wire is not the order made here).
                try s.subscribe(TapTopic.data(tap: w.tap))
                try s.subscribe(TapTopic.filter(tap: w.tap, json: Array(json)))
                if let security, let first = w.workers.first { try security.client(s, endpoint: first.tapEndpoint) }
                for p in w.workers {
                    guard !p.tapEndpoint.isEmpty else { throw TransportError.failed("worker \(p.worker) has no tap socket (an older volley?)") }
                    try s.connect(p.tapEndpoint)
                }
            }
            data = s
            poller = Poller([s])
        } catch let e as TransportError {
            throw e
        } catch {
            throw .failed("subscribing to the workers: \(error)")
        }
    }

    /// Waits up to `timeout` ms, then hands up to `limit` waiting frames to `body`; returns the
    /// run's state. The limit keeps a slow consumer's backlog in the sockets' bounded queues,
    /// where it turns into counted losses, rather than in this process's memory.
    public func receive(timeout: Int, limit: Int = 256, _ body: (TapFrame) throws -> Void) throws -> State {
        control.post(.consumerActive)
        guard let data, let poller, let w = welcome else {
            usleep(UInt32(max(timeout, 0)) * 1000)
            return state
        }
        _ = try poller.wait(timeout: timeout)
        var message = Message()
        var taken = 0
        while taken < limit, try data.receive(into: &message, dontWait: true) {
            taken += 1
            if message.hasMore {
                // A tap frame: the topic, then the frame.
                _ = try data.receive(into: &message)
            }
            let decoded = message.withBytes { TapFrame.decode($0) }
            switch decoded {
            case .success(let frame):
                guard frame.header.runID == w.runID else { continue }
                try body(frame)
            case .failure(let error):
                throw TransportError.failed("a malformed frame from a worker: \(error)")
            }
        }
        return state
    }

    /// Tells the coordinator that every epoch below `through` is written (lossless taps hold the
    /// run back to this; other taps only let the end of the run wait briefly for them).
    public func report(through: UInt64) {
        control.post(.consumed(through: through))
    }

    /// Says goodbye: a lossless tap is no longer waited for.
    public func leave() {
        control.post(.leave)
    }

    /// Closes the sockets; what was reported or said before still goes out.
    public func close() {
        guard !closed else { return }
        closed = true
        data?.close()
        control.stop()
    }
}
