// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// The energy budget of a run, per population, as summary.json's `energy` holds it.
///
/// A population of point neurons is priced by its activity (`EnergyConstants`): its spikes, the
/// synaptic events they cause (spike × synapse, charged to the sending population), and its
/// neurons' resting potential over the run. A Hodgkin–Huxley population prices its spikes and
/// rest from its own ion ledger instead, the ATP the Na⁺/K⁺ pump needs for the Na⁺ charge its
/// channels admitted (`IonLedger`), plus the same synaptic price; a population whose model has
/// the pump itself (`volley_hh_pump`) pays what its pumps spent (Q_pump / e) instead.
public enum EnergyBudget {
    /// One population's budget.
    public struct Entry: Sendable {
        public var atp: Double
        public var atpPerSecond: Double
        public var atpPerSpike: Double?
        /// (part, fraction of `atp`): spikes, synaptic, rest — or ion_channels, synaptic.
        public var shares: [(String, Double)]
        public var synapticEvents: Int
        /// Hodgkin–Huxley populations: inward Na⁺ and outward K⁺ charge (pC).
        public var charges: (na: Double, k: Double)?
        /// Populations with a pump: the charge it moved out (pC).
        public var pumpCharge: Double?
        /// Populations with a ledger: how their ATP was counted ("pump" or "sodium_charge").
        public var atpSource: String?
    }

    /// The budget of population `p` with `neurons` neurons and `spikes` spikes over `tSim` ms.
    public static func entry(
        population p: Int, spec: NetworkSpec, counts: EnergyCounts, neurons: Int, spikes: Int, tSim: Double
    ) -> Entry {
        let c = spec.energy
        let seconds = tSim / 1000
        let synaptic = Double(counts.synapticEvents[p]) * c.atpPerSynapticEvent
        var parts: [(String, Double)]
        var charges: (na: Double, k: Double)?
        var pumpCharge: Double?
        var source: String?
        let recordables = spec.populations[p].model.kind.recordables
        if IonLedger.hasLedger(recordables: recordables) {
            let na = EnergyCounts.picocoulombs(counts.naCharge[p])
            charges = (na, EnergyCounts.picocoulombs(counts.kCharge[p]))
            source = IonLedger.atpSource(recordables: recordables)
            if IonLedger.hasPump(recordables: recordables) {
                let q = EnergyCounts.picocoulombs(counts.pumpCharge[p])
                pumpCharge = q
                parts = [("pump", IonLedger.atp(pumpCharge: q)), ("synaptic", synaptic)]
            } else {
                parts = [("ion_channels", IonLedger.atp(naCharge: na)), ("synaptic", synaptic)]
            }
        } else {
            parts = [("spikes", Double(spikes) * c.atpPerSpike), ("synaptic", synaptic),
                     ("rest", Double(neurons) * seconds * c.atpPerNeuronSecond)]
        }
        let atp = parts.reduce(0) { $0 + $1.1 }
        return Entry(
            atp: atp, atpPerSecond: seconds > 0 ? atp / seconds : 0, atpPerSpike: spikes > 0 ? atp / Double(spikes) : nil,
            shares: parts.map { ($0.0, atp > 0 ? $0.1 / atp : 0) }, synapticEvents: counts.synapticEvents[p], charges: charges,
            pumpCharge: pumpCharge, atpSource: source)
    }

    /// summary.json's `energy`: the prices, each population's budget and the total.
    public static func json(entries: [(String, Entry)], constants c: EnergyConstants, tSim: Double) -> JSONValue {
        let total = entries.reduce(0) { $0 + $1.1.atp }
        return .object([
            ("constants", .object([
                ("atp_per_spike", .number(c.atpPerSpike)), ("atp_per_synaptic_event", .number(c.atpPerSynapticEvent)),
                ("atp_per_neuron_second", .number(c.atpPerNeuronSecond)),
                ("source", .string("Attwell & Laughlin (2001), J Cereb Blood Flow Metab 21:1133; Hodgkin–Huxley populations: their Na⁺ charge / 3e, or their pump's charge / e")),
            ])),
            ("populations", .object(entries.map { name, e in
                var members: [(String, JSONValue)] = [
                    ("atp", .number(e.atp)), ("atp_per_s", .number(e.atpPerSecond)),
                    ("atp_per_spike", e.atpPerSpike.map { .number($0) } ?? .null),
                    ("synaptic_events", .integer(e.synapticEvents)),
                    ("share", .object(e.shares.map { ($0.0, .number($0.1)) })),
                ]
                if let q = e.charges {
                    members.append(("na_charge_pC", .number(q.na)))
                    members.append(("k_charge_pC", .number(q.k)))
                }
                if let q = e.pumpCharge { members.append(("pump_charge_pC", .number(q))) }
                if let source = e.atpSource { members.append(("atp_source", .string(source))) }
                return (name, .object(members))
            })),
            ("atp", .number(total)),
            ("atp_per_s", .number(tSim > 0 ? total / (tSim / 1000) : 0)),
        ])
    }
}
