// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Constants of the wire format (docs/wire-format.md). Everything is little-endian.
public enum WireFormat {
    /// "VOLY".
    public static let magic: [UInt8] = [0x56, 0x4F, 0x4C, 0x59]
    /// Bumped on any incompatible change; peers with another version are refused. Version 2:
    /// a samples entry names its recordable (`variable`), so it grew from 24 to 32 bytes.
    /// Version 3: an explicit connection list in an assignment carries its columns as base64
    /// bytes, and a SONATA edge population may be named by file and recipe instead.
    public static let version: UInt16 = 3
    /// Bytes of the header at the start of every frame.
    public static let headerSize = 40
    /// The header prefix a subscription selects on: magic, version, kind, flags, run id, source.
    public static let topicSize = 20
}

/// What a frame carries.
public enum FrameKind: UInt8, Sendable, Equatable, CustomStringConvertible {
    /// Spikes of one shard in one epoch: `count` × (neuron: u32, step: u32).
    case spikes = 1
    /// Activation vectors (attention-head outputs): `count` × (source: u32, step: u32, dim: u32,
    /// then dim × f32); see docs/wire-format.md.
    case activations = 2
    /// Multimeter samples: `count` × (population: u32, neuron: u32, variable: u32, reserved: u32,
    /// stamp: u64, value: f64); `variable` indexes the tap catalogue's `variables`.
    case samples = 3
    /// The rhythms' phase timeline, for taps: `count` × (rhythm: u32, reserved: u32, step: u64,
    /// phase: f64, frequency_hz: f64) at the first step of the epoch.
    case rhythms = 4
    /// Plastic synapses' weight records (NEST's weight_recorder): `count` × (step: u64, source:
    /// u32, target: u32, projection: u32, reserved: u32, weight: f64).
    case weights = 5
    /// One shard's energy budget for one epoch, for taps: `count` × (population: u32, neurons:
    /// u32, spikes: u64, synaptic_events: u64, na_charge: f64, k_charge: f64, pump_charge: f64,
    /// atp: f64).
    case energy = 6
    /// A control message between coordinator and worker: a JSON document.
    case control = 16

    public var description: String {
        switch self {
        case .spikes: "spikes"
        case .activations: "activations"
        case .samples: "samples"
        case .rhythms: "rhythms"
        case .weights: "weights"
        case .energy: "energy"
        case .control: "control"
        }
    }
}
