// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// One shard: the neurons it owns, their incoming synapses, the synapse segments queued for the
/// steps to come, and the devices that drive them. A shard is advanced one epoch at a time and
/// never talks to another shard: spikes arrive through `deliver` in canonical order (DESIGN §1–2).
public struct Shard: Sendable {
    /// The shard's index.
    public let index: Int
    var blocks: [PopulationBlock]
    var synapses: SynapseMatrix
    /// Spikes of spike generators in arrival order, and the target lists they use.
    let generatorSpikes: [GeneratorSpike]
    let generatorTargets: [[UInt32]]
    var nextGeneratorSpike = 0
    /// Whether a block has voltmeter probes.
    var probedBlocks: [Bool] = []
    let philox: Philox

    /// Synapse segments to apply in each coming step, slot = step mod `pending.count`, in the
    /// canonical order of the spikes that queued them.
    var pending: [[UInt32]]
    let slotMask: Int64
    /// The input of every local neuron channel in the step being integrated.
    var input: [Double]
    /// Attention heads this shard owns, per head population.
    var headBlocks: [HeadBlock] = []
    /// Where spikes into heads and activations go.
    var routes = EventRoutes()
    /// Activation and head inputs for each coming step, slot as in `pending`.
    var queued: [QueuedInput]

    /// Multimeter probes: (population, neuron index in it, sampling interval in steps, recordable).
    public let probes: [Probe]

    /// Plastic projections, post histories and the plastic input ring.
    var plasticity: PlasticState
    /// The first step of the next epoch (the cut, at an epoch boundary): a checkpoint keys the
    /// plastic ring's slots by the arrival step they hold from here.
    var nextStep: Int64 = 0
    /// Transmissions through recorded plastic synapses in the last delivery, in delivery order.
    public private(set) var weightRecords: [WeightRecord] = []

    /// Spike keys (`emission step << 32 | global id`) of the last epoch, ascending.
    public private(set) var emitted: [UInt64] = []
    /// Voltmeter samples of the last epoch, by step, then probe.
    public private(set) var samples: [VoltageSample] = []
    /// Synaptic events (spike × synapse) delivered so far.
    public internal(set) var deliveredEvents = 0
    /// The same, by the population of the spike's source (the energy budget's synaptic share).
    public internal(set) var eventsBySourcePopulation: [Int] = []
    /// Global id of each population's first neuron (to attribute events), and the total.
    var populationStarts: [Int] = []
    /// Activations of the last epoch, by step, then head.
    public private(set) var activations: [Activation] = []

    /// A multimeter probe on one recordable of one neuron.
    public struct Probe: Sendable, Equatable {
        public let population: Int
        public let neuron: Int
        public let intervalSteps: Int64
        /// The recordable: an index into `RecordingSpec.variables`.
        public let variable: Int
    }

    init(
        index: Int, blocks: [PopulationBlock], synapses: SynapseMatrix, spikeGenerators: [SpikeGeneratorDrive],
        philox: Philox, inputSize: Int, slotCount: Int, probes: [Probe], plasticity: PlasticState = PlasticState()
    ) {
        self.plasticity = plasticity
        if !plasticity.groups.isEmpty { self.plasticity.ring = [Double](repeating: 0, count: slotCount * inputSize) }
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0)
        self.index = index
        self.blocks = blocks
        self.synapses = synapses
        (self.generatorSpikes, self.generatorTargets) = SpikeGeneratorDrive.schedule(spikeGenerators)
        self.probedBlocks = blocks.map { !$0.probes.isEmpty }
        self.philox = philox
        self.pending = Array(repeating: [], count: slotCount)
        self.queued = Array(repeating: QueuedInput(), count: slotCount)
        self.slotMask = Int64(slotCount - 1)
        self.input = [Double](repeating: 0, count: inputSize)
        self.probes = probes
    }

    /// The first neuron whose integration failed (NEST's `GSLSolverFailure` or
    /// `NumericalInstability`): the run must stop there, before any NaN reaches an output. Set
    /// by `advance`, so the check after each epoch reads one value instead of walking the blocks.
    public private(set) var integrationFailure: IntegrationFailure?

    /// Neurons the shard owns.
    public var neuronCount: Int { blocks.reduce(0) { $0 + $1.count } }

    /// This shard's neurons of each of the model's `populations` populations (0 where it holds none).
    public func neuronsByPopulation(_ populations: Int) -> [Int] {
        var n = Array(repeating: 0, count: populations)
        for b in blocks where b.population < populations { n[b.population] += b.count }
        return n
    }
    /// Incoming synapses the shard holds.
    public var synapseCount: Int { synapses.synapseCount + plasticity.groups.reduce(0) { $0 + $1.synapseCount } }
    /// Bytes held by the synapse tables.
    public var synapseBytes: Int { synapses.bytes + plasticity.groups.reduce(0) { $0 + $1.bytes } }
    /// Plastic synapses the shard holds.
    public var plasticSynapseCount: Int { plasticity.groups.reduce(0) { $0 + $1.synapseCount } }
    /// Bytes held by the plastic synapse tables (rows, weights, shared state per source).
    public var plasticSynapseBytes: Int { plasticity.groups.reduce(0) { $0 + $1.bytes } }

    /// The plastic projections this shard holds synapses of (indices into the spec's projections).
    public var plasticProjections: [Int] { plasticity.groups.map(\.projection) }

    /// The synapses of plastic projection `projection` onto this shard's neurons of population
    /// `population`, in canonical order (target, then source, delay and generation order), in
    /// chunks of whole targets of at least `chunk` synapses.
    public func forEachPlasticChunk(
        projection: Int, population: Int, chunk: Int = 1 << 16, _ body: (PlasticChunk) throws -> Void
    ) rethrows {
        guard let group = plasticity.groups.first(where: { $0.projection == projection }) else { return }
        var base = 0
        for b in blocks {
            if b.population == population {
                try group.forEachChunk(ordinals: base..<(base + b.count), maxCount: chunk, tables: plasticity, body)
                return
            }
            base += b.count
        }
    }

    /// Queues the effect of `spikes` (keys in canonical order: step, then global id) and of
    /// `activations` (canonical order: step, then head). Every event must have been emitted before
    /// the current epoch.
    public mutating func deliver(_ spikes: UnsafeBufferPointer<UInt64>, activations: [Activation] = []) {
        route(spikes: spikes, activations: activations)
        let mask = slotMask
        var events = 0
        if plasticity.groups.isEmpty {
            var population = 0
            for key in spikes {
                let source = Int(key & 0xFFFF_FFFF)
                let n = synapses.schedule(source: source, emission: Int64(key >> 32), pending: &pending, slotMask: mask)
                events += n
                if n > 0 { count(events: n, source: source, population: &population) }
            }
        } else {
            events = deliverWithPlasticity(spikes)
        }
        deliveredEvents += events
    }

    /// Attributes `n` events to the population of global id `source`; `population` is the last
    /// one found (spikes of one step come by ascending id, so it is mostly still right).
    @inline(__always)
    private mutating func count(events n: Int, source: Int, population p: inout Int) {
        guard populationStarts.count > 1 else { return }
        if source < populationStarts[p] || source >= populationStarts[p + 1] {
            var lo = 0, hi = populationStarts.count - 2
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if populationStarts[mid] <= source { lo = mid } else { hi = mid - 1 }
            }
            p = lo
        }
        eventsBySourcePopulation[p] += n
    }

    /// Σ of the model's recordable `index` over this shard's neurons of `population`, each
    /// neuron's value × `scale` rounded to an integer first, so that the sum does not depend on
    /// how neurons are spread over shards (for the energy ledger: not on the step path).
    public mutating func total(recordable index: Int, population: Int, scale: Double) -> Int64 {
        var sum: Int64 = 0
        for b in blocks.indices where blocks[b].population == population { sum += blocks[b].total(index, scale: scale) }
        return sum
    }

    /// `deliver` for a shard with plastic synapses: per spike, the static rows are queued and
    /// every plastic row is updated and transmits into the plastic ring, in canonical spike order.
    private mutating func deliverWithPlasticity(_ spikes: UnsafeBufferPointer<UInt64>) -> Int {
        weightRecords.removeAll(keepingCapacity: true)
        let mask = slotMask
        var events = 0
        var ring = plasticity.ring
        plasticity.ring = []
        var groups = plasticity.groups
        plasticity.groups = []
        let inputSize = plasticity.inputSize
        ring.withUnsafeMutableBufferPointer { buffer in
            var delivery = PlasticDelivery(
                clock: plasticity.clock, ring: buffer.baseAddress!, inputSize: inputSize, slotMask: mask,
                history: plasticity.history, ordinalOfOffset: plasticity.ordinalOfOffset,
                globalOfOrdinal: plasticity.globalOfOrdinal, records: weightRecords)
            plasticity.history = .none
            weightRecords = []
            var population = 0
            for key in spikes {
                let source = Int(key & 0xFFFF_FFFF), e = Int64(key >> 32)
                var n = synapses.schedule(source: source, emission: e, pending: &pending, slotMask: mask)
                for p in groups.indices { n += groups[p].deliver(source, emission: e, into: &delivery) }
                events += n
                if n > 0 { count(events: n, source: source, population: &population) }
            }
            plasticity.history = delivery.history
            weightRecords = delivery.records
        }
        plasticity.ring = ring
        plasticity.groups = groups
        return events
    }

    /// Integrates steps `start ..< start + steps`; afterwards `emitted`, `activations` and
    /// `samples` hold what happened in them. `rhythms` are the rhythms' states in this epoch.
    public mutating func advance(from start: Int64, steps: Int64, rhythms: EpochRhythms? = nil) {
        emitted.removeAll(keepingCapacity: true)
        samples.removeAll(keepingCapacity: true)
        activations.removeAll(keepingCapacity: true)
        let philox = self.philox
        var input = takeInput()
        defer { self.input = input }
        input.withUnsafeMutableBufferPointer { buffer in
            let input = buffer.baseAddress!
            for n in start..<(start + steps) {
                // Input of step n: queued synapse segments, activation inputs, spike generators,
                // then (per block) Poisson; heads see the events arriving now.
                let slot = Int(n & slotMask)
                if !pending[slot].isEmpty {
                    synapses.apply(pending[slot], to: input)
                    pending[slot].removeAll(keepingCapacity: true)
                }
                if !plasticity.ring.isEmpty { drainPlasticInput(slot: slot, into: input) }
                if !queued[slot].isEmpty { runQueued(slot: slot, step: n, input: input, rhythms: rhythms) }
                while nextGeneratorSpike < generatorSpikes.count && generatorSpikes[nextGeneratorSpike].arrival == n {
                    let g = generatorSpikes[nextGeneratorSpike]
                    for t in generatorTargets[g.targets] { input[Int(t)] += g.weight }
                    nextGeneratorSpike += 1
                }
                for b in blocks.indices {
                    if let failed = blocks[b].step(n, input: input, philox: philox, rhythms: rhythms, spikes: &emitted),
                        integrationFailure == nil
                    {
                        // Blocks run in population order, so the first failure seen is the earliest.
                        integrationFailure = IntegrationFailure(
                            population: blocks[b].population, neuron: blocks[b].firstIndex + failed, step: n)
                    }
                    if probedBlocks[b] { sample(block: b, step: n) }
                }
            }
        }
        nextStep = start + steps
        // Blocks ran one after the other; restore (step, global id) order.
        if blocks.count > 1 { emitted.sort() }
        if !plasticity.groups.isEmpty { recordPostSpikes() }
        if headBlocks.count > 1 { activations.sort { ($0.step, $0.head) < ($1.step, $1.head) } }
    }

    /// Adds what plastic synapses transmitted for step slot `slot` to the step's input, after the
    /// static synapses (a fixed order), and clears the slot.
    private mutating func drainPlasticInput(slot: Int, into input: UnsafeMutablePointer<Double>) {
        let size = plasticity.inputSize
        let base = slot * size
        plasticity.ring.withUnsafeMutableBufferPointer { ring in
            for i in 0..<size {
                input[i] += ring[base + i]
                ring[base + i] = 0
            }
        }
    }

    /// Adds the epoch's spikes of neurons with STDP inputs to their histories, in time order.
    private mutating func recordPostSpikes() {
        var b = 0
        var ordinalBase = 0
        for key in emitted {
            let g = Int(key & 0xFFFF_FFFF)
            // Spikes are sorted by step, then id: find the block from the start for each step.
            b = 0
            ordinalBase = 0
            while !(blocks[b].firstGlobal..<(blocks[b].firstGlobal + blocks[b].count)).contains(g) {
                ordinalBase += blocks[b].count
                b += 1
            }
            let post = ordinalBase + g - blocks[b].firstGlobal
            if plasticity.history.tracks(post) {
                plasticity.history.spike(post, at: plasticity.clock.spikeTime(emission: Int64(key >> 32)))
            }
        }
    }

    private mutating func sample(block b: Int, step n: Int64) {
        for probe in blocks[b].probes where (n + 1) % probes[probe.id].intervalSteps == 0 {
            samples.append(VoltageSample(probe: probe.id, stamp: n + 1, value: blocks[b].recordable(probe.variable, neuron: probe.local)))
        }
    }

    private mutating func runQueued(slot: Int, step n: Int64, input: UnsafeMutablePointer<Double>, rhythms: EpochRhythms?) {
        var q = QueuedInput()
        swap(&q, &queued[slot])
        for (offset, w) in q.neuronInputs { input[Int(offset)] += w }
        if !q.headInputs.isEmpty {
            for b in headBlocks.indices {
                let vectors = q.headInputs.filter { $0.block == b }.map(\.vector)
                headBlocks[b].process(step: n, vectors: vectors, rhythms: rhythms, into: &activations)
            }
        }
        q.neuronInputs.removeAll(keepingCapacity: true)
        q.headInputs.removeAll(keepingCapacity: true)
        swap(&q, &queued[slot])
    }

    /// Moves the input out of `self` so that it can be written through a pointer while the
    /// blocks (other stored properties) are mutated; the caller puts it back.
    private mutating func takeInput() -> [Double] {
        var r: [Double] = []
        swap(&r, &input)
        return r
    }
}

/// Where and when a neuron's integration failed: population index, neuron index in it, step.
public struct IntegrationFailure: Sendable, Equatable {
    public let population: Int
    public let neuron: Int
    public let step: Int64
}

/// One voltmeter reading: probe, step stamp (the end of the step, as NEST stamps it), V_m in mV.
public struct VoltageSample: Sendable, Equatable {
    public let probe: Int
    public let stamp: Int64
    public let value: Double
}
