// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

// An event crosses between the engine's form and the wire's in this file only, each way, so
// that no sender or receiver can drop or narrow a field (a sample's recordable, say) on its
// own. Receiving never traps: a field the wire holds wider than the engine is cut, not checked.

extension WireSample {
    /// The wire form of one of the engine's samples.
    public init(_ s: ProbeSample) {
        self.init(
            population: UInt32(s.population), neuron: UInt32(s.neuron), variable: UInt32(s.variable),
            stamp: UInt64(s.stamp), value: s.value)
    }
}

extension ProbeSample {
    /// The engine's form of a sample received from the wire.
    public init(_ s: WireSample) {
        self.init(
            population: Int(s.population), neuron: Int(s.neuron), stamp: Int64(truncatingIfNeeded: s.stamp),
            value: s.value, variable: Int(s.variable))
    }
}

extension ActivationEvent {
    /// The wire form of one of the engine's activations.
    public init(_ a: Activation) {
        self.init(source: UInt32(a.head), step: UInt32(a.step), vector: a.vector)
    }
}

extension Activation {
    /// The engine's form of an activation received from the wire.
    public init(_ e: ActivationEvent) {
        self.init(step: Int64(e.step), head: Int(e.source), vector: e.vector)
    }
}
