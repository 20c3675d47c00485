// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Poisson input from one `poisson_generator` connection into one population block: every
/// neuron gets its own train (as in NEST), drawn per (connection, neuron, emission step).
struct PoissonDrive: Sendable {
    let table: PoissonTable?
    let lambda: Double
    let weight: Double
    let delay: Int64
    /// Emission steps e with `after < e ≤ through` are active (NEST's `is_active` for spike generators).
    let after: Int64
    let through: Int64
    let stream: UInt32
    /// The channel within the block the spikes go to (0: excitatory or the only one, 1: inhibitory).
    let channel: Int
    /// The block's neurons (local indices) the generator reaches.
    let local: Range<Int>

    /// Whether the train that arrives in step `n` was emitted in the active window.
    @inline(__always)
    func active(arrival n: Int64) -> Bool {
        let e = n - delay
        return e > after && e <= through
    }
}

/// Current from one `dc_generator` connection into one population block.
struct CurrentDrive: Sendable {
    /// Amplitude times connection weight, pA.
    let current: Double
    let delay: Int64
    /// Emission steps e with `after < e + 2 ≤ through` are active (NEST's rule for current
    /// generators: the step's stamp lies in [start, stop)).
    let after: Int64
    let through: Int64

    @inline(__always)
    func value(arrival n: Int64) -> Double {
        let e = n - delay
        return (e + 2 > after && e + 2 <= through) ? current : 0
    }
}

/// The spikes of one `spike_generator` into one shard: its emission steps and, per connection,
/// the local targets (input offsets), weight and delay.
struct SpikeGeneratorDrive: Sendable {
    /// Emission steps (stamp − 1), ascending.
    let emissions: [Int64]
    /// Per-spike weight factors (NEST's `spike_weights`); empty means 1.
    let spikeWeights: [Double]
    var connections: [Connection]

    struct Connection: Sendable {
        let targets: [UInt32]
        let weight: Double
        let delay: Int64
    }

    /// Every spike of every generator as one list in arrival order (then generator,
    /// connection, emission), with the target lists they share.
    static func schedule(_ drives: [SpikeGeneratorDrive]) -> ([GeneratorSpike], [[UInt32]]) {
        var spikes: [GeneratorSpike] = []
        var targets: [[UInt32]] = []
        for d in drives {
            for c in d.connections {
                targets.append(c.targets)
                for (i, e) in d.emissions.enumerated() {
                    let w = d.spikeWeights.isEmpty ? c.weight : d.spikeWeights[i] * c.weight
                    spikes.append(GeneratorSpike(arrival: e + c.delay, targets: targets.count - 1, weight: w))
                }
            }
        }
        // A stable sort keeps the (generator, connection, emission) order within a step.
        let order = spikes.indices.sorted { (spikes[$0].arrival, $0) < (spikes[$1].arrival, $1) }
        return (order.map { spikes[$0] }, targets)
    }
}

/// One generator spike arriving in a step: its targets (an index into the shared target lists) and weight.
struct GeneratorSpike: Sendable {
    let arrival: Int64
    let targets: Int
    let weight: Double
}
