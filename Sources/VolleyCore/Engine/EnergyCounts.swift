// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What the energy budget of a run is made from, per population: the synaptic events its
/// spikes caused (spike × synapse, wherever the synapse lives) and, for models that keep an
/// ion ledger, the Na⁺ and K⁺ charge its neurons admitted (pC, inward Na⁺ and outward K⁺
/// positive; 0 for other models) and, for models with a Na⁺/K⁺ pump, the charge the pump
/// moved out (pC; 0 for other models). Parts from shards and workers add up.
public struct EnergyCounts: Codable, Equatable, Sendable {
    public var synapticEvents: [Int]
    public var naCharge: [Double]
    public var kCharge: [Double]
    public var pumpCharge: [Double]

    public init(populations: Int) {
        synapticEvents = Array(repeating: 0, count: populations)
        naCharge = Array(repeating: 0, count: populations)
        kCharge = Array(repeating: 0, count: populations)
        pumpCharge = Array(repeating: 0, count: populations)
    }

    /// Adds another part (of the same model).
    public mutating func add(_ other: EnergyCounts) {
        for p in synapticEvents.indices where p < other.synapticEvents.count {
            synapticEvents[p] += other.synapticEvents[p]
            naCharge[p] += other.naCharge[p]
            kCharge[p] += other.kCharge[p]
            if p < other.pumpCharge.count { pumpCharge[p] += other.pumpCharge[p] }
        }
    }

    /// What was added since `earlier` (a snapshot of the same counts).
    public func since(_ earlier: EnergyCounts) -> EnergyCounts {
        var d = self
        for p in d.synapticEvents.indices where p < earlier.synapticEvents.count {
            d.synapticEvents[p] -= earlier.synapticEvents[p]
            d.naCharge[p] -= earlier.naCharge[p]
            d.kCharge[p] -= earlier.kCharge[p]
            if p < earlier.pumpCharge.count { d.pumpCharge[p] -= earlier.pumpCharge[p] }
        }
        return d
    }
}
