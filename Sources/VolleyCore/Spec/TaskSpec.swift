// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A task scored from the run's spikes and written to `summary.json` under `task`.
public enum TaskSpec: Sendable, Equatable, Codable {
    case induction(InductionTask)
}

/// Next-token prediction on sequences with a repeat: each sequence is `prefixLength` distinct
/// tokens followed by the same tokens again, one token per slot, presented as spikes of the
/// token's sensory population; the prediction for the next token is the first motor
/// population to fire after a token's onset. Positions in the repeat (but its last) are
/// predictable.
public struct InductionTask: Sendable, Equatable, Codable {
    public var vocabulary: Int
    public var prefixLength: Int
    public var sequences: Int
    public var seed: UInt64
    /// ms per token.
    public var slot: Double
    /// ms of silence after each sequence.
    public var gap: Double
    /// ms before the first sequence.
    public var start: Double
    /// Sensory and motor population per token (indices into `NetworkSpec.populations`).
    public var sensory: [Int]
    public var motor: [Int]

    public init(vocabulary: Int, prefixLength: Int, sequences: Int, seed: UInt64, slot: Double, gap: Double, start: Double,
                sensory: [Int], motor: [Int]) {
        self.vocabulary = vocabulary
        self.prefixLength = prefixLength
        self.sequences = sequences
        self.seed = seed
        self.slot = slot
        self.gap = gap
        self.start = start
        self.sensory = sensory
        self.motor = motor
    }

    /// ms from one sequence's start to the next.
    public var period: Double { Double(2 * prefixLength) * slot + gap }

    /// The sequences: `prefixLength` distinct tokens drawn from the vocabulary, then repeated.
    public func tokens() -> [[Int]] {
        (0..<sequences).map { s in
            var pool = Array(0..<vocabulary)
            var prefix: [Int] = []
            for j in 0..<prefixLength {
                var r = RandomSequence(Philox(seed: seed), stream: 0x7A5C, entity: UInt32(s), counter: UInt64(j))
                prefix.append(pool.remove(at: Int(r.nextInt(below: UInt64(pool.count)))))
            }
            return prefix + prefix
        }
    }

    /// The onset (ms) of token `position` of sequence `sequence`.
    public func onset(sequence: Int, position: Int) -> Double {
        start + Double(sequence) * period + Double(position) * slot
    }
}
