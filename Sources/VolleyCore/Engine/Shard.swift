// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One shard: the neurons it owns, their incoming synapses, their input ring buffer and the
/// devices that drive them. A shard is advanced one epoch at a time and never talks to another
/// shard: spikes arrive through `deliver` in canonical order (DESIGN §1–2).
public struct Shard: Sendable {
    /// The shard's index.
    public let index: Int
    var blocks: [PopulationBlock]
    var synapses: SynapseMatrix
    var spikeGenerators: [SpikeGeneratorDrive]
    let philox: Philox

    /// Input ring buffer: `slotCount` slots of `slotStride` doubles, slot = step mod `slotCount`.
    var ring: [Double]
    let slotStride: Int
    let slotMask: Int64

    /// Voltmeter probes: (population, neuron index in it, sampling interval in steps).
    public let probes: [Probe]

    /// Spike keys (`emission step << 32 | global id`) of the last epoch, ascending.
    public private(set) var emitted: [UInt64] = []
    /// Voltmeter samples of the last epoch, by step, then probe.
    public private(set) var samples: [VoltageSample] = []

    /// A voltmeter probe on one neuron.
    public struct Probe: Sendable, Equatable {
        public let population: Int
        public let neuron: Int
        public let intervalSteps: Int64
    }

    init(
        index: Int, blocks: [PopulationBlock], synapses: SynapseMatrix, spikeGenerators: [SpikeGeneratorDrive],
        philox: Philox, slotStride: Int, slotCount: Int, probes: [Probe]
    ) {
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0)
        self.index = index
        self.blocks = blocks
        self.synapses = synapses
        self.spikeGenerators = spikeGenerators
        self.philox = philox
        self.slotStride = slotStride
        self.slotMask = Int64(slotCount - 1)
        self.ring = [Double](repeating: 0, count: slotStride * slotCount)
        self.probes = probes
    }

    /// Neurons the shard owns.
    public var neuronCount: Int { blocks.reduce(0) { $0 + $1.count } }
    /// Incoming synapses the shard holds.
    public var synapseCount: Int { synapses.synapseCount }
    /// Bytes held by the synapse tables.
    public var synapseBytes: Int { synapses.bytes }

    /// Adds the effect of `spikes` (keys in canonical order: step, then global id) to the ring.
    /// Every spike must have been emitted before the current epoch.
    public mutating func deliver(_ spikes: UnsafeBufferPointer<UInt64>) {
        let stride = slotStride, mask = slotMask
        let matrix = synapses
        var ring = takeRing()
        defer { self.ring = ring }
        ring.withUnsafeMutableBufferPointer { ring in
            let base = ring.baseAddress!
            for key in spikes {
                matrix.deliver(
                    source: Int(key & 0xFFFF_FFFF), emission: Int64(key >> 32),
                    ring: base, slotStride: stride, slotMask: mask)
            }
        }
    }

    /// Integrates steps `start ..< start + steps`; afterwards `emitted` and `samples` hold what
    /// happened in them.
    public mutating func advance(from start: Int64, steps: Int64) {
        emitted.removeAll(keepingCapacity: true)
        samples.removeAll(keepingCapacity: true)
        let end = start + steps
        let stride = slotStride, mask = slotMask
        let philox = self.philox
        let generators = spikeGenerators
        var ring = takeRing()
        defer { self.ring = ring }
        ring.withUnsafeMutableBufferPointer { ring in
            let base = ring.baseAddress!
            for g in generators {
                g.deliver(arrivals: start..<end, ring: base, slotStride: stride, slotMask: mask)
            }
            for b in blocks.indices {
                for n in start..<end {
                    let slot = base + Int(n & mask) * stride
                    blocks[b].injectPoisson(step: n, slot: slot, philox: philox)
                    blocks[b].update(step: n, slot: slot, spikes: &emitted)
                    for probe in blocks[b].probes where (n + 1) % probes[probe.id].intervalSteps == 0 {
                        samples.append(VoltageSample(probe: probe.id, stamp: n + 1, value: blocks[b].membranePotential(probe.local)))
                    }
                }
            }
        }
        // Blocks ran one after the other; restore (step, global id) order.
        if blocks.count > 1 { emitted.sort() }
        if !samples.isEmpty { samples.sort { ($0.stamp, $0.probe) < ($1.stamp, $1.probe) } }
    }
}

extension Shard {
    /// Moves the ring out of `self` so that it can be written through a pointer while the
    /// blocks (other stored properties) are mutated; the caller puts it back.
    fileprivate mutating func takeRing() -> [Double] {
        var r: [Double] = []
        swap(&r, &ring)
        return r
    }
}

/// One voltmeter reading: probe, step stamp (the end of the step, as NEST stamps it), V_m in mV.
public struct VoltageSample: Sendable, Equatable {
    public let probe: Int
    public let stamp: Int64
    public let value: Double
}
