// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Encoding and decoding of data frames. Encoders write into a buffer the caller sized with
/// `size(...)` (a ZeroMQ message, filled in place); decoders return errors, never trap.
public enum DataFrames {
    // MARK: Spikes — count × (neuron: u32, step: u32), i.e. the engine's key as a little-endian u64.

    public static func spikesSize(_ count: Int) -> Int { WireFormat.headerSize + 8 * count }

    public static func writeSpikes(_ spikes: [UInt64], header: FrameHeader, to out: UnsafeMutableRawBufferPointer) {
        var h = header
        h.kind = .spikes
        h.count = UInt32(spikes.count)
        h.write(to: out)
        var w = ByteWriter(out, offset: WireFormat.headerSize)
        for key in spikes { w.u64(key) }
    }

    public static func encodeSpikes(_ spikes: [UInt64], header: FrameHeader) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: spikesSize(spikes.count))
        out.withUnsafeMutableBytes { writeSpikes(spikes, header: header, to: $0) }
        return out
    }

    /// The header and spike keys (`step << 32 | neuron`) of a spikes frame.
    public static func readSpikes(_ bytes: UnsafeRawBufferPointer) -> Result<(FrameHeader, [UInt64]), WireError> {
        readEntries(bytes, kind: .spikes, entrySize: 8) { r in r.u64() }
    }

    // MARK: Samples — count × (population: u32, neuron: u32, variable: u32, reserved: u32, stamp: u64, value: f64)

    /// Bytes of one samples entry; the reserved word keeps `stamp` and `value` 8-byte aligned.
    static let sampleEntrySize = 32

    public static func samplesSize(_ count: Int) -> Int { WireFormat.headerSize + sampleEntrySize * count }

    public static func encodeSamples(_ samples: [WireSample], header: FrameHeader) -> [UInt8] {
        encodeEntries(samples, kind: .samples, entrySize: sampleEntrySize, header: header) { w, s in
            w.u32(s.population)
            w.u32(s.neuron)
            w.u32(s.variable)
            w.u32(0)
            w.u64(s.stamp)
            w.f64(s.value)
        }
    }

    public static func readSamples(_ bytes: UnsafeRawBufferPointer) -> Result<(FrameHeader, [WireSample]), WireError> {
        readEntries(bytes, kind: .samples, entrySize: sampleEntrySize) { r in
            let population = r.u32(), neuron = r.u32(), variable = r.u32()
            _ = r.u32()
            return WireSample(population: population, neuron: neuron, variable: variable, stamp: r.u64(), value: r.f64())
        }
    }

    // MARK: Rhythms — count × (rhythm: u32, reserved: u32, step: u64, phase: f64, frequency_hz: f64)

    public static func rhythmsSize(_ count: Int) -> Int { WireFormat.headerSize + 32 * count }

    public static func encodeRhythms(_ points: [RhythmPoint], header: FrameHeader) -> [UInt8] {
        encodeEntries(points, kind: .rhythms, entrySize: 32, header: header) { w, p in
            w.u32(p.rhythm)
            w.u32(0)
            w.u64(p.step)
            w.f64(p.phase)
            w.f64(p.frequency)
        }
    }

    public static func readRhythms(_ bytes: UnsafeRawBufferPointer) -> Result<(FrameHeader, [RhythmPoint]), WireError> {
        readEntries(bytes, kind: .rhythms, entrySize: 32) { r in
            let rhythm = r.u32()
            _ = r.u32()
            return RhythmPoint(rhythm: rhythm, step: r.u64(), phase: r.f64(), frequency: r.f64())
        }
    }

    // MARK: Weights — count × (step: u64, source: u32, target: u32, projection: u32, reserved: u32, weight: f64)

    static let weightEntrySize = 32

    public static func weightsSize(_ count: Int) -> Int { WireFormat.headerSize + weightEntrySize * count }

    /// A weights frame: each record's step is the emission step of the spike that went through
    /// the synapse (t_ms = (step + 1) · resolution, as for spikes), `weight` the value after it.
    public static func encodeWeights(_ records: [WeightRecord], header: FrameHeader) -> [UInt8] {
        encodeEntries(records, kind: .weights, entrySize: weightEntrySize, header: header) { w, r in
            w.u64(UInt64(r.emission))
            w.u32(r.source)
            w.u32(r.target)
            w.u32(UInt32(bitPattern: r.projection))
            w.u32(0)
            w.f64(r.weight)
        }
    }

    public static func readWeights(_ bytes: UnsafeRawBufferPointer) -> Result<(FrameHeader, [WeightRecord]), WireError> {
        readEntries(bytes, kind: .weights, entrySize: weightEntrySize) { r in
            let step = r.u64(), source = r.u32(), target = r.u32(), projection = r.u32()
            _ = r.u32()
            return WeightRecord(
                emission: Int64(truncatingIfNeeded: step), source: source, target: target, projection: Int32(bitPattern: projection),
                weight: r.f64())
        }
    }

    // MARK: Energy — count × (population: u32, neurons: u32, spikes: u64, synaptic_events: u64,
    // na_charge: f64, k_charge: f64, pump_charge: f64, atp: f64)

    static let energyEntrySize = 56

    public static func energySize(_ count: Int) -> Int { WireFormat.headerSize + energyEntrySize * count }

    /// An energy frame: one entry per population the shard counted anything for in the epoch.
    public static func encodeEnergy(_ records: [EnergyRecord], header: FrameHeader) -> [UInt8] {
        encodeEntries(records, kind: .energy, entrySize: energyEntrySize, header: header) { w, r in
            w.u32(r.population)
            w.u32(r.neurons)
            w.u64(r.spikes)
            w.u64(r.synapticEvents)
            w.f64(r.naCharge)
            w.f64(r.kCharge)
            w.f64(r.pumpCharge)
            w.f64(r.atp)
        }
    }

    public static func readEnergy(_ bytes: UnsafeRawBufferPointer) -> Result<(FrameHeader, [EnergyRecord]), WireError> {
        readEntries(bytes, kind: .energy, entrySize: energyEntrySize) { r in
            let population = r.u32(), neurons = r.u32(), spikes = r.u64(), events = r.u64()
            let na = r.f64(), k = r.f64(), pump = r.f64()
            return EnergyRecord(
                population: population, neurons: neurons, spikes: spikes, synapticEvents: events, naCharge: na, kCharge: k,
                pumpCharge: pump, atp: r.f64())
        }
    }

    // MARK: Activations — count × (source: u32, step: u32, dim: u32, dim × f32)

    public static func encodeActivations(_ events: [ActivationEvent], header: FrameHeader) -> [UInt8] {
        let payload = events.reduce(0) { $0 + 12 + 4 * $1.vector.count }
        var out = [UInt8](repeating: 0, count: WireFormat.headerSize + payload)
        out.withUnsafeMutableBytes { buffer in
            var h = header
            h.kind = .activations
            h.count = UInt32(events.count)
            h.write(to: buffer)
            var w = ByteWriter(buffer, offset: WireFormat.headerSize)
            for e in events {
                w.u32(e.source)
                w.u32(e.step)
                w.u32(UInt32(e.vector.count))
                for x in e.vector { w.f32(x) }
            }
        }
        return out
    }

    public static func readActivations(_ bytes: UnsafeRawBufferPointer) -> Result<(FrameHeader, [ActivationEvent]), WireError> {
        let header: FrameHeader
        switch FrameHeader.read(bytes) {
        case .failure(let e): return .failure(e)
        case .success(let h): header = h
        }
        guard header.kind == .activations else { return .failure(.unexpectedKind(expected: .activations, got: header.kind)) }
        var r = ByteReader(bytes, offset: WireFormat.headerSize)
        var events: [ActivationEvent] = []
        let payload = bytes.count - WireFormat.headerSize
        for _ in 0..<header.count {
            guard bytes.count - r.offset >= 12 else { return .failure(.payloadSize(kind: .activations, count: header.count, bytes: payload)) }
            let source = r.u32(), step = r.u32(), dim = Int(r.u32())
            guard dim <= (bytes.count - r.offset) / 4 else {
                return .failure(.payloadSize(kind: .activations, count: header.count, bytes: payload))
            }
            events.append(ActivationEvent(source: source, step: step, vector: (0..<dim).map { _ in r.f32() }))
        }
        guard r.offset == bytes.count else { return .failure(.payloadSize(kind: .activations, count: header.count, bytes: payload)) }
        return .success((header, events))
    }

    // MARK: Shared

    /// A frame of `kind` whose entries all take `entrySize` bytes, each written by `entry`.
    private static func encodeEntries<T>(
        _ entries: [T], kind: FrameKind, entrySize: Int, header: FrameHeader, _ entry: (inout ByteWriter, T) -> Void
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: WireFormat.headerSize + entrySize * entries.count)
        out.withUnsafeMutableBytes { buffer in
            var h = header
            h.kind = kind
            h.count = UInt32(entries.count)
            h.write(to: buffer)
            var w = ByteWriter(buffer, offset: WireFormat.headerSize)
            for e in entries { entry(&w, e) }
        }
        return out
    }

    private static func readEntries<T>(
        _ bytes: UnsafeRawBufferPointer, kind: FrameKind, entrySize: Int, _ entry: (inout ByteReader) -> T
    ) -> Result<(FrameHeader, [T]), WireError> {
        let header: FrameHeader
        switch FrameHeader.read(bytes) {
        case .failure(let e): return .failure(e)
        case .success(let h): header = h
        }
        guard header.kind == kind else { return .failure(.unexpectedKind(expected: kind, got: header.kind)) }
        let payload = bytes.count - WireFormat.headerSize
        guard payload == Int(header.count) * entrySize else {
            return .failure(.payloadSize(kind: kind, count: header.count, bytes: payload))
        }
        var r = ByteReader(bytes, offset: WireFormat.headerSize)
        var out: [T] = []
        out.reserveCapacity(Int(header.count))
        for _ in 0..<header.count { out.append(entry(&r)) }
        return .success((header, out))
    }
}

/// A multimeter sample on the wire: one recordable of one neuron at one step stamp.
public struct WireSample: Equatable, Sendable {
    /// Index into the catalogue's populations.
    public var population: UInt32
    /// 0-based index within the population.
    public var neuron: UInt32
    /// The recordable: an index into the catalogue's `variables` (the run's
    /// `RecordingSpec.variables`), so that the name travels once, in the welcome, not per sample.
    public var variable: UInt32
    /// The step stamp (the end of the step, as NEST stamps it): t_ms = stamp · resolution.
    public var stamp: UInt64
    /// The value in the recordable's NEST unit (mV for V_m, nS for g_ex, pA for w).
    public var value: Double

    public init(population: UInt32, neuron: UInt32, variable: UInt32, stamp: UInt64, value: Double) {
        self.population = population
        self.neuron = neuron
        self.variable = variable
        self.stamp = stamp
        self.value = value
    }
}

/// An activation vector emitted by an attention head (or any vector-valued unit) in one step.
public struct ActivationEvent: Equatable, Sendable {
    public var source: UInt32
    public var step: UInt32
    public var vector: [Float]

    public init(source: UInt32, step: UInt32, vector: [Float]) {
        self.source = source
        self.step = step
        self.vector = vector
    }
}
