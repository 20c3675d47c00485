// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What one epoch produced, the one value every consumer of epochs takes (`EpochSink`): the
/// simulation loop and a coordinator hand it to a run's recorders, a tap to its files. The
/// loop fills the engine's fields; a tap receives no rhythm states but the timeline points
/// themselves, and the energy it asked for, which it keeps in the fields a run leaves empty.
public struct EpochRecord: Sendable {
    /// The model's epoch number, from 0.
    public var epoch: Int64
    /// First step of the epoch.
    public var start: Int64
    /// Steps in the epoch (the last one may be shorter than `d_min`).
    public var steps: Int64
    /// Every spike of the network in this epoch (`emission step << 32 | global id`), ascending.
    public var spikes: [UInt64]
    /// Multimeter samples, by stamp, then population, then neuron, then variable.
    public var samples: [ProbeSample]
    /// Every activation of the network in this epoch, by step, then head.
    public var activations: [Activation]
    /// The rhythms' states during this epoch (empty at a tap: the wire carries the timeline).
    public var rhythms: [RhythmState]
    /// Weight-recorder records of the spikes delivered at the epoch's start, in canonical order
    /// (emission step, source, projection, target, then delivery order).
    public var weights: [WeightRecord]
    /// The rhythms' timeline points at the epoch's first step, as a tap receives them; a run's
    /// recorders derive them from `rhythms` (`EpochRhythms.timeline`), so a run leaves it empty.
    public var timeline: [RhythmPoint]
    /// Each population's energy in the epoch, by population, where it was counted for a tap; a
    /// run's budget is its totals (summary.json), so a run leaves it empty.
    public var energy: [EnergyRecord]

    public init(
        epoch: Int64, start: Int64, steps: Int64, spikes: [UInt64] = [], samples: [ProbeSample] = [],
        activations: [Activation] = [], rhythms: [RhythmState] = [], weights: [WeightRecord] = [],
        timeline: [RhythmPoint] = [], energy: [EnergyRecord] = []
    ) {
        self.epoch = epoch
        self.start = start
        self.steps = steps
        self.spikes = spikes
        self.samples = samples
        self.activations = activations
        self.rhythms = rhythms
        self.weights = weights
        self.timeline = timeline
        self.energy = energy
    }
}
