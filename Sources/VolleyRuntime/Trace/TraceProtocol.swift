// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// A single-neuron protocol in the format of NEST's reference traces (`protocol.json`): DC on a
/// window, excitatory and inhibitory input spikes over one delay, a neuron with given
/// parameters. `network(model:)` turns it into a one-neuron network for the ordinary engine.
public struct TraceProtocol: Sendable {
    public let resolution: Double
    public let tStop: Double
    public let delay: Double
    public let dcStart: Double
    public let dcStop: Double
    public let excitatorySpikes: [Double]
    public let inhibitorySpikes: [Double]
    let models: JSONValue

    /// Reads a protocol from JSON text.
    public init(json text: String) throws {
        let root: JSONValue
        do { root = try JSONParser.parse(text) } catch { throw RunInputError("protocol: \(error)") }
        func number(_ v: JSONValue?, _ key: String) throws -> Double {
            guard let d = v?.double else { throw RunInputError("protocol: '\(key)' is missing or not a number") }
            return d
        }
        resolution = try number(root["resolution_ms"], "resolution_ms")
        tStop = try number(root["t_stop_ms"], "t_stop_ms")
        delay = try number(root["delay_ms"], "delay_ms")
        dcStart = try number(root["dc_window_ms"]?["start"], "dc_window_ms.start")
        dcStop = try number(root["dc_window_ms"]?["stop"], "dc_window_ms.stop")
        guard let exc = root["exc_spike_times_ms"]?.doubles, let inh = root["inh_spike_times_ms"]?.doubles else {
            throw RunInputError("protocol: 'exc_spike_times_ms' and 'inh_spike_times_ms' must be lists of numbers")
        }
        excitatorySpikes = exc.sorted()
        inhibitorySpikes = inh.sorted()
        guard let models = root["models"], case .object = models else { throw RunInputError("protocol: 'models' is missing") }
        self.models = models
    }

    /// NEST state and recorder keys that do not change the dynamics of these models.
    static let inertKeys: Set<String> = [
        "Ca", "beta_Ca", "tau_Ca", "tau_minus", "tau_minus_triplet", "t_spike",
        "ignore_and_spike_interval", "ignore_and_spike_offset", "rho",
    ]

    /// The one-neuron network of this protocol for `model`, recording every recordable every step.
    public func network(model name: String) throws -> NetworkSpec {
        guard let kind = NeuronModelKind(rawValue: name) else {
            let known = NeuronModelKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw RunInputError("volley trace: unknown or unsupported model '\(name)' (supported: \(known))")
        }
        guard let entry = models[name] else {
            throw RunInputError("protocol: no entry for model '\(name)' under 'models'")
        }
        func number(_ key: String) throws -> Double {
            guard let d = entry[key]?.double else { throw RunInputError("protocol: models.\(name).\(key) is missing") }
            return d
        }
        var params: [String: Double] = [:]
        let known = Set(kind.parameters.map(\.name))
        if case .object(let members)? = entry["initial_state_and_params"] {
            for (k, v) in members {
                if known.contains(k) {
                    guard let d = v.double else { throw RunInputError("protocol: parameter \(k) is not a number") }
                    params[k] = d
                } else if k == "delta", let d = v.double, d != 0 {
                    throw RunInputError("protocol: stochastic threshold (delta = \(d)) is not supported")
                } else if !Self.inertKeys.contains(k) && k != "delta" {
                    Console.error("volley trace: ignoring parameter '\(k)', which \(name) does not have\n")
                }
            }
        }
        let neuron: NeuronModel
        do { neuron = try NeuronModel(kind: kind, parameters: params) } catch {
            throw RunInputError("protocol: \(error)")
        }
        var devices = [DeviceSpec(name: "dc", model: .dcGenerator(amplitude: try number("dc_amplitude_pA"), start: dcStart, stop: dcStop))]
        var connections = [DeviceConnectionSpec(device: 0, targets: [0], weight: 1, delay: 1.0)]
        for (label, times, key) in [("exc", excitatorySpikes, "exc_weight"), ("inh", inhibitorySpikes, "inh_weight")]
        where !times.isEmpty {
            connections.append(DeviceConnectionSpec(device: devices.count, targets: [0], weight: try number(key), delay: delay))
            devices.append(DeviceSpec(name: label, model: .spikeGenerator(spikeTimes: times, spikeWeights: [])))
        }
        return NetworkSpec(
            name: "trace-\(name)", resolution: resolution,
            populations: [PopulationSpec(name: "neuron", size: 1, model: neuron)],
            devices: devices, deviceConnections: connections,
            recording: RecordingSpec(spikePopulations: [0], voltmeters: [
                VoltmeterSpec(population: 0, neurons: [0], interval: resolution, recordFrom: kind.recordables),
            ]))
    }
}
