// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// A neuron whose integration failed (NEST's `NumericalInstability` or `GSLSolverFailure`): the
/// run stops with status 1, naming the population, the neuron and the time, before any NaN is
/// written.
public struct NumericalInstability: Error, CustomStringConvertible, Sendable {
    public let population: String
    public let neuron: Int
    /// The stamp of the step in which it failed, in ms.
    public let time: String

    init(failure f: IntegrationFailure, spec: NetworkSpec, resolution: Double) {
        population = spec.populations[f.population].name
        neuron = f.neuron
        time = TimeFormatter(resolution: resolution).string(f.step + 1)
    }

    public var description: String {
        "numerical instability: neuron \(neuron) of population \(population) (\(population)[\(neuron)]) at t = \(time) ms "
            + "(a solver failure, V_m below −1000 mV, |w| above 10⁶ pA, or a state that diverged); the run stopped there. Smaller weights or time steps, "
            + "or the default integrator instead of rk4, may help."
    }
}

/// The one epoch loop (DESIGN §7): builds this process's shards, then advances them an epoch at
/// a time on a team of threads, exchanging spikes through a `SpikeExchange` between epochs.
public final class Simulation {
    public let network: CompiledNetwork
    /// The shards this process owns.
    public let shardIndices: [Int]
    private let team: ThreadTeam
    private var shards: [Shard?]
    /// Wall-clock seconds the shards took to build.
    public private(set) var buildSeconds = 0.0

    /// Where `run` starts: epoch 0, or the cut a checkpoint was taken at.
    public let resumePoint: ResumePoint?

    /// Builds the shards `shardIndices` (default: all) of `network` on `threads` threads; with
    /// `resume`, puts the saved state into them and queues the spikes in flight at the cut.
    public init(network: CompiledNetwork, shardIndices: [Int]? = nil, threads: Int, resume: ResumePoint? = nil) throws {
        self.resumePoint = resume
        self.network = network
        self.shardIndices = shardIndices ?? Array(0..<network.layout.shardCount)
        self.team = ThreadTeam(size: max(1, min(threads, self.shardIndices.count)))
        let count = self.shardIndices.count
        let clock = WallClock()
        let built = SharedSlots<Result<Shard, CompileError>>(count: count)
        let indices = self.shardIndices
        let teamSize = team.size
        team.run { member in
            for k in stride(from: member, to: count, by: teamSize) {
                built.set(k, Result { () throws(CompileError) -> Shard in try network.buildShard(indices[k]) })
            }
        }
        shards = try built.take().map { try $0.get() }
        if let resume { try restore(resume) }
        buildSeconds = clock.seconds
        let populations = network.spec.populations.count
        // Nothing is counted before the first step: a valid baseline for counting from epoch 0.
        // A resumed shard 0 holds the counts up to the cut: an energy tap's first resumed epoch
        // is then its baseline.
        energySoFar = resume == nil ? Array(repeating: EnergyCounts(populations: populations), count: count) : nil
        shardNeurons = shards.map { $0!.neuronsByPopulation(populations) }
    }

    /// Neurons in this process's shards.
    public var localNeuronCount: Int { shards.reduce(0) { $0 + $1!.neuronCount } }
    /// Synapses held by this process's shards.
    public var localSynapseCount: Int { shards.reduce(0) { $0 + $1!.synapseCount } }
    /// Bytes of synapse tables held by this process's shards.
    public var localSynapseBytes: Int { shards.reduce(0) { $0 + $1!.synapseBytes } }
    /// Plastic synapses held by this process's shards, and their bytes.
    public var localPlasticSynapseCount: Int { shards.reduce(0) { $0 + $1!.plasticSynapseCount } }
    public var localPlasticSynapseBytes: Int { shards.reduce(0) { $0 + $1!.plasticSynapseBytes } }
    /// Synaptic events delivered so far in this process.
    public var deliveredEvents: Int { shards.reduce(0) { $0 + $1!.deliveredEvents } }
    /// Threads running the shards.
    public var threadCount: Int { team.size }

    /// This process's part of the energy budget so far: synaptic events by source population,
    /// the Na⁺ and K⁺ charge of the populations whose model keeps an ion ledger, and the pump's
    /// charge of those whose model has a Na⁺/K⁺ pump.
    public func energyCounts() -> EnergyCounts {
        var counts = EnergyCounts(populations: network.spec.populations.count)
        for i in shards.indices {
            guard var shard = shards[i] else { continue }
            shards[i] = nil  // read in place, without a copy of the shard
            ledgerIndex.add(&shard, to: &counts)
            shards[i] = shard
        }
        return counts
    }

    /// Whether the coming epochs' `ShardOutput`s carry each shard's energy counts for the epoch
    /// (a worker sets it while a tap asks for energy; summing a Hodgkin–Huxley population's
    /// ledger every epoch is not free). Counting that starts mid-run takes its first epoch for
    /// the baseline and reports from the next; from the start it reports from epoch 0.
    public var energyPerEpochWanted = false
    private lazy var ledgerIndex = EnergyLedgerIndex(spec: network.spec)
    /// Per shard (by position in `shardIndices`): its counts at the end of the last epoch, nil
    /// when the last epoch did not count; and its neurons of each population.
    private var energySoFar: [EnergyCounts]?
    private var shardNeurons: [[Int]] = []

    /// Puts `resume`'s state into the freshly built shards and queues what was in flight.
    private func restore(_ resume: ResumePoint) throws {
        let names = network.spec.populations.map(\.name)
        do {
            try resume.state.check(sizes: network.spec.populations.map(\.size), names: names)
        } catch {
            throw CheckpointError(error.message)
        }
        let inFlight = resume.inFlight
        let slots = SharedSlots<Shard>(moving: shards.map { $0! })
        let failures = SharedSlots<StateRestoreError?>(count: slots.count)
        let count = slots.count, teamSize = team.size
        team.run { member in
            for k in stride(from: member, to: count, by: teamSize) {
                slots.mutate(k) { shard in
                    do {
                        // The network's event counters go to shard 0, wherever it runs.
                        try shard.restore(
                            from: resume.state, start: resume.step,
                            counters: shard.index == 0 ? (resume.deliveredEvents, resume.eventsBySourcePopulation) : nil,
                            populationNames: names)
                        try shard.restoreHeads(resume.heads)
                        try shard.restorePlasticState(from: resume.plastic, start: resume.step)
                        for events in inFlight {
                            events.spikes.withUnsafeBufferPointer { shard.replay($0, activations: events.activations, from: resume.step) }
                        }
                        failures.set(k, Optional<StateRestoreError>.none)
                    } catch {
                        failures.set(k, error as? StateRestoreError ?? StateRestoreError("\(error)"))
                    }
                }
            }
        }
        shards = slots.take().map { $0 }
        if let failure = failures.take().compactMap({ $0 }).first { throw CheckpointError(failure.message) }
    }


    /// Every shard's state now (between runs, or from `run`'s boundary callback).
    private static func capture(_ slots: SharedSlots<Shard>) -> [ShardState] {
        (0..<slots.count).map { k in slots.mutate(k) { $0.captureState() } }
    }

    /// Simulates up to step `total` from step 0 (or from the resume point), calling `observer`
    /// after every epoch and then `boundary` with the number of epochs done, the step reached
    /// and a way to capture every local shard's state there (for checkpoints).
    public func run<E: SpikeExchange>(
        steps total: Int64, exchange: inout E, observers: [EpochSink],
        boundary: ((_ epochs: Int64, _ step: Int64, _ capture: () -> [ShardState]) throws -> Void)? = nil
    ) throws {
        let schedule = EpochSchedule(totalSteps: total, epochSteps: network.epochSteps, firstEpoch: resumePoint?.epoch ?? 0)
        try run(schedule, exchange: &exchange, observers: observers, boundary: boundary)
    }

    /// Simulates the epochs of `schedule` (a run plan's: from step 0, or from the resume point),
    /// as `run(steps:…)` does.
    public func run<E: SpikeExchange>(
        _ schedule: EpochSchedule, exchange: inout E, observers: [EpochSink],
        boundary: ((_ epochs: Int64, _ step: Int64, _ capture: () -> [ShardState]) throws -> Void)? = nil
    ) throws {
        precondition(schedule.epochSteps == network.epochSteps && schedule.firstEpoch == (resumePoint?.epoch ?? 0))
        var previous = resumePoint?.lastEpoch ?? EpochEvents()
        let slots = SharedSlots<Shard>(moving: shards.map { $0! })
        shards = []
        defer { shards = slots.take().map { $0 } }
        let count = shardIndices.count
        let teamSize = team.size
        let spec = network.spec
        for k in 0..<schedule.count {
            let epoch = schedule.epoch(k), start = schedule.start(k), steps = schedule.steps(k)
            let states = try exchange.rhythms(epoch: epoch, start: start, steps: steps)
            let rhythms = spec.rhythms.isEmpty ? nil : EpochRhythms(start: start, states: states, rhythms: spec.rhythms, seed: network.seed)
            let incoming = previous
            let epochStart = start
            team.run { member in
                incoming.spikes.withUnsafeBufferPointer { spikes in
                    for k in stride(from: member, to: count, by: teamSize) {
                        slots.mutate(k) { shard in
                            shard.deliver(spikes, activations: incoming.activations)
                            shard.advance(from: epochStart, steps: steps, rhythms: rhythms)
                        }
                    }
                }
            }
            let outputs = try shardOutputs(slots, durationMs: Double(steps) * network.grid.resolution)
            previous = try exchange.exchange(epoch: epoch, outputs: outputs)
            let record = EpochRecord(
                epoch: epoch, start: start, steps: steps, spikes: previous.spikes,
                samples: SpikeMerge.samples(outputs.map(\.samples)), activations: previous.activations, rhythms: states,
                weights: SpikeMerge.weights(outputs.map(\.weights)))
            for o in observers { try o.observe(record) }
            try boundary?(epoch + 1, start + steps) { Self.capture(slots) }
        }
    }

    /// Visits every plastic synapse of this process's shards at the end of the run, projection by
    /// projection, each in canonical order (target, then source, delay and generation order),
    /// in chunks of whole targets.
    public func forEachPlasticChunk(_ body: (PlasticChunk) throws -> Void) rethrows {
        let local = shards.compactMap { $0 }.sorted { $0.index < $1.index }
        let plastic = Set(local.flatMap(\.plasticProjections)).sorted()
        for p in plastic {
            // Targets by global id: populations in file order, then each shard's slice in order.
            for q in network.spec.projections[p].targets.sorted() {
                for shard in local { try shard.forEachPlasticChunk(projection: p, population: q, body) }
            }
        }
    }

    /// The plastic synapses of `projection` onto `population` in shard `shard` (if this process
    /// holds it), in canonical order: one segment of what `forEachPlasticChunk` visits.
    public func forEachPlasticChunk(
        projection: Int, population: Int, shard: Int, _ body: (PlasticChunk) throws -> Void
    ) rethrows {
        guard let s = shards.first(where: { $0?.index == shard }) ?? nil else { return }
        try s.forEachPlasticChunk(projection: projection, population: population, body)
    }

    /// Every plastic synapse of this process, in canonical order within each projection
    /// (for small networks: tests, `volley trace`).
    public func plasticSynapses() -> [PlasticSynapseState] {
        var out: [PlasticSynapseState] = []
        forEachPlasticChunk { c in
            for i in 0..<c.count {
                out.append(PlasticSynapseState(
                    projection: c.projection, source: Int(c.source[i]), target: Int(c.target[i]), delay: c.delay[i],
                    weight: c.weight[i], state: c.state.map { $0[i] }))
            }
        }
        return out
    }

    /// Spikes per population of a list of spike keys (ascending by step, then neuron: the
    /// population is looked up only where it changes).
    private func spikesByPopulation(_ keys: [UInt64], populations: Int) -> [Int] {
        var counts = Array(repeating: 0, count: populations)
        let offsets = network.layout.offsets
        var p = 0
        for key in keys {
            let id = Int(key & 0xFFFF_FFFF)
            if id < offsets[p] || id >= offsets[p + 1] { p = network.layout.population(ofGlobal: id) }
            counts[p] += 1
        }
        return counts
    }

    /// What each shard produced in the epoch; throws if a neuron's integration failed in it.
    private func shardOutputs(_ slots: SharedSlots<Shard>, durationMs: Double) throws -> [ShardOutput] {
        let populations = network.spec.populations.count
        let counting = energyPerEpochWanted
        let baseline = counting ? energySoFar : nil
        var counted: [EnergyCounts] = []
        defer { energySoFar = counting ? counted : nil }
        return try (0..<slots.count).map { k in
            try slots.mutate(k) { shard in
                if let f = shard.integrationFailure {
                    throw NumericalInstability(failure: f, spec: network.spec, resolution: network.grid.resolution)
                }
                var energy: ShardEnergy?
                if counting {
                    var counts = EnergyCounts(populations: populations)
                    ledgerIndex.add(&shard, to: &counts)
                    if let baseline {
                        energy = ShardEnergy(
                            counts: counts.since(baseline[k]), neurons: shardNeurons[k],
                            spikes: spikesByPopulation(shard.emitted, populations: populations), durationMs: durationMs)
                    }
                    counted.append(counts)
                }
                return ShardOutput(
                    shard: shard.index, spikes: shard.emitted,
                    samples: shard.samples.map { s in
                        let p = shard.probes[s.probe]
                        return ProbeSample(population: p.population, neuron: p.neuron, stamp: s.stamp, value: s.value, variable: p.variable)
                    },
                    activations: shard.activations, weights: shard.weightRecords, energy: energy)
            }
        }
    }
}
