// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A model whose update is a per-neuron `NeuronKernel` (the conductance-based, AdEx,
/// Hodgkin–Huxley and Izhikevich models): the kernel holds the constants, each neuron its own
/// state vector, refractory count and adaptive step size (NEST carries the step size across
/// steps per neuron, so neurons cannot share one).
struct KernelNeurons<K: DocumentedKernel>: NeuronDynamics {
    static var parameters: [ParameterInfo] { K.parameters.map { ParameterInfo($0.name, $0.default, $0.unit, $0.summary) } }
    static var recordables: [String] { K.recordables }
    static var weightUnit: String { K.weightUnit }
    static var inputChannels: Int { K.inputChannels }
    static var documentation: ModelDocumentation { K.documentation }

    static func validate(_ m: NeuronModel) throws(ModelParameterError) {
        try ParameterRules.finite(m, K.parameters.map(\.name).filter { K.mayBeInfinite.contains($0) == false })
        if let (name, reason) = K.validate({ m[$0] }) { throw .invalidValue(name: name, reason: reason) }
    }

    /// Every neuron's state vector, refractory count and step size.
    struct State: Sendable {
        var neurons: [ODENeuronState]
    }

    let kernel: K

    init(_ m: NeuronModel, grid: TimeGrid, integrator: NeuronIntegrator) {
        let scheme: ODEIntegrator
        switch integrator {
        case .nest: scheme = .nest
        case .rk4(let k): scheme = .rk4(substeps: k)
        }
        kernel = K(parameters: { m[$0] }, resolution: grid.resolution, integrator: scheme)
    }

    func makeState(count: Int) -> State { State(neurons: Array(repeating: kernel.initialState(), count: count)) }

    func setMembranePotential(_ v: Double, neuron i: Int, in s: inout State) {
        s.neurons[i].y[0] = v
        s.neurons[i].forgetDerivative()
    }

    func recordable(_ index: Int, neuron i: Int, in s: State) -> Double { kernel.recordable(index, s.neurons[i]) }

    func update(_ s: inout State, _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]) -> Int? {
        Self.step(kernel, &s.neurons, c, range: range, spikes: &spikes)
    }

    /// One step of `kernel` for the neurons in `range`: reads and clears their inputs, appends a
    /// key per spike, and returns the first neuron whose integration failed.
    @inline(__always)
    static func step(
        _ kernel: K, _ neurons: inout [ODENeuronState], _ c: StepContext, range: Range<Int>, spikes: inout [UInt64]
    ) -> Int? {
        let excitatory = c.input
        let inhibitory = K.inputChannels == 2 ? c.input + c.count : nil
        let current = c.current
        var failed: Int?
        neurons.withUnsafeMutableBufferPointer { n in
            for i in range {
                let inh = inhibitory.map { $0[i] } ?? 0
                let outcome = kernel.step(&n[i], current: current, excitatory: excitatory[i], inhibitory: inh)
                excitatory[i] = 0
                inhibitory?[i] = 0
                // A fixed step too long for the dynamics (rk4 on a fast Hodgkin–Huxley spike)
                // diverges instead of failing: stop there too, before a NaN reaches an output.
                if outcome.failed || !n[i].y[0].isFinite {
                    if failed == nil { failed = i }
                    continue
                }
                for _ in 0..<outcome.spikes { spikes.append(c.spikeKey(i)) }
            }
        }
        return failed
    }
}

/// A kernel with what the docs and the engine need beyond its numerics.
protocol DocumentedKernel: NeuronKernel {
    /// Summary, equations and integration scheme for docs/models.md.
    static var documentation: ModelDocumentation { get }
    /// The unit of a synaptic weight onto the model.
    static var weightUnit: String { get }
    /// 2: excitatory and inhibitory inputs apart (by weight sign); 1: one sum.
    static var inputChannels: Int { get }
    /// Parameters that may be ±∞ (NEST accepts e.g. an unbounded `V_min`).
    static var mayBeInfinite: Set<String> { get }
}

extension DocumentedKernel {
    static var inputChannels: Int { 2 }
    static var mayBeInfinite: Set<String> { [] }
}

extension KernelNeurons.State: NeuronStateColumns {
    mutating func visitColumns<V: StateColumnVisitor>(_ v: inout V) {
        v.column("neurons", &neurons)
    }
}
