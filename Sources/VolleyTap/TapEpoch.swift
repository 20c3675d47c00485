// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

/// Everything a tap received of one epoch, merged across shards in the order of a run's own
/// outputs (spikes by step, then global id).
public struct TapEpoch: Sendable {
    public var epoch: UInt64
    /// Spike keys `step << 32 | global id`, ascending.
    public var spikes: [UInt64] = []
    public var activations: [ActivationEvent] = []
    /// Multimeter samples by (stamp, population, neuron, variable); `variable` indexes the
    /// catalogue's `variables`.
    public var samples: [WireSample] = []
    public var rhythms: [RhythmPoint] = []
    /// Weight records in canonical order (emission, source, projection, target); source and
    /// target are global neuron ids.
    public var weights: [WeightRecord] = []
    /// Each population's energy in the epoch, summed over the shards whose frames arrived, by
    /// population.
    public var energy: [EnergyRecord] = []
    /// Energy records as they arrived, by shard, until the epoch is handed out.
    var energyParts: [(shard: UInt32, records: [EnergyRecord])] = []
    /// Frames of this epoch that arrived, and that never did (the tap was too slow).
    public var receivedFrames = 0
    public var missingFrames = 0

    public init(epoch: UInt64) { self.epoch = epoch }
}

/// One decoded frame as a tap receives it.
public enum TapFrame: Sendable {
    case spikes(FrameHeader, [UInt64])
    case activations(FrameHeader, [ActivationEvent])
    case samples(FrameHeader, [WireSample])
    case rhythms(FrameHeader, [RhythmPoint])
    case weights(FrameHeader, [WeightRecord])
    case energy(FrameHeader, [EnergyRecord])

    public var header: FrameHeader {
        switch self {
        case .spikes(let h, _), .activations(let h, _), .samples(let h, _), .rhythms(let h, _), .weights(let h, _), .energy(let h, _): h
        }
    }

    /// Decodes a data frame of any kind a tap receives; malformed input is an error value.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<TapFrame, WireError> {
        guard bytes.count > 6 else { return .failure(.truncated(needed: WireFormat.headerSize, got: bytes.count)) }
        switch bytes[6] {
        case FrameKind.spikes.rawValue: return DataFrames.readSpikes(bytes).map { .spikes($0.0, $0.1) }
        case FrameKind.activations.rawValue: return DataFrames.readActivations(bytes).map { .activations($0.0, $0.1) }
        case FrameKind.samples.rawValue: return DataFrames.readSamples(bytes).map { .samples($0.0, $0.1) }
        case FrameKind.rhythms.rawValue: return DataFrames.readRhythms(bytes).map { .rhythms($0.0, $0.1) }
        case FrameKind.weights.rawValue: return DataFrames.readWeights(bytes).map { .weights($0.0, $0.1) }
        case FrameKind.energy.rawValue: return DataFrames.readEnergy(bytes).map { .energy($0.0, $0.1) }
        default:
            return FrameHeader.read(bytes).flatMap { .failure(.unexpectedKind(expected: .spikes, got: $0.kind)) }
        }
    }
}
