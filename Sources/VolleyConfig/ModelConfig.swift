// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// A loaded model: the network plus run settings.
public struct ModelConfig: Sendable {
    /// The validated network.
    public var network: NetworkSpec
    /// The simulated time in ms; a positive multiple of the resolution.
    public var tSim: Double
    /// The seed of the model's random streams.
    public var seed: UInt64
    /// The final parameter values (after `--set`), in file order, for `summary.json`.
    public var parameters: [(name: String, value: ConfigValue)]
    /// The final derived values, in file order, for `summary.json`.
    public var derived: [(name: String, value: ConfigValue)]

    public init(
        network: NetworkSpec,
        tSim: Double,
        seed: UInt64,
        parameters: [(name: String, value: ConfigValue)] = [],
        derived: [(name: String, value: ConfigValue)] = []
    ) {
        self.network = network
        self.tSim = tSim
        self.seed = seed
        self.parameters = parameters
        self.derived = derived
    }
}
