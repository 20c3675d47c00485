// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

/// A tap's epoch: the one epoch value (`EpochRecord`) as the tap put it together from frames,
/// with what only a tap knows about it: its number on the wire and how many of its frames came.
/// A thin wrapper rather than more fields of the value, because these mean nothing to a run's
/// recorders and the wire's number is not the model's epoch (a resumed run's first is 0 on the
/// wire). It reads as the value it holds (`epoch.spikes`), and its sinks take that value.
@dynamicMemberLookup
public struct TapEpoch: Sendable {
    /// The epoch's number on the wire: the k-th epoch of the run's schedule.
    public var epoch: UInt64
    /// What the epoch produced, merged across shards in the order of a run's own outputs;
    /// samples and activations in the engine's form, rhythms as `timeline` points. The
    /// assembler knows no schedule: the record's `epoch` is the wire's number and its `start`
    /// and `steps` are 0, until `record(in:)` places it in the run's schedule.
    public var record: EpochRecord
    /// Frames of this epoch that arrived, and that never did (the tap was too slow).
    public var receivedFrames = 0
    public var missingFrames = 0
    /// Energy records as they arrived, by shard, until the epoch is handed out.
    var energyParts: [(shard: UInt32, records: [EnergyRecord])] = []

    public init(epoch: UInt64) {
        self.epoch = epoch
        record = EpochRecord(epoch: Int64(truncatingIfNeeded: epoch), start: 0, steps: 0)
    }

    /// The record's fields, read as the tap's own (`epoch.spikes`). Read only: a change goes
    /// through `record`, where an array is edited in place rather than copied out and back.
    public subscript<T>(dynamicMember field: KeyPath<EpochRecord, T>) -> T { record[keyPath: field] }

    /// The record placed in the run's schedule (`TapWelcome.schedule`): the model's epoch
    /// number, its first step and its length, as a run's sinks see them.
    public func record(in schedule: EpochSchedule) -> EpochRecord {
        var r = record
        r.epoch = schedule.epoch(epoch)
        r.start = schedule.start(epoch)
        r.steps = schedule.steps(epoch)
        return r
    }
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
