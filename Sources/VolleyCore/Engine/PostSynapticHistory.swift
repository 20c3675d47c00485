// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// The post-spike history STDP synapses read, for every neuron of one shard: NEST's
/// `ArchivingNode` (`nestkernel/archiving_node.cpp`), with its trace K−, its windows, its
/// `stdp_eps` and its pruning rule.
///
/// Neurons are indexed by their ordinal in the shard (blocks in population order). Only neurons
/// with STDP inputs keep a history, as in NEST. Spikes are added after each epoch and read when
/// the next epoch's spikes are delivered, which is when NEST reads them too: every post spike up
/// to `t_spike − d` is known by then because `d ≥ d_min`.
struct PostSynapticHistory: Sendable {
    /// One post spike: its time (ms), K− just after it, and how many synapses have read it.
    struct Entry: Sendable {
        var t: Double
        var kminus: Double
        var reads: Int32
    }

    /// NEST's `stdp_eps` (ms): window edges are shifted by it so that equal times compare safely.
    static let eps = 1.0e-6

    private var entries: [[Entry]]
    private var kminus: [Double]
    private var lastSpike: [Double]
    private var tauMinusInverse: [Double]
    /// STDP synapses onto each neuron (NEST's `n_incoming_`).
    private var incoming: [Int32]
    /// The longest delay of those synapses (ms).
    private var maxDelay: [Double]
    private let minDelay: Double

    /// Histories for `count` neurons with their `tau_minus` (ms); `minDelay` is d_min in ms.
    init(tauMinus: [Double], minDelay: Double) {
        let n = tauMinus.count
        entries = Array(repeating: [], count: n)
        kminus = Array(repeating: 0, count: n)
        lastSpike = Array(repeating: -1, count: n)
        tauMinusInverse = tauMinus.map { 1.0 / $0 }
        incoming = Array(repeating: 0, count: n)
        maxDelay = Array(repeating: 0, count: n)
        self.minDelay = minDelay
    }

    /// An empty history for a shard without STDP synapses.
    static let none = PostSynapticHistory(tauMinus: [], minDelay: 0)

    /// Counts one more STDP synapse of delay `delay` ms onto neuron `post`.
    mutating func register(_ post: Int, delay: Double) {
        incoming[post] += 1
        maxDelay[post] = max(maxDelay[post], delay)
    }

    /// Whether neuron `post` keeps a history.
    func tracks(_ post: Int) -> Bool { post < incoming.count && incoming[post] > 0 }

    /// What neuron `post`'s history holds beyond what the model fixes (for checkpoints): K−,
    /// the last spike time and the entries with their read counts.
    func saved(_ post: Int) -> (kminus: Double, lastSpike: Double, entries: [Entry]) {
        (kminus[post], lastSpike[post], entries[post])
    }

    /// Puts back what `saved` read out, into a history built for the same synapses.
    mutating func restore(_ post: Int, kminus k: Double, lastSpike t: Double, entries e: [Entry]) {
        kminus[post] = k
        lastSpike[post] = t
        entries[post] = e
    }

    /// NEST's `set_spiketime`: drops entries every synapse has read that no later read can need,
    /// updates K− and appends the spike at `t` ms.
    mutating func spike(_ post: Int, at t: Double) {
        guard incoming[post] > 0 else {
            lastSpike[post] = t
            return
        }
        var drop = 0
        let h = entries[post].count
        while h - drop > 1 {
            let next = entries[post][drop + 1].t
            guard entries[post][drop].reads >= incoming[post], t - next > maxDelay[post] + minDelay + Self.eps else { break }
            drop += 1
        }
        if drop > 0 { entries[post].removeFirst(drop) }
        kminus[post] = kminus[post] * Double.exp((lastSpike[post] - t) * tauMinusInverse[post]) + 1.0
        lastSpike[post] = t
        entries[post].append(Entry(t: t, kminus: kminus[post], reads: 0))
    }

    /// NEST's `get_history(t1, t2)`: the entries with `t1 + eps ≤ t < t2 + eps`, marked as read.
    @inline(__always)
    mutating func read(_ post: Int, from t1: Double, to t2: Double) -> Range<Int> {
        let t2Limit = t2 + Self.eps, t1Limit = t1 + Self.eps
        var i = entries[post].count
        while i > 0 && entries[post][i - 1].t >= t2Limit { i -= 1 }
        let finish = i
        while i > 0 && entries[post][i - 1].t >= t1Limit {
            entries[post][i - 1].reads += 1
            i -= 1
        }
        return i..<finish
    }

    /// The time of entry `i` of neuron `post`.
    @inline(__always)
    func spikeTime(_ post: Int, _ i: Int) -> Double { entries[post][i].t }

    /// NEST's `get_K_value(t)`: K− of the latest spike strictly before `t` (by more than eps),
    /// decayed to `t`; 0 before the first spike.
    @inline(__always)
    func kValue(_ post: Int, at t: Double) -> Double {
        var i = entries[post].count - 1
        while i >= 0 {
            let e = entries[post][i]
            if t - e.t > Self.eps { return e.kminus * Double.exp((e.t - t) * tauMinusInverse[post]) }
            i -= 1
        }
        return 0
    }
}
