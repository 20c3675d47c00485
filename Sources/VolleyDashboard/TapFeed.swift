// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import VolleyRuntime
import VolleyTap
import VolleyTransport
import VolleyWire

/// The dashboard's tap: on a thread of its own (its ZeroMQ sockets belong to that thread), it
/// waits for the run, joins it, aggregates every epoch (spikes, and the multimeters' samples if
/// the run records any) and hands the hub a batch about ten times a second. Being a plain tap, it never slows the run: if it falls behind it misses frames,
/// and the page says how many.
public final class TapFeed: Sendable {
    public let coordinator: String
    public let perPopulation: Int
    public let binMs: Double
    /// Model time a page shows: how finely traces are worth sampling.
    public let windowMs: Double
    /// Wall-clock seconds between batches.
    public let interval: Double
    private let hub: DashboardHub
    private let security: LinkSecurity?
    private let log: @Sendable (String) -> Void
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    public init(
        coordinator: String, hub: DashboardHub, perPopulation: Int, binMs: Double, windowMs: Double = 1000,
        interval: Double = 0.1, security: LinkSecurity? = nil, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.windowMs = windowMs
        self.coordinator = coordinator
        self.log = log
        self.hub = hub
        self.perPopulation = perPopulation
        self.binMs = binMs
        self.interval = interval
        self.security = security
    }

    /// Starts the thread.
    public func start() {
        let thread = Thread { [self] in
            run()
            finished.store(true, ordering: .releasing)
        }
        thread.name = "volley-dashboard-tap"
        thread.start()
    }

    /// Asks the tap to leave the run; `wait` tells when it has.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    /// Waits up to `seconds` for the thread to end; whether it did.
    public func wait(upTo seconds: Double) -> Bool {
        let clock = WallClock()
        while !finished.load(ordering: .acquiring) {
            if clock.seconds > seconds { return false }
            usleep(10_000)
        }
        return true
    }

    private var shouldStop: Bool { stopping.load(ordering: .relaxed) }

    private func run() {
        hub.waiting("waiting for the run at \(coordinator)")
        while !shouldStop {
            guard let (session, welcome) = join() else {
                // The coordinator is not up yet, went away before welcoming us, or turned us
                // away: try again in a moment with a fresh connection.
                sleepUnlessStopping(1)
                continue
            }
            watch(session, welcome)
            session.close()
            return
        }
    }

    /// One attempt to join: a session that got its welcome, or nil.
    private func join() -> (TapSession, TapWelcome)? {
        let session: TapSession
        do {
            // Samples too: a run that records none sends none (the welcome says so).
            session = try TapSession(
                coordinator: coordinator, lossless: false, filter: TapFilter(kinds: [.spikes, .samples, .energy]), security: security)
        } catch {
            hub.waiting("waiting for the run at \(coordinator): \(error)")
            return nil
        }
        while !shouldStop {
            do {
                // Short waits, so that Ctrl-C is noticed; the client keeps its place meanwhile.
                return (session, try session.start(timeout: 0.5))
            } catch TransportError.timeout {
                continue
            } catch {
                hub.waiting(Self.waitingMessage(coordinator, error))
                break
            }
        }
        if shouldStop { session.client.leave() }
        session.close()
        return nil
    }

    private func watch(_ session: TapSession, _ welcome: TapWelcome) {
        let layout = RasterLayout(catalog: welcome.catalog, perPopulation: perPopulation)
        let traces = welcome.catalog.samples
            ? TraceCollector(catalog: welcome.catalog, windowSteps: Int64((windowMs / welcome.resolution).rounded(.up))) : nil
        var aggregator = EpochAggregator(
            layout: layout, binSteps: Int64((binMs / welcome.resolution).rounded()), schedule: welcome.schedule,
            resolution: welcome.resolution, traces: traces)
        hub.begin(welcome, layout: layout)
        log("watching \(welcome.model) (\(welcome.workers.count) workers, \(welcome.totalEpochs) epochs)")
        let clock = WallClock()
        var last = clock.seconds
        func flushIfDue() {
            let now = clock.seconds
            guard now - last >= interval else { return }
            last = now
            hub.publish(aggregator.take())
        }
        do {
            let outcome = try session.run(
                onEpoch: { epoch in
                    aggregator.add(epoch)
                    flushIfDue()
                },
                onIdle: flushIfDue,
                shouldLeave: { shouldStop })
            aggregator.finish()
            hub.publish(aggregator.take())
            if !outcome.left { hub.end(failure: outcome.failure) }
            let seen =
                "\(outcome.spikes) spikes, \(outcome.receivedFrames) frames received, \(outcome.missingFrames) missed"
            log(
                outcome.left
                    ? "left the run (\(seen))"
                    : outcome.failure.map { "the run ended: \($0)" } ?? "the run finished (\(seen))")
        } catch {
            aggregator.finish()
            hub.publish(aggregator.take())
            hub.end(failure: "the tap failed: \(error)")
            log("the tap failed: \(error)")
        }
    }

    private func sleepUnlessStopping(_ seconds: Double) {
        let clock = WallClock()
        while !shouldStop, clock.seconds < seconds { usleep(20_000) }
    }

    /// Why the tap is still waiting, in the coordinator's own words where there are some.
    static func waitingMessage(_ coordinator: String, _ error: any Error) -> String {
        guard let e = error as? TransportError, case .aborted(let why) = e else {
            return "waiting for the run at \(coordinator): \(error)"
        }
        // A client gives up on a coordinator that never answered as on one that went silent.
        if why.hasPrefix("the coordinator stopped responding") {
            return "waiting for the run: nothing answers at \(coordinator) yet"
        }
        return "waiting for the run at \(coordinator): \(why)"
    }
}
