// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyRuntime
import VolleyWire

extension ShardEnergy {
    /// The part as energy records: one per population the shard holds neurons of or counted
    /// anything for, priced as summary.json's `energy` prices a run (`EnergyBudget`).
    func records(spec: NetworkSpec) -> [EnergyRecord] {
        spec.populations.indices.compactMap { p in
            guard neurons[p] > 0 || counts.synapticEvents[p] != 0 || spikes[p] > 0 else { return nil }
            let entry = EnergyBudget.entry(
                population: p, spec: spec, counts: counts, neurons: neurons[p], spikes: spikes[p], tSim: durationMs)
            return EnergyRecord(
                population: UInt32(p), neurons: UInt32(neurons[p]), spikes: UInt64(spikes[p]),
                synapticEvents: UInt64(counts.synapticEvents[p]), naCharge: EnergyCounts.picocoulombs(counts.naCharge[p]),
                kCharge: EnergyCounts.picocoulombs(counts.kCharge[p]), pumpCharge: EnergyCounts.picocoulombs(counts.pumpCharge[p]),
                atp: entry.atp)
        }
    }
}
