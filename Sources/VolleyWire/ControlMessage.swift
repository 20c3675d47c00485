// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore

/// The messages between coordinator and workers (docs/wire-format.md, "Control"). They travel
/// as a control frame: the 40-byte header, then a JSON document.
public enum ControlMessage: Codable, Equatable, Sendable {
    /// Worker → coordinator: who it is and where its data socket listens.
    case hello(Hello)
    /// Coordinator → worker: not admitted (another wire version, too many workers, …).
    case refuse(reason: String)
    /// Coordinator → worker: the model, the run settings and the worker's shards.
    case assign(Assignment)
    /// Worker → coordinator: shards built, every subscriber of its data confirmed.
    case ready(worker: UInt32)
    /// Coordinator → workers: epochs below `through` may run; `rhythms[k]` holds every rhythm's
    /// state (phase at the epoch's first step, advance per step) in epoch `from + k`.
    case release(from: UInt64, through: UInt64, rhythms: [[RhythmState]])
    /// Either way: still alive.
    case heartbeat
    /// Either way: the run ends now, for this reason.
    case abort(reason: String)
    /// Coordinator → workers: every frame is recorded; report and close.
    case finish
    /// Worker → coordinator: what it sent and received (the conservation report).
    case done(WorkerReport)
    /// Tap → coordinator: someone wants to watch the run (a lossless one: and be waited for).
    case tapHello(tap: TapHello)
    /// Coordinator → tap: the run, its populations, and where every worker's sockets are.
    case tapWelcome(welcome: TapWelcome)
    /// Worker → coordinator: tap `tap`'s subscription has reached this worker.
    case tapJoined(tap: UInt32, worker: UInt32)
    /// Lossless tap → coordinator: every epoch below `through` is written.
    case tapRecorded(through: UInt64)
    /// Tap → coordinator: leaving; a lossless tap is no longer waited for.
    case tapLeave
    /// Coordinator → worker, after the last epoch is recorded: send the final state of one
    /// segment of the plastic synapses (weights.h5 is written in the coordinator).
    case weightsRequest(WeightsSegment)
    /// Worker → coordinator: the next piece of the segment asked for.
    case weightsChunk(WeightsChunk)
    /// Coordinator → worker: every chunk of the current segment up to `index` is written (the
    /// worker keeps only a few chunks unacknowledged).
    case weightsAck(index: Int)
    /// Worker → coordinator: its shards' states for a checkpoint are written.
    case checkpointPart(CheckpointPart)
    /// Coordinator → worker: a worker was lost and the run rolls back to its latest checkpoint;
    /// join again (the coordinator waits for a replacement of the lost one).
    case rollback(reason: String)
    /// Coordinator → workers: write your shards' part of a checkpoint at the start of `epoch`
    /// (not yet released), whether or not one is due there: the run was interrupted and stops
    /// once that checkpoint is complete.
    case checkpointNow(epoch: UInt64)
    /// Worker → coordinator: this worker got SIGINT or SIGTERM in a run with checkpoints; stop the
    /// run after one more checkpoint, as on the coordinator's own signal.
    case interrupted(signal: String)
    /// Coordinator → workers: the run stopped at the operator's request once its checkpoint was
    /// written; close and exit 0 (not a failure: every worker did its part).
    case stop(reason: String)
}

/// One projection's plastic synapses onto one target population in one shard: the unit in
/// which a coordinator collects final weights, in the order of weights.h5 (projection, target
/// population, shard).
public struct WeightsSegment: Codable, Equatable, Hashable, Sendable {
    public var projection: Int
    public var population: Int
    public var shard: Int

    public init(projection: Int, population: Int, shard: Int) {
        self.projection = projection
        self.population = population
        self.shard = shard
    }
}

/// A piece of a segment's synapses, in canonical order (target, then source, delay and
/// generation order): `count` synapses as little-endian columns in one blob: source u32, target
/// u32 (global ids), delay f64 (ms), weight f64, then `stateVariables` f64 columns. On the wire
/// the blob follows the JSON as the frame's attachment (not in it: escaping megabytes of base64
/// costs more than writing them). The last chunk of a segment has `last` set and may be empty.
public struct WeightsChunk: Codable, Equatable, Sendable {
    public var segment: WeightsSegment
    /// 0, 1, 2, … within the segment.
    public var index: Int
    public var last: Bool
    public var count: Int
    public var stateVariables: Int
    public var columns: Data

    /// The columns of one synapse piece (arrays of one length; `state[v]` is variable v's column).
    public struct Columns: Equatable, Sendable {
        public var source: [UInt32]
        public var target: [UInt32]
        public var delay: [Double]
        public var weight: [Double]
        public var state: [[Double]]

        public init(source: [UInt32], target: [UInt32], delay: [Double], weight: [Double], state: [[Double]]) {
            self.source = source
            self.target = target
            self.delay = delay
            self.weight = weight
            self.state = state
        }
    }

    public init(segment: WeightsSegment, index: Int, last: Bool, columns c: Columns) {
        self.segment = segment
        self.index = index
        self.last = last
        count = c.weight.count
        stateVariables = c.state.count
        var bytes = [UInt8](repeating: 0, count: count * (8 + 16 + 8 * stateVariables))
        bytes.withUnsafeMutableBytes { buffer in
            var w = ByteWriter(buffer)
            for x in c.source { w.u32(x) }
            for x in c.target { w.u32(x) }
            for x in c.delay { w.f64(x) }
            for x in c.weight { w.f64(x) }
            for column in c.state { for x in column { w.f64(x) } }
        }
        columns = Data(bytes)
    }

    /// The columns, or nil when the blob does not hold `count` synapses of `stateVariables`
    /// state columns exactly (a malformed chunk must not trap its reader).
    public func decodeColumns() -> Columns? {
        guard count >= 0, stateVariables >= 0, stateVariables < 64, columns.count == count * (8 + 16 + 8 * stateVariables) else { return nil }
        let n = count
        return [UInt8](columns).withUnsafeBytes { buffer in
            var r = ByteReader(buffer)
            let source = (0..<n).map { _ in r.u32() }
            let target = (0..<n).map { _ in r.u32() }
            let delay = (0..<n).map { _ in r.f64() }
            let weight = (0..<n).map { _ in r.f64() }
            let state = (0..<stateVariables).map { _ in (0..<n).map { _ in r.f64() } }
            return Columns(source: source, target: target, delay: delay, weight: weight, state: state)
        }
    }
}

/// A worker's introduction.
public struct Hello: Codable, Equatable, Sendable {
    public var volleyVersion: String
    public var pid: Int32
    public var host: String
    /// Where the worker's data XPUB listens, as others must connect to it.
    public var dataEndpoint: String
    /// Where the worker's tap XPUB listens (finite high-water mark; taps never slow the run).
    public var tapEndpoint: String?

    public init(volleyVersion: String, pid: Int32, host: String, dataEndpoint: String, tapEndpoint: String? = nil) {
        self.volleyVersion = volleyVersion
        self.pid = pid
        self.host = host
        self.dataEndpoint = dataEndpoint
        self.tapEndpoint = tapEndpoint
    }
}

/// Everything a worker needs to build and run its part.
public struct Assignment: Codable, Equatable, Sendable {
    public var runID: UInt64
    public var worker: UInt32
    public var network: NetworkSpec
    public var seed: UInt64
    public var tSim: Double
    public var shardCount: Int
    public var threads: Int
    /// Every worker (this one included): index, data endpoint, shards.
    public var peers: [Peer]
    /// The coordinator's subscriber connects to every worker too and must be confirmed.
    public var coordinatorSubscribes: Bool
    /// With CURVE keys: the client keys the workers' sockets admit (peers, recorder, taps).
    public var authorizedKeys: [String]?
    /// Where and how often to checkpoint (nil: no checkpoints).
    public var checkpoint: CheckpointPlan?
    /// The checkpoint this run continues from (nil: from the start). Epoch numbers on the wire
    /// count from this run's first epoch; the model's epochs are offset by `resume.epoch`.
    public var resume: ResumeFrom?

    public init(runID: UInt64, worker: UInt32, network: NetworkSpec, seed: UInt64, tSim: Double, shardCount: Int,
                threads: Int, peers: [Peer], coordinatorSubscribes: Bool = true, authorizedKeys: [String]? = nil,
                checkpoint: CheckpointPlan? = nil, resume: ResumeFrom? = nil) {
        self.checkpoint = checkpoint
        self.resume = resume
        self.runID = runID
        self.worker = worker
        self.network = network
        self.seed = seed
        self.tSim = tSim
        self.shardCount = shardCount
        self.threads = threads
        self.peers = peers
        self.coordinatorSubscribes = coordinatorSubscribes
        self.authorizedKeys = authorizedKeys
    }

    /// This worker's shards.
    public var shards: [Int] { peers.first { $0.worker == worker }?.shards ?? [] }
}

/// One worker as the others see it.
public struct Peer: Codable, Equatable, Sendable {
    public var worker: UInt32
    public var dataEndpoint: String
    public var shards: [Int]

    public init(worker: UInt32, dataEndpoint: String, shards: [Int]) {
        self.worker = worker
        self.dataEndpoint = dataEndpoint
        self.shards = shards
    }
}

/// What a worker sent and received over the run, per shard: the conservation report, and what
/// the run cost the worker (its shards, build and simulation time, peak memory).
///
/// Fields added after the first version are optional: a report without them still decodes, and
/// a reader that does not know them ignores them.
public struct WorkerReport: Codable, Equatable, Sendable {
    public var worker: UInt32
    /// Per local shard: frames and spikes published.
    public var sent: [ShardCount]
    /// Per remote source shard: frames and spikes received.
    public var received: [ShardCount]
    /// What the worker built: synapses, their bytes, and how long it took.
    public var synapses: Int
    public var synapseBytes: Int
    public var buildSeconds: Double
    /// The worker's plastic synapses at the end: their count and bytes, and the digest of each
    /// (target, projection) they belong to, which the coordinator combines into `weights_sha256`.
    public var plastic: PlasticReport?
    /// The worker's part of the energy budget (synaptic events by source population, ion charges).
    public var energy: EnergyCounts?
    /// The shards the worker ran.
    public var shards: [Int]?
    /// Seconds of the worker's epoch loop, from its first epoch to its last (waits for its peers
    /// included).
    public var simSeconds: Double?
    /// The worker process's peak resident memory in MB (10⁶ bytes), read as it reports.
    public var peakRSSMB: Double?

    public init(worker: UInt32, sent: [ShardCount], received: [ShardCount], synapses: Int = 0, synapseBytes: Int = 0,
                buildSeconds: Double = 0, plastic: PlasticReport? = nil, energy: EnergyCounts? = nil,
                shards: [Int]? = nil, simSeconds: Double? = nil, peakRSSMB: Double? = nil) {
        self.plastic = plastic
        self.energy = energy
        self.shards = shards
        self.simSeconds = simSeconds
        self.peakRSSMB = peakRSSMB
        self.worker = worker
        self.sent = sent
        self.received = received
        self.synapses = synapses
        self.synapseBytes = synapseBytes
        self.buildSeconds = buildSeconds
    }
}

/// A worker's part of the final plastic weights (see `WeightHasher` in VolleyRuntime).
public struct PlasticReport: Codable, Equatable, Sendable {
    public var synapses: Int
    public var bytes: Int
    /// (target global id, projection, SHA-256 hex) per target and projection the worker holds.
    public var targets: [UInt32]
    public var projections: [Int]
    public var digests: [String]

    public init(synapses: Int, bytes: Int, targets: [UInt32], projections: [Int], digests: [String]) {
        self.synapses = synapses
        self.bytes = bytes
        self.targets = targets
        self.projections = projections
        self.digests = digests
    }
}

/// Frames and spikes of one shard.
public struct ShardCount: Codable, Equatable, Sendable {
    public var shard: Int
    public var frames: UInt64
    public var spikes: UInt64

    public init(shard: Int, frames: UInt64, spikes: UInt64) {
        self.shard = shard
        self.frames = frames
        self.spikes = spikes
    }
}

extension ControlMessage {
    /// Header flag: binary bytes follow the JSON document (a weights chunk's columns).
    public static let attachmentFlag: UInt8 = 1

    /// The frame: header (kind control, `count` = JSON bytes) and the JSON document; for a
    /// weights chunk, its columns after the JSON (flag `attachmentFlag`).
    public func encode(runID: UInt64, source: UInt32, sequence: UInt64) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var document = self
        var attachment = Data()
        if case .weightsChunk(var chunk) = self {
            swap(&attachment, &chunk.columns)
            document = .weightsChunk(chunk)
        }
        // Encoding our own value types cannot fail; a failure would be a programming error.
        let body = try! encoder.encode(document)
        var out = [UInt8](repeating: 0, count: WireFormat.headerSize + body.count + attachment.count)
        out.withUnsafeMutableBytes { buffer in
            FrameHeader(
                kind: .control, flags: attachment.isEmpty ? 0 : Self.attachmentFlag, runID: runID, source: source,
                count: UInt32(body.count), epoch: 0, sequence: sequence
            ).write(to: buffer)
            body.withUnsafeBytes { (buffer.baseAddress! + WireFormat.headerSize).copyMemory(from: $0.baseAddress!, byteCount: body.count) }
            attachment.withUnsafeBytes {
                guard let base = $0.baseAddress else { return }
                (buffer.baseAddress! + WireFormat.headerSize + body.count).copyMemory(from: base, byteCount: attachment.count)
            }
        }
        return out
    }

    /// Reads a control frame.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<(FrameHeader, ControlMessage), WireError> {
        let header: FrameHeader
        switch FrameHeader.read(bytes) {
        case .failure(let e): return .failure(e)
        case .success(let h): header = h
        }
        guard header.kind == .control else { return .failure(.unexpectedKind(expected: .control, got: header.kind)) }
        let body = bytes.count - WireFormat.headerSize
        let attached = header.flags & attachmentFlag != 0
        guard attached ? body >= Int(header.count) : body == Int(header.count) else {
            return .failure(.payloadSize(kind: .control, count: header.count, bytes: body))
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let end = WireFormat.headerSize + Int(header.count)
        let message: ControlMessage
        do {
            message = try decoder.decode(ControlMessage.self, from: Data(bytes[WireFormat.headerSize..<end]))
        } catch {
            return .failure(.malformedControl("\(error)"))
        }
        guard attached else { return .success((header, message)) }
        guard case .weightsChunk(var chunk) = message, chunk.columns.isEmpty else {
            return .failure(.malformedControl("an attachment on a message that takes none"))
        }
        chunk.columns = Data(bytes[end...])
        return .success((header, .weightsChunk(chunk)))
    }

    /// Reads a control frame from an array.
    public static func decode(_ bytes: [UInt8]) -> Result<(FrameHeader, ControlMessage), WireError> {
        bytes.withUnsafeBytes { decode($0) }
    }
}
