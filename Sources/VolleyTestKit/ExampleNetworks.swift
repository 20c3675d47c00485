// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Small networks built in code for tests that must not depend on the config format: every
/// model, rule, distribution and device in one place, at sizes a debug build runs in seconds.
public enum ExampleNetworks {
    /// Brunel's (2000) balanced network of `iaf_psc_delta` neurons (NE = 4·order, NI = order,
    /// 10 % connectivity, Poisson drive `eta` times threshold rate), as in NEST's example.
    public static func brunel(order: Int, g: Double = 5, eta: Double = 2, delay: Double = 1.5) -> NetworkSpec {
        let ne = 4 * order, ni = order
        let ce = ne / 10, ci = ni / 10
        let j = 0.1, tau = 20.0, theta = 20.0
        let rate = 1000 * eta * theta / (j * Double(ce) * tau) * Double(ce)
        let neuron = try! NeuronModel(kind: .iafPscDelta, parameters: [
            "C_m": 1, "tau_m": tau, "t_ref": 2, "E_L": 0, "V_reset": 10, "V_m": 0, "V_th": theta,
        ])
        return NetworkSpec(
            name: "brunel-\(order)",
            populations: [
                PopulationSpec(name: "E", size: ne, model: neuron),
                PopulationSpec(name: "I", size: ni, model: neuron),
            ],
            devices: [DeviceSpec(name: "noise", model: .poissonGenerator(rate: rate, start: 0, stop: .infinity))],
            projections: [
                ProjectionSpec(sources: [0], targets: [0, 1], rule: .fixedIndegree(ce), weight: .constant(j), delay: .constant(delay)),
                ProjectionSpec(sources: [1], targets: [0, 1], rule: .fixedIndegree(ci), weight: .constant(-g * j), delay: .constant(delay)),
            ],
            deviceConnections: [DeviceConnectionSpec(device: 0, targets: [0, 1], weight: j, delay: delay)]
        )
    }

    /// A network that uses every neuron model, connection rule, weight and delay distribution
    /// and device, with varied delays down to one step: the hardest case for shard invariance.
    public static func everything(size: Int = 60) -> NetworkSpec {
        let delta = try! NeuronModel(kind: .iafPscDelta, parameters: ["V_th": -55, "t_ref": 1.5])
        let exp = try! NeuronModel(kind: .iafPscExp, parameters: ["tau_syn_ex": 0.5, "tau_syn_in": 1.0, "I_e": 100])
        let alpha = try! NeuronModel(kind: .iafPscAlpha, parameters: ["tau_syn_ex": 1.0, "tau_syn_in": 2.0, "I_e": 150])
        let weight = ValueDistribution.normal(mean: 60, std: 20, min: 0, max: .infinity)
        let delay = ValueDistribution.normal(mean: 1.0, std: 0.5, min: 0.05, max: .infinity)
        return NetworkSpec(
            name: "everything",
            populations: [
                PopulationSpec(name: "A", size: size, model: delta,
                               initialMembranePotential: .uniform(min: -70, max: -56)),
                PopulationSpec(name: "B", size: size / 2 + 3, model: exp,
                               initialMembranePotential: .normal(mean: -65, std: 4, min: -80, max: -56)),
                PopulationSpec(name: "C", size: size / 3 + 1, model: alpha),
            ],
            devices: [
                DeviceSpec(name: "noise", model: .poissonGenerator(rate: 9000, start: 5, stop: 180)),
                DeviceSpec(name: "strong", model: .poissonGenerator(rate: 150_000, start: 0, stop: .infinity)),
                DeviceSpec(name: "dc", model: .dcGenerator(amplitude: 120, start: 20, stop: 150)),
                DeviceSpec(name: "kick", model: .spikeGenerator(spikeTimes: [3, 3, 40.5, 99.9], spikeWeights: [])),
            ],
            projections: [
                ProjectionSpec(sources: [0], targets: [0, 1], rule: .fixedIndegree(7), weight: .constant(0.8), delay: delay,
                               allowAutapses: false, allowMultapses: false),
                ProjectionSpec(sources: [1], targets: [2], rule: .fixedOutdegree(5), weight: weight, delay: .constant(0.1)),
                ProjectionSpec(sources: [2], targets: [0, 1, 2], rule: .fixedTotalNumber(400),
                               weight: .normal(mean: -90, std: 30, min: -.infinity, max: 0),
                               delay: .uniform(min: 0.1, max: 2.0), allowAutapses: false),
                ProjectionSpec(sources: [0, 2], targets: [1], rule: .pairwiseBernoulli(0.2), weight: .uniform(min: 10, max: 80),
                               delay: .constant(0.3), allowAutapses: false),
                ProjectionSpec(sources: [1], targets: [1], rule: .allToAll, weight: .constant(-3), delay: .constant(0.2),
                               allowAutapses: false),
                ProjectionSpec(sources: [2], targets: [2], rule: .oneToOne, weight: .constant(5), delay: .constant(0.5)),
            ],
            deviceConnections: [
                DeviceConnectionSpec(device: 0, targets: [0], weight: 2.0, delay: 0.1),
                DeviceConnectionSpec(device: 1, targets: [1, 2], weight: 25, delay: 1.0),
                DeviceConnectionSpec(device: 2, targets: [1, 2], weight: 1, delay: 1.0),
                DeviceConnectionSpec(device: 3, targets: [0, 1], weight: 300, delay: 0.5),
                DeviceConnectionSpec(device: 3, targets: [0], weight: 6, delay: 2.0),
            ],
            recording: RecordingSpec(voltmeters: [
                VoltmeterSpec(population: 0, neurons: [0, 5], interval: 0.1),
                VoltmeterSpec(population: 2, neurons: [3], interval: 0.5),
            ])
        )
    }

    /// Every model integrated per neuron (conductance-based, AdEx, Hodgkin–Huxley, Izhikevich),
    /// coupled with negative (inhibitory) conductance weights, Poisson input onto part of a
    /// population, and multimeters on several recordables: shard invariance for the new models.
    public static func nonlinear(size: Int = 24, integrator: NeuronIntegrator = .nest) -> NetworkSpec {
        let models: [(String, NeuronModel)] = [
            ("CE", try! NeuronModel(kind: .iafCondExp, parameters: ["I_e": 200])),
            ("CA", try! NeuronModel(kind: .iafCondAlpha, parameters: ["I_e": 150])),
            ("AE", try! NeuronModel(kind: .aeifCondExp, parameters: ["I_e": 500, "t_ref": 1])),
            ("AA", try! NeuronModel(kind: .aeifCondAlpha, parameters: ["I_e": 450])),
            ("HP", try! NeuronModel(kind: .hhPscAlpha, parameters: ["I_e": 300])),
            ("HT", try! NeuronModel(kind: .hhCondExpTraub)),
            ("IZ", try! NeuronModel(kind: .izhikevich, parameters: ["I_e": 8])),
        ]
        var spec = NetworkSpec(
            name: "nonlinear",
            populations: models.map { PopulationSpec(name: $0.0, size: size, model: $0.1) },
            devices: [DeviceSpec(name: "noise", model: .poissonGenerator(rate: 4000, start: 0, stop: .infinity))],
            projections: [
                ProjectionSpec(sources: [0, 1, 2, 3], targets: [0, 1, 2, 3, 5], rule: .fixedIndegree(6),
                               weight: .uniform(min: 1, max: 8), delay: .normal(mean: 1, std: 0.4, min: 0.1, max: 3)),
                ProjectionSpec(sources: [5], targets: [0, 1, 2, 3, 5], rule: .pairwiseBernoulli(0.2),
                               weight: .constant(-12), delay: .constant(0.2)),
                ProjectionSpec(sources: [0, 6], targets: [4], rule: .fixedIndegree(4), weight: .constant(80), delay: .constant(0.5)),
                ProjectionSpec(sources: [4], targets: [6], rule: .fixedTotalNumber(60),
                               weight: .uniform(min: -3, max: 6), delay: .uniform(min: 0.1, max: 1.5)),
            ],
            deviceConnections: [
                DeviceConnectionSpec(device: 0, targets: [0], weight: 3, delay: 0.1, neurons: 3..<(size - 2)),
                DeviceConnectionSpec(device: 0, targets: [4], weight: 40, delay: 0.3),
                DeviceConnectionSpec(device: 0, targets: [6], weight: 2, delay: 0.1, neurons: 0..<(size / 2)),
            ],
            recording: RecordingSpec(voltmeters: [
                VoltmeterSpec(population: 2, neurons: [0, size - 1], interval: 0.1, recordFrom: ["w", "V_m", "g_in"]),
                VoltmeterSpec(population: 4, neurons: [1], interval: 0.2, recordFrom: ["Act_m", "I_syn_in"]),
                VoltmeterSpec(population: 5, neurons: [2], interval: 0.1, recordFrom: ["V_m", "Inact_h"]),
            ]))
        spec.integrator = integrator
        return spec
    }

    /// Plastic synapses of every model: Poisson trains relayed by parrots into a recurrent
    /// population through stdp_synapse (multiplicative, drawn weights and delays, two post
    /// populations with different tau_minus), stdp_pl_synapse_hom and tsodyks2_synapse, with a
    /// weight recorder on one projection; static recurrence and inhibition keep it firing.
    public static func plastic(size: Int = 30) -> NetworkSpec {
        let stdp = try! SynapseModel(kind: .stdpSynapse, parameters: ["Wmax": 60, "lambda": 0.05, "mu_plus": 0.5, "mu_minus": 1])
        let powerLaw = try! SynapseModel(kind: .stdpPLSynapseHom, name: "pl", parameters: ["lambda": 0.02, "alpha": 1.1, "tau_plus": 15])
        let depressing = try! SynapseModel(kind: .tsodyks2Synapse, parameters: ["U": 0.4, "u": 0.4, "tau_rec": 300, "tau_fac": 20])
        return NetworkSpec(
            name: "plastic",
            populations: [
                PopulationSpec(name: "P", size: size, model: try! NeuronModel(kind: .parrotNeuron)),
                PopulationSpec(name: "E", size: size, model: try! NeuronModel(kind: .iafPscAlpha, parameters: ["I_e": 250, "tau_minus": 25])),
                PopulationSpec(name: "F", size: size / 2, model: try! NeuronModel(kind: .iafPscExp, parameters: ["I_e": 300, "tau_minus": 15])),
                PopulationSpec(name: "I", size: size / 3, model: try! NeuronModel(kind: .iafPscExp, parameters: ["I_e": 350])),
            ],
            devices: [DeviceSpec(name: "noise", model: .poissonGenerator(rate: 30, start: 0, stop: .infinity))],
            projections: [
                ProjectionSpec(sources: [0], targets: [1, 2], rule: .fixedIndegree(8), weight: .uniform(min: 20, max: 50),
                               delay: .uniform(min: 0.5, max: 3), synapse: stdp),
                ProjectionSpec(sources: [1], targets: [1], rule: .fixedIndegree(5), weight: .constant(30), delay: .constant(1.5),
                               allowAutapses: false, synapse: powerLaw),
                ProjectionSpec(sources: [0, 1], targets: [2], rule: .pairwiseBernoulli(0.3), weight: .constant(80), delay: .constant(1),
                               synapse: depressing),
                ProjectionSpec(sources: [1, 2], targets: [3], rule: .fixedIndegree(6), weight: .constant(40), delay: .constant(1)),
                ProjectionSpec(sources: [3], targets: [1, 2], rule: .fixedIndegree(3), weight: .constant(-60), delay: .constant(0.8)),
            ],
            deviceConnections: [DeviceConnectionSpec(device: 0, targets: [0], weight: 1, delay: 0.1)],
            recording: RecordingSpec(weightRecorders: [0]))
    }
}
