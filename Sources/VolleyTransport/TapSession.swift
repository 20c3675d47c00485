// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyRuntime
import VolleyTap
import VolleyWire

/// A tap from joining to the end of the run: receives frames, puts them back into epochs in
/// order, hands each epoch over, tells the coordinator how far it got, and counts what it
/// missed. `volley tap` and the dashboard are built on it.
public final class TapSession {
    public let client: TapClient
    public private(set) var welcome: TapWelcome?
    private var selection: TapSelection?
    private var assembler: TapEpochAssembler?
    private var offsets: [Int] = []

    /// How a session ended, and what it saw.
    public struct Outcome: Sendable {
        /// nil: the run finished (or the tap left); otherwise why the run or the tap ended.
        public var failure: String?
        /// The tap left before the end (Ctrl-C).
        public var left = false
        public var firstEpoch: UInt64?
        public var epochsWritten: UInt64 = 0
        public var totalEpochs: UInt64 = 0
        public var receivedFrames = 0
        public var missingFrames = 0
        public var spikes = 0
    }

    /// `queue`: messages this tap buffers before the workers' queues fill and it misses frames.
    public init(coordinator: String, lossless: Bool, filter: TapFilter, queue: Int32 = 1000, security: LinkSecurity? = nil) throws(TransportError) {
        client = try TapClient(coordinator: coordinator, lossless: lossless, filter: filter, receiveHighWaterMark: queue, security: security)
    }

    /// Joins the run and checks the filter against its populations (a `TapFilterError` names
    /// what does not fit; the tap then leaves).
    public func start(timeout: Double) throws -> TapWelcome {
        let w = try client.join(timeout: timeout)
        do {
            selection = try TapSelection(client.filter, catalog: w.catalog)
        } catch {
            client.leave()
            throw error
        }
        welcome = w
        offsets = w.catalog.offsets
        assembler = TapEpochAssembler(
            streams: TapEpochAssembler.streams(catalog: w.catalog, shards: w.shards, filter: client.filter, lossless: client.lossless),
            totalEpochs: w.totalEpochs, strict: client.lossless)
        return w
    }

    /// Runs until the run ends or `shouldLeave` says so; `onEpoch` gets every epoch in order,
    /// `onIdle` is called whenever nothing more is waiting (a good time to flush).
    public func run(onEpoch: (TapEpoch) throws -> Void, onIdle: () throws -> Void = {}, shouldLeave: () -> Bool = { false }) throws -> Outcome {
        guard var assembler, let selection, let w = welcome else { throw TransportError.failed("the tap has not joined a run") }
        var outcome = Outcome(totalEpochs: w.totalEpochs)
        let clock = WallClock()
        var lastProgress = clock.seconds
        func deliver(_ epochs: [TapEpoch]) throws {
            for var e in epochs {
                if client.lossless { selection.apply(to: &e, offsets: offsets) }
                if outcome.firstEpoch == nil { outcome.firstEpoch = e.epoch }
                outcome.epochsWritten += 1
                outcome.spikes += e.spikes.count
                try onEpoch(e)
            }
            if !epochs.isEmpty { lastProgress = clock.seconds }
        }
        loop: while true {
            var taken = 0
            let state = try client.receive(timeout: 20, limit: 256) { frame in
                taken += 1
                try assembler.accept(frame)
            }
            try deliver(assembler.settled())
            client.report(through: assembler.next)
            if taken < 256 { try onIdle() }
            switch state {
            case .running:
                if shouldLeave() {
                    client.leave()
                    outcome.left = true
                    break loop
                }
            case .finished:
                // Frames may still be on their way: wait until every stream has delivered its
                // last epoch, or nothing has come for a second.
                if assembler.next >= w.totalEpochs || clock.seconds - lastProgress > 1 {
                    try deliver(assembler.finish())
                    client.report(through: w.totalEpochs)
                    break loop
                }
            case .ended(let why):
                outcome.failure = why
                break loop
            }
        }
        outcome.receivedFrames = assembler.receivedFrames
        outcome.missingFrames = assembler.missingFrames
        self.assembler = assembler
        return outcome
    }

    public func close() { client.close() }
}
