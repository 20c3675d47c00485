// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// One plastic synapse model's arithmetic: NEST's `send()` for one connection, split so that what
/// depends only on the presynaptic spike train is computed once per spike for the whole row.
///
/// Every synapse from one source sees the same spike train, so traces of it (K+, x, u, the last
/// spike time) are equal for all of them: they live once per source (`Pre`), not per synapse.
/// The only per-synapse state is the weight.
protocol SynapseRule: Sendable {
    /// What every synapse of a projection from one source shares.
    associatedtype Pre: Sendable
    init(_ model: SynapseModel)
    /// The shared state before the first spike.
    var initialPre: Pre { get }
    /// Before the spike reaches the row's synapses (tsodyks2 advances x and u here).
    func prepare(_ pre: inout Pre, at tSpike: Double)
    /// The weight this spike carries through one synapse; plastic weights change first.
    func transmit(weight w: inout Double, pre: Pre, post: Int, history: inout PostSynapticHistory, at tSpike: Double, delay: Double) -> Double
    /// After the spike went through every synapse of the row (STDP's K+ and last spike time).
    func finish(_ pre: inout Pre, at tSpike: Double)
    /// The shared state as NEST names it, in `SynapseModelKind.stateVariables` order.
    func stateValues(_ pre: Pre) -> [Double]
    /// The shared state back from `stateValues` (a checkpoint stores it that way).
    func pre(stateValues v: [Double]) -> Pre
}

/// NEST's clock for synapse arithmetic: spike stamps and delays in ms exactly as `Time::get_ms`
/// and `Time::delay_steps_to_ms` compute them (tics times ms per tic; steps times ms per step).
struct SpikeClock: Sendable {
    let ticsPerStep: Int64
    let msPerStep: Double

    init(grid: TimeGrid) {
        ticsPerStep = grid.ticsPerStep
        msPerStep = Double(grid.ticsPerStep) / 1000.0
    }

    /// The time of a spike emitted in step `e` (its stamp is `e + 1`).
    @inline(__always)
    func spikeTime(emission e: Int64) -> Double { (1.0 / 1000.0) * Double((e + 1) * ticsPerStep) }

    @inline(__always)
    func delay(_ steps: Int32) -> Double { Double(steps) * msPerStep }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's `pow`, as NEST's `std::pow` calls it (IEEE: `pow(0, 0) = 1`, which additive
/// STDP relies on).
@inline(__always)
func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
