// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyRuntime
import VolleyWire

/// Checkpoints and interruptions as the coordinator's machine decides them: when the record is
/// cut, when every worker's part is in, and how a signal becomes one more checkpoint and a stop.
extension CoordinatorMachine {
    /// A worker's part of a checkpoint: kept by the step it was cut at until the recording cuts
    /// there too.
    mutating func checkpointPart(_ part: CheckpointPart, from worker: WorkerRecord) -> [Directive] {
        guard cadence != nil, part.worker == worker.index, part.step > settings.schedule.firstStep else {
            return fail("\(worker.description) sent an unexpected checkpoint part (\(part.name), step \(part.step))")
        }
        parts[part.step, default: []].append(part)
        return completeIfDue()
    }

    /// After epoch `epoch` is recorded: cuts the record for a checkpoint due at its end.
    mutating func cutIfDue(after epoch: UInt64) -> [Directive] {
        let end = settings.schedule.start(epoch) + settings.schedule.steps(epoch)
        guard let cut = cadence?.due(step: end) else { return [] }
        cadence!.take(cut)
        cuts.append((cut, epoch + 1))
        // Parts cut anywhere before this one that no cut of the recording claims were cut where
        // the coordinator did not: a checkpoint made of them would never complete.
        if let stray = parts.keys.filter({ $0 < end && !cuts.map(\.cut.step).contains($0) }).min() {
            return fail("a worker cut a checkpoint at step \(stray), the coordinator at step \(end)")
        }
        return [.cutCheckpoint(cut)] + completeIfDue()
    }

    /// Completes checkpoints in order while every worker's part of the earliest cut is in (a
    /// later checkpoint's record chain runs through the earlier ones).
    mutating func completeIfDue() -> [Directive] {
        var out: [Directive] = []
        while phase != .failed, let first = cuts.first, let got = parts[first.cut.step],
              Set(got.map(\.worker)).count == settings.workers {
            cuts.removeFirst()
            parts[first.cut.step] = nil
            out.append(.completeCheckpoint(first.cut, epoch: first.epoch, parts: got.sorted { $0.worker < $1.worker }))
        }
        return out
    }

    /// SIGINT or SIGTERM. With checkpoints and a run under way, the workers are asked for a
    /// checkpoint at the first epoch not yet released, which is then released on its own; the
    /// run stops once the checkpoint is complete. Otherwise (or at a second signal) it stops now.
    /// `relayed` is a worker's word of its own signal: Slurm and Kubernetes signal every process,
    /// so the coordinator's own signal may follow it, and that one joins instead of stopping at once.
    mutating func interrupt(_ signal: String, relayed: Bool = false) -> [Directive] {
        if interruption != nil || signalledNearEnd, ownSignalJoins, !relayed {
            ownSignalJoins = false
            return [.notice("\(signal): a worker's signal is already being handled (again to stop at once)")]
        }
        ownSignalJoins = relayed
        if let first = interruption {
            let ms = Double(first.step) * settings.network.resolution
            return fail("interrupted again by \(signal) before the checkpoint at \(ProgressReporter.fixed(ms, 1)) ms was complete")
        }
        let schedule = settings.schedule
        guard cadence != nil, [.running, .collecting, .finishing].contains(phase), !signalledNearEnd else {
            return fail("interrupted by \(signal)")
        }
        // At most the last epoch is left to release, or the run is writing its results: it ends
        // sooner than a checkpoint would.
        guard phase == .running, granted + 1 < schedule.count else {
            signalledNearEnd = true
            return [.notice("\(signal): the run is about to end and ends as it would (again to stop at once)")]
        }
        let epoch = granted
        let step = schedule.start(epoch)
        cadence!.ask(step: step)
        interruption = (signal, step)
        let ms = Double(step) * settings.network.resolution
        // A recording that has caught up with the releases (a lossless tap holds them back) has
        // passed the boundary already: the record is cut now.
        let cutNow = recorded == epoch && epoch > 0 ? cutIfDue(after: epoch - 1) : []
        // One epoch released on its own: safe because checkpoints refuse entrained rhythms, whose
        // states would need the spikes of epochs not yet recorded.
        return [.notice("\(signal): writing a checkpoint at \(ProgressReporter.fixed(ms, 1)) ms, then stopping (again to stop at once)")]
            + workers.map { .send(.checkpointNow(epoch: epoch), to: $0.routingID) }
            + release(through: epoch + 1) + cutNow
    }

    /// The interrupted run's checkpoint is complete: the workers and taps are told, and it stops.
    mutating func stop(signal: String, step: Int64) -> [Directive] {
        phase = .failed
        let ms = Double(step) * settings.network.resolution
        let reason = "interrupted by \(signal); stopped after the checkpoint at \(ProgressReporter.fixed(ms, 1)) ms"
        // Not an abort: the workers did their part and exit 0, so that a restart loop or a Job's
        // restart policy does not take the stop for a crash.
        return workers.map { .send(.stop(reason: reason), to: $0.routingID) }
            + taps.taps.map { .send(.abort(reason: reason), to: $0.routingID) }
            + [.stop(signal: signal, step: step)]
    }
}
