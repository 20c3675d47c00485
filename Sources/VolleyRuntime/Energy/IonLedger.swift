// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What the Na⁺ and K⁺ charge a Hodgkin–Huxley neuron admits costs to restore: the Na⁺/K⁺
/// pump moves 3 Na⁺ out (and 2 K⁺ in) per ATP, so restoring an inward Na⁺ charge Q takes
/// Q / (3e) ATP (Attwell & Laughlin 2001). The charges are the models' `Q_Na` and `Q_K`
/// recordables (pC since the start), integrated over the solver's own sub-steps.
///
/// A model with the pump itself (`volley_hh_pump`) is priced from the pump: each cycle spends
/// one ATP and moves one net charge out (3 Na⁺ out, 2 K⁺ in), so its `Q_pump` (pC) costs
/// Q_pump / e ATP, whatever the Na⁺ inside did meanwhile; in a steady state 3 Q_pump = Q_Na.
public enum IonLedger {
    /// The elementary charge (C), exact in the SI since 2019.
    public static let elementaryCharge = 1.602176634e-19
    /// Na⁺ ions the pump exports per ATP.
    public static let sodiumPerATP = 3.0

    /// The models whose neurons keep a Na⁺/K⁺ ledger (the `Q_Na` and `Q_K` recordables).
    public static func hasLedger(recordables: [String]) -> Bool {
        recordables.contains("Q_Na") && recordables.contains("Q_K")
    }

    /// ATP needed to pump out an inward Na⁺ charge of `naCharge` pC.
    public static func atp(naCharge pC: Double) -> Double {
        pC * 1e-12 / elementaryCharge / sodiumPerATP
    }

    /// The recordable of a model with a pump: the pump's net outward charge since the start (pC).
    public static let pumpChargeRecordable = "Q_pump"

    /// The models whose ATP is counted from their own pump current (`Q_pump`).
    public static func hasPump(recordables: [String]) -> Bool {
        recordables.contains(pumpChargeRecordable)
    }

    /// ATP the pump spent moving a net charge of `pumpCharge` pC out: one per cycle, one charge per cycle.
    public static func atp(pumpCharge pC: Double) -> Double {
        pC * 1e-12 / elementaryCharge
    }

    /// How a ledger's ATP was counted, as the JSON outputs name it: "pump" (Q_pump / e) or
    /// "sodium_charge" (Q_Na / 3e).
    public static func atpSource(recordables: [String]) -> String {
        hasPump(recordables: recordables) ? "pump" : "sodium_charge"
    }
}
