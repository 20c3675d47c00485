// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A named global oscillation (theta, gamma, …) whose phase the model can use as a positional
/// code and as a drive. The coordinator owns rhythms and sends their phase with every release.
public struct RhythmSpec: Sendable, Equatable, Codable {
    /// The rhythm's name.
    public var name: String
    /// Hz; for a nested rhythm, derived from its parent and `nesting.cycles`.
    public var frequency: Double
    /// Radians at step 0.
    public var initialPhase: Double
    /// Phase-locked inside a slower rhythm (gamma inside theta).
    public var nesting: RhythmNesting?
    /// Sped up by a population's recent spikes.
    public var entrainment: RhythmEntrainment?
    /// `on`, `off` (phase always 0) or `scrambled` (a random phase at every step).
    public var mode: RhythmMode

    public init(name: String, frequency: Double, initialPhase: Double = 0, nesting: RhythmNesting? = nil,
                entrainment: RhythmEntrainment? = nil, mode: RhythmMode = .on) {
        self.name = name
        self.frequency = frequency
        self.initialPhase = initialPhase
        self.nesting = nesting
        self.entrainment = entrainment
        self.mode = mode
    }
}

/// A rhythm nested in another: `cycles` of it per cycle of the parent, phase-locked.
public struct RhythmNesting: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.rhythms`; the parent comes earlier in the list.
    public var parent: Int
    public var cycles: Double

    public init(parent: Int, cycles: Double) {
        self.parent = parent
        self.cycles = cycles
    }
}

/// Entrainment by a population: in each epoch the phase advances by its free-running amount
/// plus `gain` radians per spike the population fired `lag` epochs earlier.
public struct RhythmEntrainment: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.populations`.
    public var population: Int
    /// Radians per spike.
    public var gain: Double
    /// Epochs between the spikes counted and the phase they move (at least 1).
    public var lagEpochs: Int

    public init(population: Int, gain: Double, lagEpochs: Int = 1) {
        self.population = population
        self.gain = gain
        self.lagEpochs = lagEpochs
    }
}

/// How a rhythm presents its phase; the controls of the positional-code claim.
public enum RhythmMode: String, Sendable, Equatable, Codable {
    case on, off, scrambled
}

/// A sinusoidal current into every neuron of a population: `offset + amplitude · sin(phase)` pA.
public struct RhythmDriveSpec: Sendable, Equatable, Codable {
    /// Index into `NetworkSpec.rhythms`.
    public var rhythm: Int
    public var amplitude: Double
    public var offset: Double

    public init(rhythm: Int, amplitude: Double, offset: Double = 0) {
        self.rhythm = rhythm
        self.amplitude = amplitude
        self.offset = offset
    }
}
