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
/// for like a worker) and hands over decoded frames. One thread owns it.
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
    private let control: ControlChannel
    private var data: Socket?
    private var poller: Poller
    public private(set) var welcome: TapWelcome?
    public private(set) var state = State.running
    private let clock = WallClock()
    private var lastHeard: Double
    private var lastHeartbeat = -Double.infinity
    private var reported: UInt64?
    private var lastReport = -Double.infinity
    private let livenessTimeout: Double
    private let receiveHighWaterMark: Int32
    /// The run id for outgoing control frames, known from the welcome on.
    private final class RunBox { var id: UInt64 = 0 }
    private let runBox = RunBox()

    private let security: LinkSecurity?
    private var handshake: HandshakeWatch?

    public init(coordinator: String, lossless: Bool, filter: TapFilter, receiveHighWaterMark: Int32 = 1000,
                livenessTimeout: Double = 3, security: LinkSecurity? = nil) throws(TransportError) {
        self.security = security
        self.lossless = lossless
        self.filter = filter
        self.livenessTimeout = livenessTimeout
        self.receiveHighWaterMark = receiveHighWaterMark
        do {
            context = try Context()
            let dealer = try Socket(context, .dealer)
            try dealer.set(.linger, 500)
            // A send never blocks for long: with no connection (a refused handshake), it would forever.
            try dealer.set(.sendTimeout, 1000)
            try security?.client(dealer, endpoint: coordinator)
            handshake = try HandshakeWatch(dealer, context: context, endpoint: coordinator, security: security, role: "tap")
            try dealer.connect(coordinator)
            let run = runBox
            control = ControlChannel(socket: dealer, source: 0) { run.id }
            poller = Poller([dealer])
        } catch {
            throw .failed("connecting to the coordinator at \(coordinator): \(error)")
        }
        lastHeard = clock.seconds
        try control.send(.tapHello(tap: TapHello(
            volleyVersion: volleyVersion, pid: getpid(), host: Endpoints.hostName(), lossless: lossless)))
    }

    /// Waits for the coordinator's welcome (it comes once every worker has joined), then
    /// subscribes. Throws if the coordinator refuses, or is silent for `timeout` seconds.
    public func join(timeout: Double) throws(TransportError) -> TapWelcome {
        let t0 = clock.seconds
        while welcome == nil {
            try pollControl(timeout: 50)
            if case .ended(let why) = state { throw .aborted(reason: why) }
            let refusal: String?
            do { refusal = try handshake?.conclusion() } catch { throw .failed("reading the control socket's events: \(error)") }
            if let refusal { throw .failed(refusal) }
            if clock.seconds - t0 > timeout, welcome == nil {
                throw .timeout(what: "the coordinator's welcome (\(JoinSilence.hint(role: "tap", security: security)))", seconds: timeout)
            }
        }
        try subscribe(welcome!)
        return welcome!
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
            poller = Poller([control.socket, s])
        } catch let e as TransportError {
            throw e
        } catch {
            throw .failed("subscribing to the workers: \(error)")
        }
    }

    /// Waits up to `timeout` ms, then hands up to `limit` waiting frames to `body`; returns the
    /// run's state. Also keeps the coordinator informed that this tap is alive. The limit keeps
    /// a slow consumer's backlog in the sockets' bounded queues, where it turns into counted
    /// losses, rather than in this process's memory.
    public func receive(timeout: Int, limit: Int = 256, _ body: (TapFrame) throws -> Void) throws -> State {
        try pollControl(timeout: timeout)
        guard let data, let w = welcome else { return state }
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
        guard through != reported else { return }
        let now = clock.seconds
        guard now - lastReport >= 0.02 || through == welcome?.totalEpochs else { return }
        lastReport = now
        reported = through
        try? control.send(.tapRecorded(through: through))
    }

    /// Says goodbye: a lossless tap is no longer waited for.
    public func leave() {
        try? control.send(.tapLeave)
    }

    public func close() {
        handshake?.close()
        data?.close()
        control.socket.close()
    }

    private func pollControl(timeout: Int) throws(TransportError) {
        do { _ = try poller.wait(timeout: timeout) } catch { throw .failed("polling: \(error)") }
        let now = clock.seconds
        while let r = try control.receive() {
            lastHeard = now
            switch r.message {
            case .failure(let e):
                state = .ended("an unreadable message from the coordinator: \(e)")
            case .success(let (_, m)):
                switch m {
                case .tapWelcome(let w):
                    welcome = w
                    runBox.id = w.runID
                case .refuse(let why): state = .ended("the coordinator turned this tap away: \(why)")
                case .abort(let why): state = .ended("the run failed: \(why)")
                case .finish: if state == .running { state = .finished }
                default: break
                }
            }
        }
        // Before the welcome silence is the join timeout's business (the workers may not be
        // there yet, or the handshake was refused).
        if state == .running, welcome != nil, now - lastHeard > livenessTimeout {
            state = .ended("the coordinator stopped responding (nothing for \(Int(livenessTimeout)) s)")
        }
        if now - lastHeartbeat >= 0.25 {
            lastHeartbeat = now
            try? control.send(.heartbeat)
        }
    }
}
