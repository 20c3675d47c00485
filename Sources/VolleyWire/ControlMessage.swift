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

    public init(runID: UInt64, worker: UInt32, network: NetworkSpec, seed: UInt64, tSim: Double, shardCount: Int,
                threads: Int, peers: [Peer], coordinatorSubscribes: Bool = true, authorizedKeys: [String]? = nil) {
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

/// What a worker sent and received over the run, per shard: the conservation report.
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

    public init(worker: UInt32, sent: [ShardCount], received: [ShardCount], synapses: Int = 0, synapseBytes: Int = 0,
                buildSeconds: Double = 0, plastic: PlasticReport? = nil) {
        self.plastic = plastic
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
    /// The frame: header (kind control, `count` = JSON bytes) and the JSON document.
    public func encode(runID: UInt64, source: UInt32, sequence: UInt64) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding our own value types cannot fail; a failure would be a programming error.
        let body = try! encoder.encode(self)
        var out = [UInt8](repeating: 0, count: WireFormat.headerSize + body.count)
        out.withUnsafeMutableBytes { buffer in
            FrameHeader(kind: .control, runID: runID, source: source, count: UInt32(body.count), epoch: 0, sequence: sequence)
                .write(to: buffer)
            body.withUnsafeBytes { (buffer.baseAddress! + WireFormat.headerSize).copyMemory(from: $0.baseAddress!, byteCount: body.count) }
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
        guard body == Int(header.count) else { return .failure(.payloadSize(kind: .control, count: header.count, bytes: body)) }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            let data = Data(bytes[WireFormat.headerSize...])
            return .success((header, try decoder.decode(ControlMessage.self, from: data)))
        } catch {
            return .failure(.malformedControl("\(error)"))
        }
    }

    /// Reads a control frame from an array.
    public static func decode(_ bytes: [UInt8]) -> Result<(FrameHeader, ControlMessage), WireError> {
        bytes.withUnsafeBytes { decode($0) }
    }
}
