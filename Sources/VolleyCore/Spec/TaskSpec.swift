// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A task scored from the run's spikes and written to `summary.json` under `task`.
public enum TaskSpec: Sendable, Equatable, Codable {
    case induction(InductionTask)
    case conditioning(ConditioningTask)
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

/// Classical conditioning in three arms of one network (docs/conditioning.md): bells (CS) and
/// foods (US) are parrot populations presented as one jittered spike per parrot; responses are
/// scored by which population fires first after a bell presented alone.
///
/// Phases: `cuesPerBell × bells` test cues (before), then `trialsPerBell × bells` training
/// trials, then as many test cues (after). In a trial bell k is presented at the slot's onset in
/// every arm, and food follows: food k after `lead` ms in the paired arm, food k after
/// `unpairedLag` ms in the unpaired arm, food π(k) after `lead` in the shuffled arm (π a
/// derangement). Orders, π and jitters are drawn from `seed`.
public struct ConditioningTask: Sendable, Equatable, Codable {
    /// One arm: its bell, food and response populations (indices into `NetworkSpec.populations`).
    public struct Arm: Sendable, Equatable, Codable {
        public var bells: [Int]
        public var foods: [Int]
        public var responses: [Int]

        public init(bells: [Int], foods: [Int], responses: [Int]) {
            self.bells = bells
            self.foods = foods
            self.responses = responses
        }
    }

    public var paired: Arm
    public var unpaired: Arm
    public var shuffled: Arm
    public var seed: UInt64
    /// ms: first test cue onset; test slot; training slot.
    public var start: Double
    public var testSlot: Double
    public var trialSlot: Double
    public var cuesPerBell: Int
    public var trialsPerBell: Int
    /// ms from bell to food in paired and shuffled trials, and in unpaired ones.
    public var lead: Double
    public var unpairedLag: Double
    /// Each parrot's spike comes 0 …< `jitterSteps` steps after the onset.
    public var jitterSteps: Int
    /// The answer window after a cue's onset, ms: [from, to).
    public var windowFrom: Double
    public var windowTo: Double

    public init(paired: Arm, unpaired: Arm, shuffled: Arm, seed: UInt64, start: Double, testSlot: Double, trialSlot: Double,
                cuesPerBell: Int, trialsPerBell: Int, lead: Double, unpairedLag: Double, jitterSteps: Int,
                windowFrom: Double, windowTo: Double) {
        self.paired = paired
        self.unpaired = unpaired
        self.shuffled = shuffled
        self.seed = seed
        self.start = start
        self.testSlot = testSlot
        self.trialSlot = trialSlot
        self.cuesPerBell = cuesPerBell
        self.trialsPerBell = trialsPerBell
        self.lead = lead
        self.unpairedLag = unpairedLag
        self.jitterSteps = jitterSteps
        self.windowFrom = windowFrom
        self.windowTo = windowTo
    }

    public var bells: Int { paired.bells.count }
    public var arms: [Arm] { [paired, unpaired, shuffled] }

    /// The draws of one seed: cue orders, the trial order, π.
    public struct Draws: Sendable, Equatable {
        public let before: [Int]
        public let training: [Int]
        public let after: [Int]
        public let permutation: [Int]
    }

    public func draws() -> Draws {
        let philox = Philox(seed: seed)
        func shuffled(_ purpose: UInt32, _ items: [Int]) -> [Int] {
            var a = items
            var r = RandomSequence(philox, stream: Self.stream, entity: purpose, counter: 0)
            for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, Int(r.nextInt(below: UInt64(i + 1)))) }
            return a
        }
        let cues = (0..<bells).flatMap { Array(repeating: $0, count: cuesPerBell) }
        let trials = (0..<bells).flatMap { Array(repeating: $0, count: trialsPerBell) }
        var pi = Array(0..<bells)
        var attempt: UInt32 = 0
        repeat {
            pi = shuffled(100 + attempt, Array(0..<bells))
            attempt += 1
        } while bells > 1 && pi.enumerated().contains { $0.offset == $0.element }
        return Draws(before: shuffled(1, cues), training: shuffled(2, trials), after: shuffled(3, cues), permutation: pi)
    }

    static let stream: UInt32 = 0xC0D1

    /// Onsets (ms) of the test cues before and after training, and of the training trials.
    public var trainingStart: Double { start + Double(bells * cuesPerBell) * testSlot }
    public var afterStart: Double { trainingStart + Double(bells * trialsPerBell) * trialSlot }
    public func beforeOnset(_ i: Int) -> Double { start + Double(i) * testSlot }
    public func trialOnset(_ i: Int) -> Double { trainingStart + Double(i) * trialSlot }
    public func afterOnset(_ i: Int) -> Double { afterStart + Double(i) * testSlot }
    /// When the last answer window closes.
    public var end: Double { afterOnset(bells * cuesPerBell - 1) + windowTo }

    /// One presentation of a sensory population: every parrot spikes once, at `onset` plus its
    /// jitter (in steps), drawn per event so that all arms get the same vector.
    public struct Presentation: Sendable, Equatable {
        public let population: Int
        public let onset: Double
        public let event: Int
    }

    /// Every presentation of the run, all arms, in event order.
    public func presentations() -> [Presentation] {
        let d = draws()
        var out: [Presentation] = []
        var event = 0
        for (i, bell) in d.before.enumerated() {
            for arm in arms { out.append(Presentation(population: arm.bells[bell], onset: beforeOnset(i), event: event)) }
            event += 1
        }
        for (i, bell) in d.training.enumerated() {
            let t = trialOnset(i)
            for arm in arms { out.append(Presentation(population: arm.bells[bell], onset: t, event: event)) }
            event += 1
            out.append(Presentation(population: paired.foods[bell], onset: t + lead, event: event))
            out.append(Presentation(population: unpaired.foods[bell], onset: t + unpairedLag, event: event))
            out.append(Presentation(population: shuffled.foods[d.permutation[bell]], onset: t + lead, event: event))
            event += 1
        }
        for (i, bell) in d.after.enumerated() {
            for arm in arms { out.append(Presentation(population: arm.bells[bell], onset: afterOnset(i), event: event)) }
            event += 1
        }
        return out
    }

    /// The jitter (steps) of neuron `i` in presentation event `event`.
    public func jitter(event: Int, neuron i: Int) -> Int {
        var r = RandomSequence(Philox(seed: seed), stream: Self.stream + 1, entity: UInt32(event), counter: UInt64(i))
        return Int(r.nextInt(below: UInt64(jitterSteps)))
    }
}
