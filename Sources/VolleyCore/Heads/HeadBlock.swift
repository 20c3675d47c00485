// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// An activation event: the output vector of one head in the step it was emitted.
public struct Activation: Sendable, Equatable {
    /// Emission step; the event arrives at its targets `delay` steps later.
    public let step: Int64
    /// Global head id (head populations in order, heads in order).
    public let head: Int
    public let vector: [Float]

    public init(step: Int64, head: Int, vector: [Float]) {
        self.step = step
        self.head = head
        self.vector = vector
    }
}

/// The heads one shard owns of one head population, with the rhythms they read.
struct HeadBlock: Sendable {
    let population: Int
    let firstGlobal: Int
    var heads: [AttentionHead]
    /// The rhythm whose phase rotates queries and keys, and the one whose cycles bound the context.
    let rotaryRhythm: Int?
    let cycleRhythm: Int?

    /// Runs the events arriving in step `n` through every head, appending their outputs.
    mutating func process(step n: Int64, vectors: [[Double]], rhythms: EpochRhythms?, into out: inout [Activation]) {
        guard !vectors.isEmpty else { return }
        let phase = rotaryRhythm.flatMap { r in rhythms.map { $0.phase(r, step: n) } } ?? 0
        let cycle = cycleRhythm.flatMap { r in rhythms.map { $0.cycle(r, step: n) } } ?? 0
        let events = vectors.map { HeadInput(vector: $0, step: n, phase: phase, cycle: cycle) }
        for h in heads.indices {
            for o in heads[h].receive(events) {
                if let o { out.append(Activation(step: n, head: firstGlobal + h, vector: o)) }
            }
        }
    }
}
