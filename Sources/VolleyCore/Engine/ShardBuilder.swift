// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

extension CompiledNetwork {
    /// Builds shard `index`: its neurons, the synapses onto them, and its share of the devices.
    /// Shards build independently (in parallel, or in different processes) from the spec alone.
    public func buildShard(_ index: Int) throws(CompileError) -> Shard {
        precondition(index >= 0 && index < layout.shardCount)
        let philox = Philox(seed: seed)

        // Blocks: this shard's slice of every population, one after another in the step input.
        var blocks: [PopulationBlock] = []
        var inputOffset = 0
        for (p, pop) in spec.populations.enumerated() {
            let range = layout.localRange(population: p, shard: index)
            let firstGlobal = layout.offsets[p] + range.lowerBound
            var block = PopulationBlock(
                population: p, firstGlobal: firstGlobal, firstIndex: range.lowerBound, count: range.count, inputOffset: inputOffset,
                model: pop.model, grid: grid, integrator: spec.integrator)
            if let dist = pop.initialMembranePotential {
                for i in 0..<range.count {
                    var r = RandomSequence(
                        philox, stream: RandomStreams.initialMembranePotential,
                        entity: UInt32(firstGlobal + i), counter: 0)
                    guard let v = Distributions.sample(dist, &r) else {
                        throw CompileError("population \(pop.name): no initial V_m within the redraw bounds after 1000 draws")
                    }
                    block.setMembranePotential(v, neuron: i)
                }
            }
            if let values = pop.membranePotentials {
                for i in 0..<range.count { block.setMembranePotential(values[range.lowerBound + i], neuron: i) }
            }
            if let times = pop.spikeTimes {
                block.scheduled = Self.scheduledSpikes(times[range], firstGlobal: firstGlobal, grid: grid)
            }
            blocks.append(block)
            inputOffset += range.count * PopulationBlock.channels(pop.model.kind)
        }
        let inputSize = max(inputOffset, 1)

        let (synapses, plasticMatrices) = try buildSynapses(shard: index, blocks: blocks, philox: philox)
        let plasticity = buildPlasticity(plasticMatrices, blocks: blocks, inputSize: inputSize)
        var spikeGenerators: [SpikeGeneratorDrive] = []
        try attachDevices(to: &blocks, spikeGenerators: &spikeGenerators)

        for (p, pop) in spec.populations.enumerated() { blocks[p].rhythmDrives = pop.rhythmDrives }
        var maxDelay = max(Int64(synapses.maxDelay), maxCouplingDelay)
        for g in plasticity.groups { maxDelay = max(maxDelay, Int64(g.maxDelay)) }
        for c in spec.deviceConnections { maxDelay = max(maxDelay, grid.exactSteps(c.delay) ?? 1) }
        var slots = 1
        while Int64(slots) < maxDelay + epochSteps + 1 { slots <<= 1 }

        var probes: [Shard.Probe] = []
        let catalogue = spec.recording.variables
        for vm in spec.recording.voltmeters {
            guard let interval = grid.exactSteps(vm.interval), interval >= 1 else {
                throw CompileError("voltmeter interval \(vm.interval) ms is not a positive multiple of the resolution")
            }
            let kind = spec.populations[vm.population].model.kind
            var variables: [(index: Int, catalogue: Int)] = []
            for name in vm.recordFrom {
                guard let v = kind.recordableIndex(name) else {
                    throw CompileError("multimeter on \(spec.populations[vm.population].name): \(kind.rawValue) has no recordable '\(name)' (it has \(kind.recordables.joined(separator: ", ")))")
                }
                variables.append((v, catalogue.firstIndex(of: name)!))
            }
            let range = layout.localRange(population: vm.population, shard: index)
            for n in vm.neurons where range.contains(n) {
                for v in variables {
                    blocks[vm.population].probes.append((local: n - range.lowerBound, variable: v.index, id: probes.count))
                    probes.append(Shard.Probe(population: vm.population, neuron: n, intervalSteps: interval, variable: v.catalogue))
                }
            }
        }
        // Samples leave a shard in probe order: (neuron, variable) within a block makes that
        // the canonical (stamp, population, neuron, variable) order on one shard as on many.
        for b in blocks.indices {
            blocks[b].probes.sort { ($0.local, probes[$0.id].variable) < ($1.local, probes[$1.id].variable) }
        }
        var shard = Shard(
            index: index, blocks: blocks, synapses: synapses, spikeGenerators: spikeGenerators,
            philox: philox, inputSize: inputSize, slotCount: slots, probes: probes, plasticity: plasticity)
        shard.populationStarts = layout.offsets
        shard.eventsBySourcePopulation = Array(repeating: 0, count: spec.populations.count)
        shard.headBlocks = buildHeadBlocks(shard: index)
        shard.routes = buildRoutes(blocks: blocks, heads: shard.headBlocks)
        return shard
    }

    /// The spike keys of spike-source neurons from global id `firstGlobal` on: a time t fires in
    /// the step that ends at NEST's stamp of t, so its key holds that step minus one.
    static func scheduledSpikes(_ times: ArraySlice<[Double]>, firstGlobal: Int, grid: TimeGrid) -> [UInt64] {
        var keys: [UInt64] = []
        // Spike keys hold the step in 32 bits, and no run is longer: later times never fire.
        let horizon = grid.resolution * Double(UInt32.max)
        for (i, neuron) in times.enumerated() {
            for t in neuron where t < horizon {
                let emission = grid.stampSteps(t) - 1
                guard emission >= 0, emission < Int64(UInt32.max) else { continue }
                keys.append(UInt64(emission) << 32 | UInt64(firstGlobal + i))
            }
        }
        keys.sort()
        return keys
    }

    /// This shard's slice of every head population.
    private func buildHeadBlocks(shard: Int) -> [HeadBlock] {
        spec.headPopulations.enumerated().map { hp, h in
            let range = headLayout.localRange(population: hp, shard: shard)
            let first = headLayout.offsets[hp] + range.lowerBound
            var cycleRhythm: Int?
            if case .rhythmCycle(let r) = h.context { cycleRhythm = r }
            return HeadBlock(
                population: hp, firstGlobal: first,
                heads: range.indices.map { AttentionHead(spec: h, head: first + $0, seed: seed, resolution: grid.resolution) },
                rotaryRhythm: h.rotary?.rhythm, cycleRhythm: cycleRhythm)
        }
    }

    /// Routes for the couplings whose targets this shard owns, in model order.
    private func buildRoutes(blocks: [PopulationBlock], heads: [HeadBlock]) -> EventRoutes {
        var routes = EventRoutes()
        for c in spec.spikeHeadCouplings where !heads[c.target].heads.isEmpty {
            let h = spec.headPopulations[c.target]
            routes.spikeToHeads.append(.init(
                sourceFirst: layout.offsets[c.source], sourceCount: layout.sizes[c.source], firstRow: c.firstRow,
                neuronsPerRow: max(1, c.neuronsPerRow), block: c.target, delay: grid.exactSteps(c.delay)!,
                embedding: h.embedding, inputDimension: h.inputDimension))
        }
        for c in spec.activationNeuronCouplings where blocks[c.target].count > 0 {
            let b = blocks[c.target]
            routes.activationsToNeurons.append(.init(
                sourceFirst: headLayout.offsets[c.source], sourceCount: headLayout.sizes[c.source], readout: c.readout,
                inputOffset: b.inputOffset, localCount: b.count, firstIndex: b.firstGlobal - layout.offsets[c.target],
                separatesChannels: b.kind.separatesExcitationAndInhibition, delay: grid.exactSteps(c.delay)!))
        }
        for c in spec.activationHeadCouplings where !heads[c.target].heads.isEmpty {
            routes.activationsToHeads.append(.init(
                sourceFirst: headLayout.offsets[c.source], sourceCount: headLayout.sizes[c.source], projection: c.projection,
                block: c.target, delay: grid.exactSteps(c.delay)!))
        }
        return routes
    }

    /// Two passes over every projection's connections onto this shard: count, then place.
    private func buildSynapses(
        shard: Int, blocks: [PopulationBlock], philox: Philox
    ) throws(CompileError) -> (SynapseMatrix, [(projection: Int, synapses: SynapseMatrix)]) {
        // One matrix for every static projection (today's merged rows) and one per plastic
        // projection, whose synapses carry state and are updated when a spike is delivered.
        let plastic = spec.projections.indices.filter { spec.projections[$0].synapse.kind.isPlastic }
        var builders = [SynapseMatrixBuilder](repeating: SynapseMatrixBuilder(sourceCount: layout.neuronCount), count: 1 + plastic.count)
        var builderOf = [Int](repeating: 0, count: spec.projections.count)
        for (k, i) in plastic.enumerated() { builderOf[i] = k + 1 }
        for (i, p) in spec.projections.enumerated() {
            if case .explicit(.file(let file)) = p.rule, tables[i] == nil {
                throw CompileError("connection \(i + 1): the rows of \(file.path) were not loaded")
            }
        }
        let generators = spec.projections.indices.map {
            ConnectionGenerator(spec: spec.projections[$0], index: $0, layout: layout, philox: philox, table: tables[$0])
        }
        for (i, g) in generators.enumerated() {
            let b = builderOf[i]
            g.forEachConnection(shard: shard) { source, _, _, _ in builders[b].count(source: source) }
        }
        for b in builders.indices { builders[b].allocate() }
        // Plain values per population, so the per-synapse lookup copies no arrays.
        let placement = blocks.map {
            TargetPlacement(inputOffset: $0.inputOffset, count: $0.count, firstGlobal: $0.firstGlobal,
                            separatesChannels: $0.kind.separatesExcitationAndInhibition)
        }
        var failure: CompileError?
        for (i, g) in generators.enumerated() {
            let weightRule = g.spec.weight
            let delayRule = delays[i]
            let weightStream = RandomStreams.projection(i, .weights)
            let delayStream = RandomStreams.projection(i, .delays)
            let layout = self.layout
            let grid = self.grid
            let b = builderOf[i]
            let synapse = g.spec.synapse
            let rowWeights = g.table?.weight
            let rowDelays = g.table?.delaySteps
            g.forEachConnection(shard: shard) { source, target, entity, counter in
                var w: Double
                if let rowWeights {
                    w = rowWeights[Int(counter)]
                } else if let c = weightRule.constantValue {
                    w = c
                } else {
                    var r = RandomSequence(philox, stream: weightStream, entity: entity, counter: counter)
                    guard let drawn = Distributions.sample(weightRule, &r) else {
                        failure = failure ?? CompileError("connection \(i + 1): no weight within the redraw bounds after 1000 draws")
                        return
                    }
                    w = drawn
                }
                if b > 0 {
                    do throws(SynapseParameterError) {
                        try synapse.checkWeight(w)
                    } catch {
                        if case .invalidValue(_, let reason) = error {
                            failure = failure ?? CompileError("connection \(i + 1): \(synapse.name): \(reason)")
                        }
                    }
                }
                let d: Int64
                switch delayRule {
                case .constant(let s):
                    d = s
                case .perRow:
                    d = Int64(rowDelays![Int(counter)])
                case .drawn(let dist, let minimum):
                    var r = RandomSequence(philox, stream: delayStream, entity: entity, counter: counter)
                    guard let ms = Distributions.sample(dist, &r) else {
                        failure = failure ?? CompileError("connection \(i + 1): no delay within the redraw bounds after 1000 draws")
                        w = 0
                        d = minimum
                        break
                    }
                    d = max(minimum, grid.delaySteps(ms))
                }
                let block = placement[layout.population(ofGlobal: target)]
                // A plastic weight keeps its sign but may start at 0: its channel follows the
                // sign it can take (stdp_synapse: Wmax's; the power law: positive).
                let sign = b == 0 ? w : synapse.kind == .stdpSynapse ? synapse["Wmax"] : synapse.kind == .stdpPLSynapseHom ? 1 : w
                let channel = block.separatesChannels && !(sign > 0) ? 1 : 0
                let offset = block.inputOffset + channel * block.count + (target - block.firstGlobal)
                builders[b].add(source: source, target: UInt32(offset), weight: w, delay: Int32(clamping: d))
            }
            if let failure { throw failure }
        }
        let matrices = builders.indices.map { builders[$0].finish() }
        return (matrices[0], plastic.enumerated().map { (projection: $1, synapses: matrices[$0 + 1]) })
    }

    /// The plastic projections of a shard, the post histories their STDP synapses read, and the
    /// tables between input offsets, shard ordinals and global ids.
    private func buildPlasticity(
        _ plastic: [(projection: Int, synapses: SynapseMatrix)], blocks: [PopulationBlock], inputSize: Int
    ) -> PlasticState {
        guard !plastic.isEmpty else { return PlasticState() }
        var ordinalOfOffset = [UInt32](repeating: 0, count: inputSize)
        var globalOfOrdinal: [UInt32] = []
        var tauMinus: [Double] = []
        for b in blocks {
            let base = globalOfOrdinal.count
            for c in 0..<PopulationBlock.channels(b.kind) {
                for i in 0..<b.count { ordinalOfOffset[b.inputOffset + c * b.count + i] = UInt32(base + i) }
            }
            globalOfOrdinal.append(contentsOf: (0..<b.count).map { UInt32(b.firstGlobal + $0) })
            tauMinus.append(contentsOf: repeatElement(spec.populations[b.population].model["tau_minus"], count: b.count))
        }
        let clock = SpikeClock(grid: grid)
        var history = PostSynapticHistory(tauMinus: tauMinus, minDelay: clock.delay(Int32(epochSteps)))
        var groups: [PlasticGroup] = []
        for (projection, m) in plastic {
            let model = spec.projections[projection].synapse
            if model.kind.readsPostHistory {
                for s in 0..<m.segmentDelay.count {
                    let d = clock.delay(m.segmentDelay[s])
                    for k in m.segmentStart[s]..<m.segmentStart[s + 1] { history.register(Int(ordinalOfOffset[Int(m.target[k])]), delay: d) }
                }
            }
            var group = PlasticGroup(projection: projection, model: model, synapses: m, sourceCount: layout.neuronCount)
            group.setRecordsWeights(spec.recording.weightRecorders.contains(projection))
            groups.append(group)
        }
        return PlasticState(
            groups: groups, history: history, ordinalOfOffset: ordinalOfOffset, globalOfOrdinal: globalOfOrdinal, clock: clock,
            inputSize: inputSize)
    }

    /// The local indices of `block` that device connection `c` reaches (all, or its `neurons`).
    private func localTargets(_ c: DeviceConnectionSpec, block b: PopulationBlock) -> Range<Int> {
        guard let part = c.neurons else { return 0..<b.count }
        let own = b.firstIndex..<(b.firstIndex + b.count)
        let both = part.clamped(to: own)
        return (both.lowerBound - b.firstIndex)..<(both.upperBound - b.firstIndex)
    }

    /// Where a population's neurons sit in this shard's step input.
    private struct TargetPlacement {
        let inputOffset: Int
        let count: Int
        let firstGlobal: Int
        let separatesChannels: Bool
    }

    /// Compiles device connections into Poisson and current drives on the blocks and spike
    /// generator drives for this shard.
    private func attachDevices(
        to blocks: inout [PopulationBlock], spikeGenerators: inout [SpikeGeneratorDrive]
    ) throws(CompileError) {
        var generatorSlot: [Int: Int] = [:]
        for (ci, c) in spec.deviceConnections.enumerated() {
            let device = spec.devices[c.device]
            let delay = grid.exactSteps(c.delay) ?? 1
            switch device.model {
            case .poissonGenerator(let rate, let start, let stop):
                guard rate >= 0, rate.isFinite else {
                    throw CompileError("device \(device.name): rate \(rate) Hz must be finite and non-negative")
                }
                let lambda = rate * grid.resolution / 1000
                if lambda == 0 { continue }
                for p in c.targets {
                    let kind = spec.populations[p].model.kind
                    let local = localTargets(c, block: blocks[p])
                    if local.isEmpty { continue }
                    blocks[p].poisson.append(PoissonDrive(
                        table: lambda <= PoissonTable.maxLambda ? PoissonTable(lambda: lambda) : nil,
                        lambda: lambda, weight: c.weight, delay: delay,
                        after: grid.stepsRoundingUp(start), through: grid.stepsRoundingUp(stop),
                        stream: RandomStreams.poissonInput(ci),
                        channel: PopulationBlock.channel(kind, weight: c.weight), local: local))
                }
            case .dcGenerator(let amplitude, let start, let stop):
                for p in c.targets {
                    blocks[p].currents.append(CurrentDrive(
                        current: c.weight * amplitude, delay: delay,
                        after: grid.stepsRoundingUp(start), through: grid.stepsRoundingUp(stop)))
                }
            case .spikeGenerator(let times, let weights):
                if generatorSlot[c.device] == nil {
                    var emissions: [Int64] = []
                    for t in times {
                        guard let stamp = grid.exactSteps(t), stamp >= 1 else {
                            throw CompileError("device \(device.name): spike time \(t) ms must be positive and on the \(grid.resolution) ms grid")
                        }
                        emissions.append(stamp - 1)
                    }
                    guard emissions == emissions.sorted() else {
                        throw CompileError("device \(device.name): spike times must be sorted")
                    }
                    guard weights.isEmpty || weights.count == times.count else {
                        throw CompileError("device \(device.name): spike_weights must have one entry per spike time")
                    }
                    generatorSlot[c.device] = spikeGenerators.count
                    spikeGenerators.append(SpikeGeneratorDrive(emissions: emissions, spikeWeights: weights, connections: []))
                }
                var targets: [UInt32] = []
                for p in c.targets {
                    let b = blocks[p]
                    let channel = PopulationBlock.channel(b.kind, weight: c.weight)
                    for i in localTargets(c, block: b) { targets.append(UInt32(b.inputOffset + channel * b.count + i)) }
                }
                spikeGenerators[generatorSlot[c.device]!].connections.append(
                    .init(targets: targets, weight: c.weight, delay: delay))
            }
        }
    }
}
