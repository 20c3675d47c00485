// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyTap

/// Runs a `TraceProtocol` for one model through the ordinary engine and collects its membrane
/// potential at every step and its spike stamps.
public enum SingleNeuronTrace {
    /// The trace: (stamp, V_m) for every step, and the output spike stamps.
    public struct Result: Sendable {
        public let samples: [(stamp: Int64, value: Double)]
        public let spikeStamps: [Int64]
        public let resolution: Double
    }

    public static func run(_ proto: TraceProtocol, model: String) throws -> Result {
        let spec = try proto.network(model: model)
        let network: CompiledNetwork
        do { network = try CompiledNetwork(spec: spec, seed: 1, shards: 1) } catch { throw RunInputError(error.message) }
        guard let total = network.grid.exactSteps(proto.tStop), total > 0 else {
            throw RunInputError("protocol: t_stop_ms \(proto.tStop) is not a positive multiple of the resolution")
        }
        let simulation = try Simulation(network: network, threads: 1)
        let collector = Collector()
        var exchange = InMemoryExchange(network: network)
        try simulation.run(steps: total, exchange: &exchange, observers: [collector])
        return Result(samples: collector.samples, spikeStamps: collector.spikes, resolution: proto.resolution)
    }

    /// Writes `t_ms,V_m` rows, one per step.
    public static func writeCSV(_ result: Result, to path: String) throws {
        let file = try BufferedFile(path: path)
        let time = TimeFormatter(resolution: result.resolution)
        file.write("t_ms,V_m\n")
        for s in result.samples {
            time.write(s.stamp, to: file)
            file.write(",\(s.value)\n")
        }
        try file.flush()
    }

    private final class Collector: EpochObserver {
        var samples: [(stamp: Int64, value: Double)] = []
        var spikes: [Int64] = []
        func observe(_ record: EpochRecord) throws {
            for s in record.samples { samples.append((s.stamp, s.value)) }
            for k in record.spikes { spikes.append(Int64(k >> 32) + 1) }
        }
    }
}
