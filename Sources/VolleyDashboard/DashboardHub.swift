// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Synchronization
import VolleyWire

/// Where the tap thread and the web server meet: holds the run's status and the last window of
/// the raster, rates and traces, and fans each update out to every connected page. Updates come from
/// one thread (the tap's), so every page gets them in order; a page too slow to take them loses
/// the oldest and, seeing the gap in `sequence`, reconnects for a fresh snapshot.
public final class DashboardHub: Sendable {
    /// Updates a page may fall behind by before it loses some.
    public static let clientBuffer = 64

    /// A page's subscription: the picture so far, then every update after it.
    public struct Subscription: Sendable {
        public let id: Int
        public let snapshot: DashboardMessage
        public let updates: AsyncStream<String>
    }

    private struct State {
        var status: RunStatus
        var layout: DashboardMessage.Layout?
        /// Raster chunks of recent batches, each with the last step it covers.
        var raster: [(end: Int64, pairs: [Int64])] = []
        var firstBin: Int64 = 0
        var rates: [Double] = []
        /// Every trace of the run so far, and the points of recent batches with the last step each covers.
        var traces: [DashboardMessage.Trace] = []
        var points: [(end: Int64, pairs: [Int64], values: [Double])] = []
        var stepsDone: Int64 = 0
        var windowSteps: Int64 = 0
        var clients: [Int: AsyncStream<String>.Continuation] = [:]
        var nextClient = 0
        var closed = false
    }

    private let state: Mutex<State>
    public let windowMs: Double
    public let binMs: Double

    public init(coordinator: String, windowMs: Double, binMs: Double) {
        self.windowMs = windowMs
        self.binMs = binMs
        state = Mutex(State(status: RunStatus(coordinator: coordinator)))
    }

    /// The status as `/api/status` shows it.
    public var status: RunStatus { state.withLock { $0.status } }

    /// Registers a page. The snapshot includes every update up to its `status.sequence`; later
    /// ones come through `updates`.
    public func subscribe() -> Subscription {
        let (stream, continuation) = AsyncStream.makeStream(
            of: String.self, bufferingPolicy: .bufferingNewest(Self.clientBuffer))
        return state.withLock { s in
            let id = s.nextClient
            s.nextClient += 1
            if s.closed {
                continuation.finish()
            } else {
                s.clients[id] = continuation
            }
            s.status.clients = s.clients.count
            return Subscription(id: id, snapshot: snapshot(s), updates: stream)
        }
    }

    public func unsubscribe(_ id: Int) {
        state.withLock { s in
            s.clients.removeValue(forKey: id)?.finish()
            s.status.clients = s.clients.count
        }
    }

    /// No run yet; `message` says what the dashboard is waiting for.
    public func waiting(_ message: String) {
        broadcast { s in
            guard s.status.message != message || s.status.state != .waiting else { return nil }
            s.status.state = .waiting
            s.status.message = message
            return update(s, DashboardBatch(populations: 0))
        }
    }

    /// The tap joined a run: the pages start over with its layout.
    public func begin(_ welcome: TapWelcome, layout: RasterLayout) {
        broadcast { s in
            let coordinator = s.status.coordinator
            s.status = RunStatus(coordinator: coordinator)
            s.status.state = .running
            s.status.model = welcome.model
            s.status.seed = welcome.seed
            s.status.resolutionMs = welcome.resolution
            s.status.tSimMs = welcome.tSim
            s.status.workers = welcome.workers.count
            s.status.epochsTotal = welcome.totalEpochs
            s.status.clients = s.clients.count
            s.status.populations = layout.bands.map {
                .init(name: $0.name, n: $0.size, shown: $0.rows, spikes: 0, rateHz: 0)
            }
            s.layout = .init(
                populations: layout.bands, rows: layout.rowCount, binMs: binMs, windowMs: windowMs,
                resolutionMs: welcome.resolution, variables: welcome.catalog.samples ? welcome.catalog.variables : [])
            s.windowSteps = Int64((windowMs / welcome.resolution).rounded(.up))
            s.raster = []
            s.rates = []
            s.firstBin = 0
            s.traces = []
            s.points = []
            s.stepsDone = 0
            return snapshot(s)
        }
    }

    /// Adds what the tap saw since the last batch and sends it to every page.
    public func publish(_ batch: DashboardBatch) {
        broadcast { s in
            guard s.layout != nil else { return nil }
            record(&s, batch)
            return update(s, batch)
        }
    }

    /// The run ended (`failure` nil: finished); the pages keep the last picture.
    public func end(failure: String?) {
        broadcast { s in
            s.status.state = failure == nil ? .finished : .failed
            s.status.message = failure
            return update(s, DashboardBatch(populations: 0))
        }
    }

    /// Ends every page's stream (the server is shutting down).
    public func close() {
        state.withLock { s in
            s.closed = true
            for c in s.clients.values { c.finish() }
            s.clients = [:]
            s.status.clients = 0
        }
    }

    /// Changes the state under the lock, then encodes the message (if any) once, outside it,
    /// and hands it to every page.
    private func broadcast(_ change: (inout State) -> DashboardMessage?) {
        let (message, clients) = state.withLock { s -> (DashboardMessage?, [AsyncStream<String>.Continuation]) in
            guard var m = change(&s) else { return (nil, []) }
            s.status.sequence += 1
            m.status.sequence = s.status.sequence
            return (m, Array(s.clients.values))
        }
        guard let message, !clients.isEmpty else { return }
        let text = message.json()
        for c in clients { c.yield(text) }
    }

    private func record(_ s: inout State, _ b: DashboardBatch) {
        let resolution = s.status.resolutionMs ?? 0
        s.status.firstEpoch = b.firstEpoch
        s.status.epochsDone = b.epochsDone
        s.stepsDone = b.stepsDone
        s.status.tMs = Double(b.stepsDone) * resolution
        s.status.missedFrames += b.missedFrames
        s.status.samples += b.sampleCount
        let seconds = Double(b.stepsDone - (b.firstStep ?? 0)) * resolution / 1000
        for p in s.status.populations.indices where p < b.spikes.count {
            s.status.populations[p].spikes += b.spikes[p]
            s.status.spikes += b.spikes[p]
            let n = Double(s.status.populations[p].n)
            let hz = seconds > 0 && n > 0 ? Double(s.status.populations[p].spikes) / (n * seconds) : 0
            s.status.populations[p].rateHz = (hz * 100).rounded() / 100
            if p < b.atp.count { s.status.populations[p].atp += b.atp[p] }
            s.status.populations[p].atpPerS = seconds > 0 ? s.status.populations[p].atp / seconds : 0
        }
        let atp = s.status.populations.reduce(0) { $0 + $1.atp }
        s.status.atpPerS = seconds > 0 ? atp / seconds : 0
        // Keep one window of raster and rates, for pages that connect later.
        let cutoff = b.stepsDone - s.windowSteps
        if !b.raster.isEmpty { s.raster.append((b.stepsDone, b.raster)) }
        s.raster.removeAll { $0.end < cutoff }
        s.traces += b.traces
        if !b.values.isEmpty { s.points.append((b.stepsDone, b.samples, b.values)) }
        s.points.removeAll { $0.end < cutoff }
        let pops = max(1, s.status.populations.count)
        if !b.rates.isEmpty {
            if s.rates.isEmpty { s.firstBin = b.firstBin }
            s.rates += b.rates
            let keep = Int((windowMs / binMs).rounded(.up)) + 2
            let extra = s.rates.count / pops - keep
            if extra > 0 {
                s.rates.removeFirst(extra * pops)
                s.firstBin += Int64(extra)
            }
        }
    }

    private func snapshot(_ s: State) -> DashboardMessage {
        let cutoff = s.stepsDone - s.windowSteps
        var pairs: [Int64] = []
        for chunk in s.raster {
            for i in stride(from: 0, to: chunk.pairs.count - 1, by: 2) where chunk.pairs[i] >= cutoff {
                pairs.append(chunk.pairs[i])
                pairs.append(chunk.pairs[i + 1])
            }
        }
        var samples: [Int64] = []
        var values: [Double] = []
        for chunk in s.points {
            for (i, v) in chunk.values.enumerated() where chunk.pairs[2 * i] >= cutoff {
                samples.append(chunk.pairs[2 * i])
                samples.append(chunk.pairs[2 * i + 1])
                values.append(v)
            }
        }
        return DashboardMessage(
            type: "snapshot", status: s.status, layout: s.layout, raster: pairs, firstBin: s.firstBin, rates: s.rates,
            traces: s.traces, samples: samples, values: values)
    }

    private func update(_ s: State, _ b: DashboardBatch) -> DashboardMessage {
        DashboardMessage(
            type: "update", status: s.status, layout: nil, raster: b.raster, firstBin: b.firstBin, rates: b.rates,
            traces: b.traces, samples: b.samples, values: b.values)
    }
}
