// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A neuron model as a plug-in (DESIGN §8): its NEST name, parameter table, recordables, NEST's
/// validity checks, the constants it derives for a time grid, its per-neuron state as named flat
/// arrays, and its update. One file per model under `Models/Neurons/`.
///
/// A population is generic over its model (`Population<M>`), so the update loop is specialised
/// per model at compile time; the only switch on the model kind is where a population is made.
protocol NeuronDynamics: Sendable {
    /// Per-neuron state as named flat arrays (struct of arrays).
    associatedtype State: Sendable & NeuronStateColumns

    /// The model's parameters and initial state, NEST's names, defaults and units.
    static var parameters: [ParameterInfo] { get }
    /// What can be recorded, named as NEST names it; `V_m` comes first.
    static var recordables: [String] { get }
    /// The unit of a synaptic weight onto the model.
    static var weightUnit: String { get }
    /// Input channels per neuron: 1 (every weight into one sum) or 2 (excitatory: w > 0, inhibitory: w ≤ 0).
    static var inputChannels: Int { get }
    /// Summary, equations and integration scheme for docs/models.md.
    static var documentation: ModelDocumentation { get }
    /// NEST's own checks on a full set of values (NaN is refused before this is called).
    static func validate(_ model: NeuronModel) throws(ModelParameterError)

    /// The constants of `model` for steps of `grid.resolution` ms.
    init(_ model: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator)
    /// The state of `count` neurons at the model's initial values.
    func makeState(count: Int) -> State
    /// Sets neuron `i`'s membrane potential (mV), for drawn initial potentials.
    func setMembranePotential(_ v: Double, neuron i: Int, in state: inout State)
    /// The value of recordable `index` (into `recordables`) of neuron `i`, in NEST's units.
    func recordable(_ index: Int, neuron i: Int, in state: State) -> Double
    /// Integrates one step for the neurons in `range` (see `StepContext`), appends a spike key
    /// for each spike, and clears the inputs it read. Returns the local index of a neuron whose
    /// integration failed (NEST's `GSLSolverFailure`, `NumericalInstability`), or nil.
    func update(_ state: inout State, _ context: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int?
}

/// What one step of one population block sees.
struct StepContext {
    /// The step being integrated.
    let step: Int64
    /// The current from devices and rhythms that drives this step (pA), without `I_e`.
    let current: Double
    /// The block's inputs: channel c of local neuron i at `input[c·count + i]`.
    let input: UnsafeMutablePointer<Double>
    /// Neurons in the block.
    let count: Int
    /// Global id of local neuron 0.
    let firstGlobal: Int

    /// The key of a spike of local neuron `i` in this step (step << 32 | global id).
    @inline(__always)
    func spikeKey(_ i: Int) -> UInt64 { UInt64(step) << 32 | UInt64(firstGlobal + i) }
}

/// How the non-linear models are integrated: NEST's adaptive scheme (GSL's RKF45 with the step
/// size carried across steps; the default) or a fixed-step classic RK4, opt-in, per run.
public enum NeuronIntegrator: Sendable, Equatable, Codable {
    case nest
    case rk4(substeps: Int)
}

/// The checks most models share, phrased once.
enum ParameterRules {
    static func positive(_ m: NeuronModel, _ names: String..., what: String = "must be positive") throws(ModelParameterError) {
        for n in names where !(m[n] > 0) { throw .invalidValue(name: n, reason: what) }
    }

    static func nonNegative(_ m: NeuronModel, _ names: String..., what: String = "cannot be negative") throws(ModelParameterError) {
        for n in names where !(m[n] >= 0) { throw .invalidValue(name: n, reason: what) }
    }

    static func finite(_ m: NeuronModel, _ names: [String]) throws(ModelParameterError) {
        for n in names where !m[n].isFinite { throw .invalidValue(name: n, reason: "must be finite") }
    }

    static func below(_ m: NeuronModel, _ low: String, _ high: String, what: String) throws(ModelParameterError) {
        if !(m[low] < m[high]) { throw .invalidValue(name: low, reason: what) }
    }
}
