// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyRuntime
import VolleyWire

// A sample crosses between the engine and the wire in one place each way, so that no sender or
// receiver can drop a field (the recordable's index, say) on its own.

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
            population: Int(s.population), neuron: Int(s.neuron), stamp: Int64(s.stamp), value: s.value,
            variable: Int(s.variable))
    }
}
