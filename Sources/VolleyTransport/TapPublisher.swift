// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyRuntime
import VolleyTap
import VolleyWire
import ZeroMQ

/// A worker's tap socket (DESIGN §3): an XPUB apart from the simulation's own, with a finite
/// high-water mark and no NODROP, so a slow tap loses frames instead of slowing the run. Each
/// tap gets its own filtered frames under its own topic, one per shard and epoch, empty or not,
/// so it can count what it missed.
public final class TapPublisher {
    public let socket: Socket
    /// The endpoint as bound (wildcard ports resolved).
    public let boundEndpoint: String
    private var runID: UInt64 = 0
    private var spec: NetworkSpec?
    private var offsets: [Int] = []
    private var taps: [Subscriber] = []
    /// Filters that arrived before the model did, or before their tap's data topic.
    private var pending: [(id: UInt32, json: [UInt8])] = []
    /// Taps whose data topic subscription has arrived. A SUB resends the subscriptions it made
    /// before connecting sorted by bytes, so the filter may come first: a tap counts only once
    /// both are here, or frames would go to a topic the socket does not have yet.
    private var dataTopics: Set<UInt32> = []
    private var scratch: [UInt64] = []
    private var reported: Set<UInt32> = []

    /// One tap: its topic, what it selected, and its frame counters per kind and shard.
    private struct Subscriber {
        let id: UInt32
        let topic: [UInt8]
        let selection: TapSelection
        var sequence: [Int: UInt64] = [:]

        mutating func next(_ kind: FrameKind, shard: Int) -> UInt64 {
            let key = Int(kind.rawValue) << 32 | shard
            defer { sequence[key, default: 0] += 1 }
            return sequence[key, default: 0]
        }
    }

    /// Binds the tap socket; `highWaterMark` is in messages per tap.
    public init(context: Context, bind endpoint: String, highWaterMark: Int32, security: LinkSecurity? = nil) throws {
        socket = try Socket(context, .xpub)
        try socket.set(.sendHighWaterMark, highWaterMark)
        // Bounded kernel buffers too: otherwise loopback tcp alone queues megabytes for a tap
        // that has stopped reading, and its backlog grows instead of being counted as missed.
        try socket.set(.sendBuffer, 128 * 1024)
        // Unsubscriptions must reach us too (a tap leaving), hence verbose is not enough.
        try socket.set(.xpubVerbose, 1)
        // Long enough for the last epochs to reach a tap that keeps up, bounded for one that does not.
        try socket.set(.linger, 1000)
        // A tap whose machine vanished without closing its connection is cut off by the kernel's
        // TCP keepalive, not by ZMTP heartbeats: a PING queued behind a slow tap's full receive
        // pipe, answered after its connection closed, trips libzmq 4.3.4's assertion
        // `!_io_error` (stream_engine_base.cpp, out_event) and aborts the tap's process
        // (libzmq issue 4767). Until the cut, such a tap costs at most its high-water mark.
        try socket.set(.tcpKeepalive, 1)
        try socket.set(.tcpKeepaliveIdle, 10)
        try socket.set(.tcpKeepaliveInterval, 2)
        try socket.set(.tcpKeepaliveCount, 3)
        try security?.server(socket, endpoint: endpoint)
        try socket.bind(endpoint)
        boundEndpoint = try socket.lastEndpoint()
    }

    /// Whether any tap is listening (the worker skips all filtering when none is).
    public var isEmpty: Bool { taps.isEmpty }

    /// Whether any tap asks for energy (the shards count it only then).
    public var wantsEnergy: Bool { taps.contains { $0.selection.filter.wants(.energy) } }

    /// The run and model, once assigned: filters that arrived earlier are compiled now.
    public func configure(runID: UInt64, network: NetworkSpec) {
        self.runID = runID
        spec = network
        offsets = RunCatalog(network: network).offsets
        let early = pending
        pending = []
        for p in early { add(p.id, json: p.json) }
    }

    /// Reads waiting (un)subscriptions; returns the taps that joined since the last call.
    public func readSubscriptions() throws(ZMQError) -> [UInt32] {
        while let frames = try socket.receiveFrames(dontWait: true) {
            guard let f = frames.first, let flag = f.first else { continue }
            if let id = TapTopic.parseData(f.dropFirst()) {
                if flag == 1 {
                    dataTopics.insert(id)
                    if let i = pending.firstIndex(where: { $0.id == id }) { add(id, json: pending.remove(at: i).json) }
                } else {
                    dataTopics.remove(id)
                    taps.removeAll { $0.id == id }
                }
                continue
            }
            guard let (id, json) = TapTopic.parseFilter(f.dropFirst()) else { continue }
            if flag == 1 {
                add(id, json: Array(json))
            } else {
                taps.removeAll { $0.id == id }
                pending.removeAll { $0.id == id }
            }
        }
        let joined = taps.map(\.id).filter { !reported.contains($0) }
        reported.formUnion(joined)
        return joined
    }

    private func add(_ id: UInt32, json: [UInt8]) {
        guard let spec, dataTopics.contains(id) else {
            pending.removeAll { $0.id == id }
            pending.append((id, json))
            return
        }
        // A filter that does not decode or fit selects nothing: the tap checked it against the
        // same catalog before subscribing, so this is someone else's mistake, not the run's.
        guard let filter = try? JSONDecoder().decode(TapFilter.self, from: Data(json)),
              let selection = try? TapSelection(filter, catalog: RunCatalog(network: spec))
        else { return }
        taps.removeAll { $0.id == id }
        taps.append(Subscriber(id: id, topic: TapTopic.data(tap: id), selection: selection))
    }

    /// Sends every tap its part of one shard's epoch.
    public func publish(shard: Int, epoch: UInt64, output: ShardOutput) {
        var energy: [EnergyRecord]?
        for t in taps.indices {
            let selection = taps[t].selection
            // Empty or not, as every kind: a tap counts the frames it expects. A shard that has
            // just started counting (the first energy tap joined) has no part yet: no frame, and
            // the tap's energy starts with the next epoch.
            if selection.filter.wants(.energy), let part = output.energy, let spec {
                if energy == nil { energy = part.records(spec: spec) }
                let records = energy!.filter { selection.contains(population: Int($0.population)) }
                let header = FrameHeader(
                    kind: .energy, runID: runID, source: UInt32(shard), count: 0, epoch: epoch, sequence: taps[t].next(.energy, shard: shard))
                send(topic: taps[t].topic, DataFrames.encodeEnergy(records, header: header))
            }
            if selection.filter.wants(.spikes) {
                scratch.removeAll(keepingCapacity: true)
                for key in output.spikes where selection.contains(neuron: Int(key & 0xFFFF_FFFF)) { scratch.append(key) }
                let header = FrameHeader(
                    kind: .spikes, runID: runID, source: UInt32(shard), count: 0, epoch: epoch, sequence: taps[t].next(.spikes, shard: shard))
                guard var message = try? Message(size: DataFrames.spikesSize(scratch.count)) else { continue }
                message.withMutableBytes { DataFrames.writeSpikes(scratch, header: header, to: $0) }
                send(topic: taps[t].topic, message)
            }
            if selection.filter.wants(.activations), !(spec?.headPopulations.isEmpty ?? true) {
                let events = output.activations.filter { selection.contains(head: $0.head) }.map { ActivationEvent($0) }
                let header = FrameHeader(
                    kind: .activations, runID: runID, source: UInt32(shard), count: 0, epoch: epoch,
                    sequence: taps[t].next(.activations, shard: shard))
                send(topic: taps[t].topic, DataFrames.encodeActivations(events, header: header))
            }
            if selection.filter.wants(.samples), !(spec?.recording.voltmeters.isEmpty ?? true) {
                let samples = output.samples.filter { selection.contains(neuron: offsets[$0.population] + $0.neuron) }.map { WireSample($0) }
                let header = FrameHeader(
                    kind: .samples, runID: runID, source: UInt32(shard), count: 0, epoch: epoch, sequence: taps[t].next(.samples, shard: shard))
                send(topic: taps[t].topic, DataFrames.encodeSamples(samples, header: header))
            }
            // A weight record belongs to its synapse's target, which is where the tap selects it.
            if selection.filter.wants(.weights), !(spec?.recording.weightRecorders.isEmpty ?? true) {
                let records = output.weights.filter { selection.contains(neuron: Int($0.target)) }
                let header = FrameHeader(
                    kind: .weights, runID: runID, source: UInt32(shard), count: 0, epoch: epoch, sequence: taps[t].next(.weights, shard: shard))
                send(topic: taps[t].topic, DataFrames.encodeWeights(records, header: header))
            }
        }
    }

    /// Sends the rhythms' phases at the start of `epoch` to the taps that asked for them (the
    /// worker holding shard 0 does this, so each epoch's timeline is sent once).
    public func publish(epoch: UInt64, rhythms points: [RhythmPoint]) {
        guard !points.isEmpty else { return }
        for t in taps.indices where taps[t].selection.filter.wants(.rhythms) {
            let header = FrameHeader(
                kind: .rhythms, runID: runID, source: 0, count: 0, epoch: epoch, sequence: taps[t].next(.rhythms, shard: 0))
            send(topic: taps[t].topic, DataFrames.encodeRhythms(points, header: header))
        }
    }

    private func send(topic: [UInt8], _ bytes: [UInt8]) {
        guard let m = try? Message(bytes: bytes) else { return }
        send(topic: topic, m)
    }

    /// Never blocks: a full pipe drops the message, which the tap counts as missed.
    private func send(topic: [UInt8], _ message: consuming Message) {
        guard (try? socket.send(topic, more: true, dontWait: true)) == true else { return }
        _ = try? socket.send(message, dontWait: true)
    }

    public func close() { socket.close() }
}
