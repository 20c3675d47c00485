// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One population's energy in one epoch, as counted on one shard (or, summed, on all of them):
/// its neurons there, their spikes, the synaptic events its spikes caused there, its ion
/// ledger's charges (pC; 0 for models without one) and the ATP all of that costs, priced as
/// summary.json's `energy` prices it. Sums over shards and epochs give the run's budget.
public struct EnergyRecord: Sendable, Equatable {
    public var population: UInt32
    public var neurons: UInt32
    public var spikes: UInt64
    public var synapticEvents: UInt64
    public var naCharge: Double
    public var kCharge: Double
    public var pumpCharge: Double
    public var atp: Double

    public init(
        population: UInt32, neurons: UInt32, spikes: UInt64, synapticEvents: UInt64, naCharge: Double, kCharge: Double,
        pumpCharge: Double, atp: Double
    ) {
        self.population = population
        self.neurons = neurons
        self.spikes = spikes
        self.synapticEvents = synapticEvents
        self.naCharge = naCharge
        self.kCharge = kCharge
        self.pumpCharge = pumpCharge
        self.atp = atp
    }

    /// Adds another shard's part of the same population and epoch.
    public mutating func add(_ other: EnergyRecord) {
        neurons += other.neurons
        spikes += other.spikes
        synapticEvents += other.synapticEvents
        naCharge += other.naCharge
        kCharge += other.kCharge
        pumpCharge += other.pumpCharge
        atp += other.atp
    }

    /// Records of one epoch from any number of shards, one per population, by population.
    public static func merged(_ records: [EnergyRecord]) -> [EnergyRecord] {
        var byPopulation: [UInt32: EnergyRecord] = [:]
        for r in records {
            if byPopulation[r.population] == nil { byPopulation[r.population] = r } else { byPopulation[r.population]!.add(r) }
        }
        return byPopulation.keys.sorted().map { byPopulation[$0]! }
    }
}
