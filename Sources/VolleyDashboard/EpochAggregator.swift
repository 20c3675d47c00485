// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyTap

/// Turns a tap's epochs into what the page draws: spikes of the shown neurons, population rates
/// in bins of model time, and the traces of recorded neurons. Owned by the tap thread; the
/// per-spike path is table lookups and appends into arrays that keep their capacity.
public struct EpochAggregator {
    public let layout: RasterLayout
    public let binSteps: Int64
    /// The run's epochs: the wire's epoch k starts at `schedule.start(k)` (a resumed run's
    /// first epoch is its cut, not step 0).
    public let schedule: EpochSchedule
    public let resolution: Double
    private var batch: DashboardBatch
    /// The bin still collecting spikes, and its counts per population.
    private var openBin: Int64 = 0
    private var counts: [Int]
    /// The first step the tap saw (it may join mid-run): bins before it are partial.
    private var firstStep: Int64?
    /// The multimeters' traces, if the run records any.
    private var traces: TraceCollector?

    /// - Parameters:
    ///   - binSteps: rate bin width in steps (at least one).
    ///   - schedule: the run's epochs (`TapWelcome.schedule`).
    ///   - traces: what turns samples into traces; nil to ignore samples.
    public init(
        layout: RasterLayout, binSteps: Int64, schedule: EpochSchedule, resolution: Double,
        traces: TraceCollector? = nil
    ) {
        self.layout = layout
        self.traces = traces
        self.binSteps = max(1, binSteps)
        self.schedule = schedule
        self.resolution = resolution
        batch = DashboardBatch(populations: layout.bands.count)
        counts = Array(repeating: 0, count: layout.bands.count)
    }

    /// Steps of model time covered so far.
    public var stepsDone: Int64 { batch.stepsDone }

    public mutating func add(_ epoch: TapEpoch) {
        let start = schedule.start(epoch.epoch)
        let end = start + schedule.steps(epoch.epoch)
        if firstStep == nil {
            firstStep = start
            openBin = start / binSteps
            batch.firstStep = start
            batch.firstEpoch = epoch.epoch
        }
        for key in epoch.spikes {
            let step = Int64(key >> 32)
            let id = Int(key & 0xFFFF_FFFF)
            guard let p = layout.population(of: id) else { continue }
            let bin = step / binSteps
            if bin > openBin { close(before: bin, end: bin * binSteps) }
            counts[p] += 1
            batch.spikes[p] += 1
            let row = layout.row(of: id)
            if row >= 0 {
                batch.raster.append(step)
                batch.raster.append(Int64(row))
            }
        }
        for e in epoch.energy where Int(e.population) < batch.atp.count { batch.atp[Int(e.population)] += e.atp }
        batch.sampleCount += epoch.samples.count
        traces?.add(epoch.samples, to: &batch)
        batch.stepsDone = end
        batch.epochsDone = epoch.epoch + 1
        batch.missedFrames += epoch.missingFrames
        if end / binSteps > openBin { close(before: end / binSteps, end: end) }
    }

    /// The run is over: the last, possibly shorter, bin closes too.
    public mutating func finish() {
        let end = batch.stepsDone
        if firstStep != nil, end > openBin * binSteps { close(before: openBin + 1, end: end) }
    }

    /// Hands over what was collected since the last call.
    public mutating func take() -> DashboardBatch {
        var next = DashboardBatch(populations: layout.bands.count)
        next.epochsDone = batch.epochsDone
        next.stepsDone = batch.stepsDone
        next.firstBin = openBin
        next.firstEpoch = batch.firstEpoch
        next.firstStep = batch.firstStep
        defer { batch = next }
        return batch
    }

    /// Closes every bin before `bin`; `end` is the step the covered time reaches.
    private mutating func close(before bin: Int64, end: Int64) {
        while openBin < bin {
            if batch.rates.isEmpty { batch.firstBin = openBin }
            let from = max(openBin * binSteps, firstStep ?? 0)
            let to = min((openBin + 1) * binSteps, end)
            let seconds = Double(max(to - from, 0)) * resolution / 1000
            for p in counts.indices {
                let n = Double(layout.bands[p].size)
                let hz = seconds > 0 && n > 0 ? Double(counts[p]) / (n * seconds) : 0
                batch.rates.append((hz * 100).rounded() / 100)
                counts[p] = 0
            }
            openBin += 1
        }
    }
}
