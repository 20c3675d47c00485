// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import VolleyRuntime
import VolleyWire
import ZeroMQ

/// A tap's control channel on a thread of its own, the shell around `TapMachine`: it owns the
/// DEALER to the coordinator (a socket belongs to one thread), feeds the machine what arrives,
/// what the consumer posted and the time, and carries out its directives. The consumer may take
/// as long as it likes over an epoch: heartbeats do not wait for it.
final class TapControlLoop: Sendable {
    /// What the consumer's thread sees of the machine.
    struct Status: Sendable {
        var phase = TapMachine.Phase.joining
        var welcome: TapWelcome?
        var failure: TapFailure?
        /// The control socket itself failed (not the protocol).
        var broken: String?
        /// How many of the consumer's waits for the welcome have run out.
        var overdue = 0
    }

    private enum Startup: Sendable {
        case pending, ready, failed(String)
    }

    private let inbox = Mutex<[TapMachine.Event]>([])
    private let shared = Mutex(Status())
    private let startup = Mutex(Startup.pending)
    private let stopping = Atomic<Bool>(false)
    private let ended = Atomic<Bool>(false)

    /// Connects to `coordinator` and introduces the tap, on the new thread; returns once the
    /// socket is connected (or throws why it could not be).
    init(context: Context, coordinator: String, security: LinkSecurity?, machine: TapMachine) throws(TransportError) {
        let thread = Thread { [self] in
            run(context: context, coordinator: coordinator, security: security, machine: machine)
            ended.store(true, ordering: .releasing)
        }
        thread.name = "volley-tap-control"
        thread.start()
        while true {
            switch startup.withLock({ $0 }) {
            case .pending: usleep(200)
            case .ready: return
            case .failed(let why): throw .failed(why)
            }
        }
    }

    var status: Status { shared.withLock { $0 } }

    /// Hands the machine an event from the consumer's thread; it is handled within one poll
    /// (20 ms). Activity and progress still waiting are merged with the newest, so a consumer
    /// that calls in a tight loop does not pile them up.
    func post(_ event: TapMachine.Event) {
        inbox.withLock { events in
            switch (events.last, event) {
            case (.consumerActive?, .consumerActive): break
            case (.consumed(let a)?, .consumed(let b)): events[events.count - 1] = .consumed(through: max(a, b))
            default: events.append(event)
            }
        }
    }

    /// Carries out what was posted (a goodbye goes out), closes the socket and ends the thread;
    /// waits for it.
    func stop() {
        stopping.store(true, ordering: .releasing)
        while !ended.load(ordering: .acquiring) { usleep(1000) }
    }

    private func run(context: Context, coordinator: String, security: LinkSecurity?, machine initial: TapMachine) {
        let dealer: Socket
        let handshake: HandshakeWatch
        do {
            dealer = try Socket(context, .dealer)
            try dealer.set(.linger, 500)
            // A send never blocks for long: with no connection (a refused handshake), it would forever.
            try dealer.set(.sendTimeout, 1000)
            try security?.client(dealer, endpoint: coordinator)
            handshake = try HandshakeWatch(
                dealer, context: context, endpoint: coordinator, security: security, role: "tap")
            try dealer.connect(coordinator)
        } catch {
            startup.withLock { $0 = .failed("connecting to the coordinator at \(coordinator): \(error)") }
            return
        }
        defer {
            handshake.close()
            dealer.close()
        }
        // The run id for outgoing frames, known from the welcome on.
        final class RunBox { var id: UInt64 = 0 }
        let run = RunBox()
        let control = ControlChannel(socket: dealer, source: 0) { run.id }
        let poller = Poller([dealer])
        let clock = WallClock()
        var machine = initial
        startup.withLock { $0 = .ready }

        var events: [TapMachine.Event] = [.start]
        while true {
            // Read before the inbox: whatever was posted before `stop()` is still carried out.
            let stop = stopping.load(ordering: .acquiring)
            var broken: String?
            do {
                while let r = try control.receive() { events.append(.control(r.message)) }
                if machine.phase == .joining, let refusal = try handshake.conclusion() {
                    events.append(.linkRefused(refusal))
                }
            } catch {
                broken = "the tap's control socket: \(error)"
            }
            events += inbox.withLock { posted in
                defer { posted.removeAll() }
                return posted
            }
            events.append(.tick)
            let now = clock.seconds
            var overdue = 0
            var done = false
            for event in events {
                for directive in machine.handle(event, now: now) {
                    switch directive {
                    case .send(let message): try? control.send(message)
                    case .subscribe(let w): run.id = w.runID
                    case .welcomeOverdue: overdue += 1
                    case .stop: done = true
                    // The consumer reads these from the status.
                    case .finished, .fail: break
                    }
                }
            }
            events.removeAll()
            publish(machine, overdue: overdue, broken: broken)
            if done || stop || broken != nil { return }
            do {
                _ = try poller.wait(timeout: 20)
            } catch {
                publish(machine, overdue: 0, broken: "the tap's control socket: \(error)")
                return
            }
        }
    }

    private func publish(_ machine: TapMachine, overdue: Int, broken: String?) {
        shared.withLock {
            $0.phase = machine.phase
            $0.welcome = machine.welcome
            $0.failure = machine.failure
            $0.overdue += overdue
            if $0.broken == nil { $0.broken = broken }
        }
    }
}
