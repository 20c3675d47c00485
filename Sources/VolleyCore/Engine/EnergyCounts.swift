// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What the energy budget of a run is made from, per population: the synaptic events its
/// spikes caused (spike × synapse, wherever the synapse lives) and, for models that keep an
/// ion ledger, the Na⁺ and K⁺ charge its neurons admitted (inward Na⁺ and outward K⁺
/// positive; 0 for other models) and, for models with a Na⁺/K⁺ pump, the charge the pump
/// moved out (0 for other models). Parts from shards and workers add up.
///
/// Charges are counted in attocoulombs (10⁻¹⁸ C, 10⁻⁶ pC) as integers, each neuron's rounded
/// once: integers add exactly in any order, so the sums — and summary.json — are the same on
/// every layout, and an epoch's part is an exact difference of two totals. Int64 holds 9.2 ×
/// 10¹² pC per population, 11 days of COBAHH.
public struct EnergyCounts: Codable, Equatable, Sendable {
    public var synapticEvents: [Int]
    /// Per population, in attocoulombs (`picocoulombs(_:)` converts).
    public var naCharge: [Int64]
    public var kCharge: [Int64]
    public var pumpCharge: [Int64]

    /// Attocoulombs per picocoulomb.
    public static let attocoulombsPerPicocoulomb = 1e6

    public init(populations: Int) {
        synapticEvents = Array(repeating: 0, count: populations)
        naCharge = Array(repeating: 0, count: populations)
        kCharge = Array(repeating: 0, count: populations)
        pumpCharge = Array(repeating: 0, count: populations)
    }

    /// A count of attocoulombs in picocoulombs.
    public static func picocoulombs(_ attocoulombs: Int64) -> Double { Double(attocoulombs) / attocoulombsPerPicocoulomb }

    /// Adds another part (of the same model).
    public mutating func add(_ other: EnergyCounts) {
        for p in synapticEvents.indices where p < other.synapticEvents.count {
            synapticEvents[p] += other.synapticEvents[p]
            naCharge[p] += other.naCharge[p]
            kCharge[p] += other.kCharge[p]
            pumpCharge[p] += other.pumpCharge[p]
        }
    }

    /// What was added since `earlier` (a snapshot of the same counts), exactly.
    public func since(_ earlier: EnergyCounts) -> EnergyCounts {
        var d = self
        for p in d.synapticEvents.indices where p < earlier.synapticEvents.count {
            d.synapticEvents[p] -= earlier.synapticEvents[p]
            d.naCharge[p] -= earlier.naCharge[p]
            d.kCharge[p] -= earlier.kCharge[p]
            d.pumpCharge[p] -= earlier.pumpCharge[p]
        }
        return d
    }
}
