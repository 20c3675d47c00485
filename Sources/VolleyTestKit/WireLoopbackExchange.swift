// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyRuntime
import VolleyTransport
import VolleyWire

/// An in-process exchange that sends every shard's epoch through the real wire format and the
/// real receive-side checks (`EpochAssembler`), with an optional fault on the way: a dropped,
/// duplicated or reordered frame. Without a fault, a run through it equals an in-memory run;
/// with one, the run must stop with an error naming the shard and the epoch.
public struct WireLoopbackExchange: SpikeExchange {
    private var assembler: EpochAssembler
    private let runID: UInt64 = 0x5EED
    private let fault: FaultInjection?
    private var held: [Int: [UInt8]] = [:]
    private var sequence: [Int: UInt64] = [:]
    private var local: InMemoryExchange

    public init(network: CompiledNetwork, fault: FaultInjection? = nil) {
        let shards = network.layout.shardCount
        local = InMemoryExchange(network: network)
        assembler = EpochAssembler(
            runID: runID, sources: (0..<shards).map(UInt32.init),
            names: Dictionary(uniqueKeysWithValues: (0..<shards).map { (UInt32($0), "shard \($0) (loopback)") }))
        self.fault = fault
    }

    public mutating func rhythms(epoch: Int64, start: Int64, steps: Int64) throws -> [RhythmState] {
        try local.rhythms(epoch: epoch, start: start, steps: steps)
    }

    public mutating func exchange(epoch: Int64, outputs: [ShardOutput]) throws -> EpochEvents {
        let k = UInt64(epoch)
        for o in outputs {
            let seq = sequence[o.shard, default: 0]
            sequence[o.shard] = seq + 1
            let frame = DataFrames.encodeSpikes(
                o.spikes, header: FrameHeader(kind: .spikes, runID: runID, source: UInt32(o.shard), count: 0, epoch: k, sequence: seq))
            switch fault?.action(shard: o.shard, epoch: k) {
            case .drop?:
                continue
            case .duplicate?:
                try deliver(frame)
                try deliver(frame)
            case .hold?:
                held[o.shard] = frame
            case nil:
                try deliver(frame)
                // A held frame goes out after its shard's next one: reordered.
                if let h = held.removeValue(forKey: o.shard) { try deliver(h) }
            }
        }
        // Every shard has handed in its epoch: whatever is missing is lost.
        if let lost = assembler.missing(k).first { throw TransportError.missing(peer: lost, epoch: k) }
        // Activations stay local here; the rhythms see the reassembled spikes.
        let spikes = assembler.take(k).spikes
        let events = try local.exchange(epoch: epoch, outputs: [ShardOutput(
            shard: 0, spikes: SpikeMerge.canonical(spikes), samples: [], activations: SpikeMerge.activations(outputs.map(\.activations)))])
        return events
    }

    private mutating func deliver(_ frame: [UInt8]) throws {
        try frame.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws in try assembler.accept(spikes: b) }
    }
}
