// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

// Twin: clients/python/src/volley_tap/machine.py is a line-by-line port of this machine (the
// same phases, events, directives, rules and constants), and clients/python/tests/test_machine.py
// mirrors TapMachineTests case for case. The two tap clients are one protocol only while these
// agree: change them together.

/// A tap's side of the control protocol as a pure value (DESIGN §7): what the coordinator says,
/// what the consumer did and the passing of time in, directives out. `TapClient` and the Python
/// client's `ControlThread` are shells that carry them out on a thread of their own, so that
/// heartbeats never wait for the consumer.
public struct TapMachine: Sendable {
    /// Where the tap is.
    public enum Phase: Sendable, Equatable {
        /// Introduced; the welcome comes once every worker has joined.
        case joining
        /// Welcomed: subscribed to the workers, reporting how far the consumer got.
        case watching
        /// The coordinator says every epoch is recorded; the consumer drains what is on its way
        /// (its last progress report still goes out).
        case finished
        /// The tap said goodbye.
        case left
        case failed
    }

    /// What happened.
    public enum Event: Sendable {
        /// Introduce the tap to the coordinator.
        case start
        /// A control frame from the coordinator, or why it is unreadable.
        case control(Result<(FrameHeader, ControlMessage), WireError>)
        /// The link can never be admitted (the socket monitor saw a refused key, or keys on
        /// one side only).
        case linkRefused(String)
        /// The consumer waits for the welcome for up to `timeout` seconds from now.
        case awaitWelcome(timeout: Double)
        /// The consumer asked for more: it is not hung.
        case consumerActive
        /// The consumer has written every epoch below `through`.
        case consumed(through: UInt64)
        /// The consumer leaves the run.
        case leave
        case tick
    }

    /// What to do.
    public enum Directive: Sendable, Equatable {
        case send(ControlMessage)
        /// Subscribe to the workers the welcome names; outgoing frames carry its run id from now on.
        case subscribe(TapWelcome)
        /// The consumer's wait for the welcome ran out. Not an ending: it may wait again.
        case welcomeOverdue(seconds: Double)
        /// Every epoch is recorded: once what is on its way has arrived, the consumer is done.
        case finished
        /// The tap's run is over, for this reason.
        case fail(TapFailure)
        /// Nothing more to say: close the control socket.
        case stop
    }

    public let hello: TapHello
    /// A consumer silent for this long counts as hung: heartbeats stop, so the coordinator lets
    /// the tap go rather than hold a lossless run for it forever. nil: never.
    public let consumerTimeout: Double?
    /// Progress reports go out at most this often, except the one for the last epoch.
    public let reportInterval: Double
    public private(set) var phase = Phase.joining
    public private(set) var welcome: TapWelcome?
    public private(set) var failure: TapFailure?
    /// The coordinator's liveness, and this tap's heartbeats.
    public private(set) var liveness: Liveness
    private var started = false
    private var welcomeDeadline: (at: Double, timeout: Double)?
    private var consumerSeen: Double?
    /// The furthest progress the consumer has told of, and the last sent.
    private var consumed: UInt64?
    private var reported: UInt64?
    private var lastReport: Double?

    public init(
        hello: TapHello, heartbeatInterval: Double = 0.25, livenessTimeout: Double = 3, consumerTimeout: Double? = 30,
        reportInterval: Double = 0.02
    ) {
        self.hello = hello
        self.consumerTimeout = consumerTimeout
        self.reportInterval = reportInterval
        liveness = Liveness(heartbeatInterval: heartbeatInterval, timeout: livenessTimeout)
    }

    public mutating func handle(_ event: Event, now: Double) -> [Directive] {
        guard phase != .left && phase != .failed else { return [] }
        switch event {
        case .start:
            guard !started else { return [] }
            started = true
            consumerSeen = now
            return [.send(.tapHello(tap: hello))]
        case .control(.failure(let error)):
            liveness.seen(now: now)
            return fail(.unreadable("\(error)"))
        case .control(.success(let (_, message))):
            liveness.seen(now: now)
            return control(message, now: now)
        case .linkRefused(let why):
            return phase == .joining ? fail(.linkRefused(why)) : []
        case .awaitWelcome(let timeout):
            consumerSeen = now
            if phase == .joining { welcomeDeadline = (now + timeout, timeout) }
            return []
        case .consumerActive:
            consumerSeen = now
            return []
        case .consumed(let through):
            consumerSeen = now
            consumed = max(consumed ?? through, through)
            return report(now: now)
        case .leave:
            // After the end there is no one to say goodbye to.
            let goodbye: [Directive] = phase == .joining || phase == .watching ? [.send(.tapLeave)] : []
            phase = .left
            return goodbye + [.stop]
        case .tick:
            return tick(now: now)
        }
    }

    private mutating func control(_ message: ControlMessage, now: Double) -> [Directive] {
        switch message {
        case .tapWelcome(let w):
            guard phase == .joining else { return [] }
            phase = .watching
            welcome = w
            welcomeDeadline = nil
            consumerSeen = now
            return [.subscribe(w)]
        case .refuse(let why):
            return phase == .finished ? [] : fail(.refused(why))
        case .abort(let why):
            return phase == .finished ? [] : fail(.aborted(why))
        case .finish:
            switch phase {
            case .watching:
                phase = .finished
                return [.finished]
            case .joining:
                // No welcome can follow: waiting out the join timeout would only hide that.
                return fail(.finishedBeforeWelcome)
            case .finished, .left, .failed:
                return []
            }
        default:
            // A heartbeat, or anything newer: the coordinator is alive, nothing else to do.
            return []
        }
    }

    private mutating func tick(now: Double) -> [Directive] {
        // After the finish the coordinator may be gone already: its silence no longer matters.
        if phase != .finished, liveness.silent(now: now) { return fail(.coordinatorSilent(seconds: liveness.timeout)) }
        var out: [Directive] = []
        if phase == .joining, let deadline = welcomeDeadline, now > deadline.at {
            welcomeDeadline = nil
            out.append(.welcomeOverdue(seconds: deadline.timeout))
        }
        if consumerPresent(now: now), liveness.heartbeatDue(now: now) { out.append(.send(.heartbeat)) }
        return out + report(now: now)
    }

    /// While joining, the consumer is waiting for the welcome, so it is there.
    private func consumerPresent(now: Double) -> Bool {
        guard phase != .joining, let limit = consumerTimeout, let seen = consumerSeen else { return true }
        return now - seen <= limit
    }

    private mutating func report(now: Double) -> [Directive] {
        guard phase == .watching || phase == .finished, let through = consumed, through != reported else { return [] }
        if let last = lastReport, now - last < reportInterval, through != welcome?.totalEpochs { return [] }
        lastReport = now
        reported = through
        return [.send(.tapRecorded(through: through))]
    }

    private mutating func fail(_ why: TapFailure) -> [Directive] {
        phase = .failed
        failure = why
        return [.fail(why)]
    }
}
