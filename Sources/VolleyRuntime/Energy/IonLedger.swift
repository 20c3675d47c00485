// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// What the Na⁺ and K⁺ charge a Hodgkin–Huxley neuron admits costs to restore: the Na⁺/K⁺
/// pump moves 3 Na⁺ out (and 2 K⁺ in) per ATP, so restoring an inward Na⁺ charge Q takes
/// Q / (3e) ATP (Attwell & Laughlin 2001). The charges are the models' `Q_Na` and `Q_K`
/// recordables (pC since the start), integrated over the solver's own sub-steps.
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
}
