// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Where events that are not synapse-borne spikes go inside one shard: spikes into heads,
/// activations into neurons and into heads. Routes are built in model order on every shard, so
/// every shard queues the same events in the same order (DESIGN §2).
struct EventRoutes: Sendable {
    /// Spikes of a neuron population become input events of a local head block.
    struct SpikeToHeads: Sendable {
        let sourceFirst: Int
        let sourceCount: Int
        let firstRow: Int
        let neuronsPerRow: Int
        let block: Int
        let delay: Int64
        /// rows × inputDimension, row-major; `nil` is the identity.
        let embedding: Matrix?
        let inputDimension: Int

        func vector(row: Int) -> [Double] {
            if let e = embedding { return Array(e.values[(row * e.columns)..<((row + 1) * e.columns)]) }
            var v = [Double](repeating: 0, count: inputDimension)
            if row < inputDimension { v[row] = 1 }
            return v
        }
    }

    /// Activations of a head population become synaptic input of local neurons.
    struct ActivationsToNeurons: Sendable {
        let sourceFirst: Int
        let sourceCount: Int
        let readout: Matrix
        /// The local neurons of the target population: input offsets of channel 0 and 1, and
        /// each neuron's index within its population (the readout row).
        let inputOffset: Int
        let localCount: Int
        let firstIndex: Int
        let separatesChannels: Bool
        let delay: Int64
    }

    /// Activations of a head population become input events of a local head block.
    struct ActivationsToHeads: Sendable {
        let sourceFirst: Int
        let sourceCount: Int
        let projection: Matrix?
        let block: Int
        let delay: Int64
    }

    var spikeToHeads: [SpikeToHeads] = []
    var activationsToNeurons: [ActivationsToNeurons] = []
    var activationsToHeads: [ActivationsToHeads] = []

    var isEmpty: Bool { spikeToHeads.isEmpty && activationsToNeurons.isEmpty && activationsToHeads.isEmpty }
}

/// Input queued for a coming step that is not a synapse segment.
struct QueuedInput: Sendable {
    /// Synaptic input of one neuron channel (from an activation).
    var neuronInputs: [(offset: UInt32, weight: Double)] = []
    /// Input vectors per local head block, in arrival order.
    var headInputs: [(block: Int, vector: [Double])] = []

    var isEmpty: Bool { neuronInputs.isEmpty && headInputs.isEmpty }
}

extension Shard {
    /// Queues the head inputs and neuron inputs that `spikes` and `activations` (canonical order)
    /// cause, at their arrival steps.
    /// Events arriving before step `from` are skipped (a resumed shard re-queues what was in flight).
    mutating func route(spikes: UnsafeBufferPointer<UInt64>, activations: [Activation], from: Int64 = .min) {
        guard !routes.isEmpty else { return }
        let mask = slotMask
        for r in routes.spikeToHeads {
            var last: (Int64, Int)? = nil
            for key in spikes {
                let gid = Int(key & 0xFFFF_FFFF)
                guard gid >= r.sourceFirst && gid < r.sourceFirst + r.sourceCount else { continue }
                let arrival = Int64(key >> 32) + r.delay
                guard arrival >= from else { continue }
                let row = r.firstRow + (gid - r.sourceFirst) / r.neuronsPerRow
                // Neurons of one row spiking in one step make one event.
                if let l = last, l == (arrival, row) { continue }
                last = (arrival, row)
                queued[Int(arrival & mask)].headInputs.append((r.block, r.vector(row: row)))
            }
        }
        for r in routes.activationsToNeurons {
            for a in activations where a.head >= r.sourceFirst && a.head < r.sourceFirst + r.sourceCount && a.step + r.delay >= from {
                let slot = Int((a.step + r.delay) & mask)
                let v = a.vector.map(Double.init)
                for i in 0..<r.localCount {
                    let row = r.readout.rows == 1 ? 0 : r.firstIndex + i
                    var w = 0.0
                    for j in 0..<r.readout.columns { w += r.readout.values[row * r.readout.columns + j] * v[j] }
                    guard w != 0 else { continue }
                    let channel = r.separatesChannels && !(w > 0) ? 1 : 0
                    queued[slot].neuronInputs.append((UInt32(r.inputOffset + channel * r.localCount + i), w))
                }
            }
        }
        for r in routes.activationsToHeads {
            for a in activations where a.head >= r.sourceFirst && a.head < r.sourceFirst + r.sourceCount && a.step + r.delay >= from {
                let v = a.vector.map(Double.init)
                let x: [Double]
                if let p = r.projection {
                    x = (0..<p.rows).map { i in (0..<p.columns).reduce(0.0) { $0 + p.values[i * p.columns + $1] * v[$1] } }
                } else {
                    x = v
                }
                queued[Int((a.step + r.delay) & mask)].headInputs.append((r.block, x))
            }
        }
    }
}
