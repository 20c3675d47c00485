// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Where each population's ion ledger sits among its model's recordables: read once per model,
/// then summed per shard (for summary.json at the end, and per epoch for the taps).
struct EnergyLedgerIndex {
    /// (Q_Na, Q_K) recordable indices of the populations whose model keeps an ion ledger.
    let ions: [(na: Int, k: Int)?]
    /// Q_pump recordable indices of the populations whose model has a pump.
    let pumps: [Int?]

    init(spec: NetworkSpec) {
        ions = spec.populations.map { p in
            p.model.kind.recordableIndex("Q_Na").flatMap { na in p.model.kind.recordableIndex("Q_K").map { (na, $0) } }
        }
        pumps = spec.populations.map { $0.model.kind.recordableIndex(IonLedger.pumpChargeRecordable) }
    }

    /// Adds `shard`'s counts so far (since the start of the run) to `counts`.
    func add(_ shard: inout Shard, to counts: inout EnergyCounts) {
        for (p, n) in shard.eventsBySourcePopulation.enumerated() { counts.synapticEvents[p] += n }
        for (p, ledger) in ions.enumerated() {
            guard let (na, k) = ledger else { continue }
            counts.naCharge[p] += shard.total(recordable: na, population: p, scale: EnergyCounts.attocoulombsPerPicocoulomb)
            counts.kCharge[p] += shard.total(recordable: k, population: p, scale: EnergyCounts.attocoulombsPerPicocoulomb)
        }
        for (p, pump) in pumps.enumerated() {
            guard let pump else { continue }
            counts.pumpCharge[p] += shard.total(recordable: pump, population: p, scale: EnergyCounts.attocoulombsPerPicocoulomb)
        }
    }
}
