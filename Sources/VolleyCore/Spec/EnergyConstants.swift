// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The ATP prices of the activity-based energy budget (model file: `energy:`). The defaults are
/// Attwell & Laughlin (2001), "An energy budget for signaling in the grey matter of the brain",
/// J Cereb Blood Flow Metab 21:1133–1145, for a rodent cortical neuron: 3.84 × 10⁸ ATP per
/// action potential, 1.64 × 10⁵ ATP per released vesicle (pre- and postsynaptic: transmitter
/// recycling, Ca²⁺, receptor currents) times a release probability of 0.25 per spike and
/// synapse, and 3.42 × 10⁸ ATP per neuron and second for the resting potential. Howarth et al.
/// (2012, J Cereb Blood Flow Metab 32:1222) revise the spike's share down (mammalian spikes
/// waste less Na⁺); set `atp_per_spike` for their figures. Hodgkin–Huxley populations price
/// their spikes and rest from their own Na⁺ charge instead (`IonLedger`).
public struct EnergyConstants: Codable, Equatable, Sendable {
    public var atpPerSpike: Double
    public var atpPerSynapticEvent: Double
    public var atpPerNeuronSecond: Double

    public init(atpPerSpike: Double = 3.84e8, atpPerSynapticEvent: Double = 1.64e5 * 0.25, atpPerNeuronSecond: Double = 3.42e8) {
        self.atpPerSpike = atpPerSpike
        self.atpPerSynapticEvent = atpPerSynapticEvent
        self.atpPerNeuronSecond = atpPerNeuronSecond
    }
}
