// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// A rhythm's phase over one epoch: `phase` (radians, not wrapped) at the epoch's first step and
/// `advance` per step. Sent with every release, so every shard sees the same phases.
public struct RhythmState: Sendable, Equatable, Codable {
    public var phase: Double
    public var advance: Double

    public init(phase: Double, advance: Double) {
        self.phase = phase
        self.advance = advance
    }
}

/// Computes every rhythm's state epoch by epoch. Free-running and nested rhythms are pure
/// functions of the step; an entrained one also adds `gain` radians per spike its population
/// fired `lag` epochs earlier — counts every mode of running sees identically, so phases (and
/// spikes) stay bit-identical in process and distributed.
public struct RhythmClock: Sendable {
    public let rhythms: [RhythmSpec]
    private let stepMs: Double
    /// Unwrapped phase at the start of the next epoch, per entrained rhythm.
    private var entrainedPhase: [Int: Double] = [:]
    private var nextEpoch: Int64 = 0

    public init(rhythms: [RhythmSpec], resolution: Double) {
        self.rhythms = rhythms
        self.stepMs = resolution
        // A gain of zero is no entrainment: such a rhythm stays a pure function of the step.
        for (i, r) in rhythms.enumerated() where (r.entrainment?.gain ?? 0) != 0 { entrainedPhase[i] = r.initialPhase }
    }

    /// Whether any rhythm depends on spikes (then releases cannot run ahead of the recording).
    public var isEntrained: Bool { !entrainedPhase.isEmpty }

    /// The smallest lag of any entrained rhythm (epochs).
    public var smallestLag: Int { entrainedPhase.keys.compactMap { rhythms[$0].entrainment?.lagEpochs }.min() ?? Int.max }

    /// Free-running advance per step of rhythm `i` (radians).
    private func baseAdvance(_ i: Int) -> Double { 2 * Double.pi * rhythms[i].frequency * stepMs / 1000 }

    /// Starts the clock at epoch `epoch` (a resumed run): free-running and nested rhythms are
    /// functions of the step; an entrained one would need its phase, which checkpoints refuse.
    public mutating func skip(to epoch: Int64) {
        precondition(epoch == 0 || !isEntrained, "an entrained rhythm cannot skip epochs")
        nextEpoch = epoch
    }

    /// The states of epoch `epoch` (steps `start ..< start + steps`); `counts(population,
    /// epoch)` gives a population's spikes in an earlier epoch. Epochs must come in order.
    public mutating func states(epoch: Int64, start: Int64, steps: Int64, counts: (Int, Int64) -> Int) -> [RhythmState] {
        precondition(epoch == nextEpoch, "rhythm states must be computed epoch by epoch")
        nextEpoch += 1
        var out: [RhythmState] = []
        for (i, r) in rhythms.enumerated() {
            if let nest = r.nesting {
                let parent = out[nest.parent]
                out.append(RhythmState(phase: nest.cycles * parent.phase + r.initialPhase, advance: nest.cycles * parent.advance))
            } else if let e = r.entrainment, entrainedPhase[i] != nil {
                let phase = entrainedPhase[i]!
                let lagged = epoch - Int64(e.lagEpochs)
                let extra = lagged >= 0 ? e.gain * Double(counts(e.population, lagged)) : 0
                let advance = baseAdvance(i) + extra / Double(steps)
                entrainedPhase[i] = phase + baseAdvance(i) * Double(steps) + extra
                out.append(RhythmState(phase: phase, advance: advance))
            } else {
                out.append(RhythmState(phase: r.initialPhase + baseAdvance(i) * Double(start), advance: baseAdvance(i)))
            }
        }
        return out
    }
}

/// The rhythms' states during one epoch, and the phase each presents at a step (its mode
/// applied: `off` is always 0, `scrambled` a random phase per step).
public struct EpochRhythms: Sendable {
    public let start: Int64
    public let states: [RhythmState]
    let modes: [RhythmMode]
    let philox: Philox

    public init(start: Int64, states: [RhythmState], rhythms: [RhythmSpec], seed: UInt64) {
        self.start = start
        self.states = states
        self.modes = rhythms.map(\.mode)
        self.philox = Philox(seed: seed)
    }

    /// The unwrapped phase of rhythm `r` at step `n` as the oscillator runs (for cycle counts).
    public func truePhase(_ r: Int, step n: Int64) -> Double {
        modes[r] == .off ? 0 : states[r].phase + states[r].advance * Double(n - start)
    }

    /// The phase of rhythm `r` at step `n` as the model sees it, in [0, 2π).
    public func phase(_ r: Int, step n: Int64) -> Double {
        switch modes[r] {
        case .off:
            return 0
        case .scrambled:
            var s = RandomSequence(philox, stream: 0x5C4A_0000 + UInt32(r), entity: 0, counter: UInt64(n))
            return 2 * Double.pi * s.nextUnit()
        case .on:
            let p = truePhase(r, step: n).truncatingRemainder(dividingBy: 2 * Double.pi)
            return p < 0 ? p + 2 * Double.pi : p
        }
    }

    /// Which cycle of rhythm `r` step `n` falls in (0 for a rhythm that is off).
    public func cycle(_ r: Int, step n: Int64) -> Int64 {
        Int64((truePhase(r, step: n) / (2 * Double.pi)).rounded(.down))
    }
}
