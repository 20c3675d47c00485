// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// The plastic-synapse experiment of `reference/nest/plasticity/protocol.json`: a spike generator
/// drives a `parrot_neuron` (1 ms delay), which reaches one post neuron through one plastic
/// synapse of the chosen variant; a teacher generator makes the post neuron fire through a
/// static synapse. Runs through the ordinary engine and collects what NEST's weight recorder,
/// spike recorder and voltmeter record.
public enum PlasticityTrace {
    /// The protocol with one variant chosen.
    public struct Experiment: Sendable {
        public let resolution: Double
        public let tStop: Double
        public let delay: Double
        public let preSpikes: [Double]
        public let teacherSpikes: [Double]
        public let teacherWeight: Double
        public let teacherDelay: Double
        public let postModel: NeuronModelKind
        public let postTauMinus: Double
        public let synapse: SynapseModel
        public let weight: Double

        /// Reads `variant` of a protocol from JSON text.
        public init(json text: String, variant: String) throws {
            let root: JSONValue
            do { root = try JSONParser.parse(text) } catch { throw RunInputError("protocol: \(error)") }
            func number(_ v: JSONValue?, _ key: String) throws -> Double {
                guard let d = v?.double else { throw RunInputError("protocol: '\(key)' is missing or not a number") }
                return d
            }
            resolution = try number(root["resolution_ms"], "resolution_ms")
            tStop = try number(root["t_stop_ms"], "t_stop_ms")
            delay = try number(root["delay_ms"], "delay_ms")
            teacherWeight = try number(root["teacher_weight_pA"], "teacher_weight_pA")
            teacherDelay = try number(root["teacher_delay_ms"], "teacher_delay_ms")
            postTauMinus = try number(root["post_tau_minus_ms"], "post_tau_minus_ms")
            guard let pre = root["pre_spike_times_ms"]?.doubles, let teacher = root["teacher_spike_times_ms"]?.doubles else {
                throw RunInputError("protocol: 'pre_spike_times_ms' and 'teacher_spike_times_ms' must be lists of numbers")
            }
            preSpikes = pre.sorted()
            teacherSpikes = teacher.sorted()
            let modelName = root["post_model"]?.string ?? "iaf_psc_alpha"
            guard let kind = NeuronModelKind(rawValue: modelName) else { throw RunInputError("protocol: unknown post_model '\(modelName)'") }
            postModel = kind
            guard case .object(let variants)? = root["variants"] else { throw RunInputError("protocol: 'variants' is missing") }
            guard let entry = variants.first(where: { $0.0 == variant })?.1 else {
                let known = variants.map(\.0).sorted().joined(separator: ", ")
                throw RunInputError("protocol: no variant '\(variant)' (variants: \(known))")
            }
            guard let name = entry["synapse_model"]?.string else { throw RunInputError("protocol: variants.\(variant).synapse_model is missing") }
            guard let synapseKind = SynapseModelKind(rawValue: name), synapseKind.isPlastic else {
                let known = SynapseModelKind.allCases.filter(\.isPlastic).map(\.rawValue).joined(separator: ", ")
                throw RunInputError("protocol: variants.\(variant).synapse_model '\(name)' is not a plastic synapse Volley has (\(known))")
            }
            var params: [String: Double] = [:]
            var weight = 1.0
            if case .object(let members)? = entry["parameters"] {
                for (k, v) in members {
                    guard let d = v.double else { throw RunInputError("protocol: variants.\(variant).parameters.\(k) is not a number") }
                    if k == "weight" { weight = d } else if k != "delay" { params[k] = d }
                }
            }
            do { synapse = try SynapseModel(kind: synapseKind, parameters: params) } catch {
                throw RunInputError("protocol: variants.\(variant).parameters: \(error)")
            }
            self.weight = weight
        }

        /// The experiment as a network: parrot (0) and post neuron (1), the plastic projection
        /// between them (recorded), the two generators, and a voltmeter on the post neuron.
        public func network() throws -> NetworkSpec {
            let post: NeuronModel
            do { post = try NeuronModel(kind: postModel, parameters: ["tau_minus": postTauMinus]) } catch {
                throw RunInputError("protocol: \(error)")
            }
            return NetworkSpec(
                name: "trace-\(synapse.kind.rawValue)", resolution: resolution,
                populations: [
                    PopulationSpec(name: "pre", size: 1, model: try! NeuronModel(kind: .parrotNeuron)),
                    PopulationSpec(name: "post", size: 1, model: post),
                ],
                devices: [
                    DeviceSpec(name: "pre_input", model: .spikeGenerator(spikeTimes: preSpikes, spikeWeights: [])),
                    DeviceSpec(name: "teacher", model: .spikeGenerator(spikeTimes: teacherSpikes, spikeWeights: [])),
                ],
                projections: [
                    ProjectionSpec(
                        sources: [0], targets: [1], rule: .oneToOne, weight: .constant(weight), delay: .constant(delay), synapse: synapse),
                ],
                deviceConnections: [
                    DeviceConnectionSpec(device: 0, targets: [0], weight: 1, delay: 1.0),
                    DeviceConnectionSpec(device: 1, targets: [1], weight: teacherWeight, delay: teacherDelay),
                ],
                recording: RecordingSpec(
                    spikePopulations: [1], voltmeters: [VoltmeterSpec(population: 1, neurons: [0], interval: resolution)],
                    weightRecorders: [0]))
        }
    }

    /// What the experiment recorded: the post neuron's V_m at every step and its spikes (stamps),
    /// and each transmission's stamp and weight.
    public struct Result: Sendable {
        public let resolution: Double
        public let voltage: [(stamp: Int64, value: Double)]
        public let postSpikes: [Int64]
        public let weights: [(stamp: Int64, weight: Double)]
        public let final: [PlasticSynapseState]
    }

    public static func run(_ proto: Experiment) throws -> Result {
        let spec = try proto.network()
        let plan = try RunPlan(spec: spec, seed: 1, shards: 1, tSim: proto.tStop, lengthName: "protocol: t_stop_ms")
        let network = plan.network, total = plan.totalSteps
        let simulation = try Simulation(network: network, threads: 1)
        let collector = Collector()
        var exchange = InMemoryExchange(network: network)
        try simulation.run(steps: total, exchange: &exchange, observers: [collector])
        return Result(
            resolution: proto.resolution, voltage: collector.voltage, postSpikes: collector.spikes,
            weights: collector.weights, final: simulation.plasticSynapses())
    }

    /// Writes `weights.csv` (t_ms,weight), `post_spikes.csv` (t_ms) and `V_m.csv` (t_ms,V_m)
    /// into `directory`, in the reference's formats.
    public static func write(_ result: Result, to directory: String) throws {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw RunInputError("cannot create \(directory): \(error.localizedDescription)")
        }
        let time = TimeFormatter(resolution: result.resolution)
        let weights = try BufferedFile(path: directory + "/weights.csv")
        weights.write("t_ms,weight\n")
        for w in result.weights {
            time.write(w.stamp, to: weights)
            weights.write(",\(w.weight)\n")
        }
        try weights.flush()
        let spikes = try BufferedFile(path: directory + "/post_spikes.csv")
        spikes.write("t_ms\n")
        for s in result.postSpikes {
            time.write(s, to: spikes)
            spikes.write("\n")
        }
        try spikes.flush()
        let vm = try BufferedFile(path: directory + "/V_m.csv")
        vm.write("t_ms,V_m\n")
        for v in result.voltage {
            time.write(v.stamp, to: vm)
            vm.write(",\(v.value)\n")
        }
        try vm.flush()
    }

    private final class Collector: EpochSink {
        var voltage: [(stamp: Int64, value: Double)] = []
        var spikes: [Int64] = []
        var weights: [(stamp: Int64, weight: Double)] = []
        func observe(_ record: EpochRecord) throws {
            for s in record.samples { voltage.append((s.stamp, s.value)) }
            for k in record.spikes where k & 0xFFFF_FFFF == 1 { spikes.append(Int64(k >> 32) + 1) }
            for w in record.weights { weights.append((w.emission + 1, w.weight)) }
        }
    }
}
