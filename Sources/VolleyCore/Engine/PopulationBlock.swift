// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// The neurons one shard owns of one population: their model's state (a `NeuronGroup`, flat
/// arrays per model) and the devices and rhythms that drive them (DESIGN §8: no classes,
/// existentials or allocation per step).
struct PopulationBlock: Sendable {
    /// Index of the population in the spec.
    let population: Int
    /// Global id of local neuron 0.
    let firstGlobal: Int
    /// Index within its population of local neuron 0.
    let firstIndex: Int
    let count: Int
    /// Offset of this block's channel 0 in the shard's step input; channel c starts at `inputOffset + c·count`.
    let inputOffset: Int
    /// The model.
    let kind: NeuronModelKind
    /// The neurons' state under their model.
    var neurons: NeuronGroup

    var poisson: [PoissonDrive] = []
    var currents: [CurrentDrive] = []
    /// The input current that drives the next step (NEST's `y0` / `i_0`).
    var currentNow = 0.0
    /// Sinusoidal currents from rhythms.
    var rhythmDrives: [RhythmDriveSpec] = []

    /// Spikes the block emits at given steps (a spike source's times), as spike keys
    /// (emission step << 32 | global id) in canonical order, and the first not yet emitted.
    var scheduled: [UInt64] = []
    var nextScheduled = 0

    /// Multimeter probes: local neuron index, the recordable's index, and the probe's id in the shard.
    var probes: [(local: Int, variable: Int, id: Int)] = []

    init(population: Int, firstGlobal: Int, firstIndex: Int, count: Int, inputOffset: Int, model: NeuronModel, grid: TimeGrid,
         integrator: NeuronIntegrator) {
        self.population = population
        self.firstGlobal = firstGlobal
        self.firstIndex = firstIndex
        self.count = count
        self.inputOffset = inputOffset
        self.kind = model.kind
        self.neurons = NeuronGroup(model, count: count, grid: grid, integrator: integrator)
    }

    /// Input channels per neuron in the step input.
    static func channels(_ kind: NeuronModelKind) -> Int { kind.dynamics.inputChannels }

    /// The channel a synapse of weight `w` feeds (NEST: positive weights are excitatory).
    static func channel(_ kind: NeuronModelKind, weight w: Double) -> Int {
        kind.separatesExcitationAndInhibition && !(w > 0) ? 1 : 0
    }

    /// Neurons per chunk: a chunk's inputs stay in the first-level cache between the Poisson
    /// pass and the update that reads them.
    static let chunk = 512

    /// Integrates step `n` for every neuron of the block: adds the Poisson input arriving in
    /// step `n` to the step input, then updates, chunk by chunk; appends a spike key
    /// (step << 32 | global id) for each neuron that fired. Returns the first local neuron whose
    /// integration failed, if one did.
    mutating func step(
        _ n: Int64, input stepInput: UnsafeMutablePointer<Double>, philox: Philox, rhythms: EpochRhythms?, spikes: inout [UInt64]
    ) -> Int? {
        let next = currents.isEmpty ? 0 : currents.reduce(0.0) { $0 + $1.value(arrival: n) }
        let extraCurrent = rhythmDrives.isEmpty ? 0 : rhythmCurrent(step: n, rhythms: rhythms)
        // A rhythm's current drives this step like the device current does (it is replaced by
        // the next step's device current below).
        if extraCurrent != 0 { currentNow += extraCurrent }
        var update = BlockUpdate(
            poisson: [], philox: philox, spikes: [],
            context: StepContext(step: n, current: currentNow, input: stepInput + inputOffset, count: count, firstGlobal: firstGlobal))
        // Moved in and out rather than copied: no reference counting per block and step.
        swap(&spikes, &update.spikes)
        swap(&poisson, &update.poisson)
        let failed = neurons.visit(&update)
        swap(&poisson, &update.poisson)
        swap(&spikes, &update.spikes)
        currentNow = next
        if !scheduled.isEmpty { emitScheduled(step: n, into: &spikes) }
        return failed
    }

    /// Appends the scheduled spikes of step `n`. A shard built for a resumed run starts past
    /// step 0, so the cursor first skips what lies before the step it is asked for.
    private mutating func emitScheduled(step n: Int64, into spikes: inout [UInt64]) {
        let first = UInt64(n) << 32
        if nextScheduled < scheduled.count && scheduled[nextScheduled] < first {
            var lo = nextScheduled, hi = scheduled.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if scheduled[mid] < first { lo = mid + 1 } else { hi = mid }
            }
            nextScheduled = lo
        }
        while nextScheduled < scheduled.count && scheduled[nextScheduled] >> 32 == UInt64(n) {
            spikes.append(scheduled[nextScheduled])
            nextScheduled += 1
        }
    }

    /// Adds the Poisson input of `poisson` arriving in step `n` to the inputs of the neurons in
    /// `range` of a block of `count` neurons from global id `firstGlobal`.
    static func injectPoisson(
        _ poisson: [PoissonDrive], step n: Int64, input: UnsafeMutablePointer<Double>, range: Range<Int>, count: Int,
        firstGlobal: Int, philox: Philox
    ) {
        for drive in poisson where drive.active(arrival: n) {
            let range = range.clamped(to: drive.local)
            if range.isEmpty { continue }
            let channel = input + drive.channel * count
            let e = UInt64(n - drive.delay)
            let w = drive.weight
            let first = firstGlobal
            if let table = drive.table {
                // One Philox block (four 32-bit words) serves four neighbouring neurons, keyed by
                // id / 4; a guide table by the word's top bits gives the count with one load and a
                // branch that almost never goes the other way.
                let stream = drive.stream
                table.guide.withUnsafeBufferPointer { guide in
                    @inline(__always) func draw(_ x: UInt32) -> Double {
                        let g = guide[Int(x >> 20)]
                        return Double(g != PoissonTable.ambiguous ? Int(g) : table.sample32(x))
                    }
                    let c0 = UInt32(truncatingIfNeeded: e), c1 = UInt32(truncatingIfNeeded: e >> 32)
                    var i = range.lowerBound
                    while i < range.upperBound {
                        let g = first + i
                        let words = philox.block(c0, c1, UInt32(truncatingIfNeeded: g >> 2), stream)
                        let lane = g & 3
                        // Neurons g … g + (3 − lane) share this block.
                        if lane == 0 && i + 3 < range.upperBound {
                            channel[i] += draw(words.0) * w
                            channel[i + 1] += draw(words.1) * w
                            channel[i + 2] += draw(words.2) * w
                            channel[i + 3] += draw(words.3) * w
                            i += 4
                            continue
                        }
                        var j = lane
                        while j < 4 && i < range.upperBound {
                            let x = j == 0 ? words.0 : j == 1 ? words.1 : j == 2 ? words.2 : words.3
                            channel[i] += draw(x) * w
                            i += 1
                            j += 1
                        }
                    }
                }
            } else {
                for i in range {
                    var r = RandomSequence(philox, stream: drive.stream, entity: UInt32(truncatingIfNeeded: first + i), counter: e)
                    channel[i] += Double(Distributions.poisson(drive.lambda, &r)) * w
                }
            }
        }
    }

    /// The rhythms' sinusoidal current in step `n` (pA).
    func rhythmCurrent(step n: Int64, rhythms: EpochRhythms?) -> Double {
        guard let rhythms, !rhythmDrives.isEmpty else { return 0 }
        return rhythmDrives.reduce(0.0) { $0 + $1.offset + $1.amplitude * Double.sin(rhythms.phase($1.rhythm, step: n)) }
    }

    /// Σ of recordable `variable` over the block's neurons, each value × `scale` rounded to an integer.
    mutating func total(_ variable: Int, scale: Double) -> Int64 {
        var sum = SumRecordable(variable: variable, count: count, scale: scale)
        return neurons.visit(&sum)
    }

    /// The value of recordable `variable` of local neuron `i`.
    mutating func recordable(_ variable: Int, neuron i: Int) -> Double {
        var read = ReadRecordable(variable: variable, neuron: i)
        return neurons.visit(&read)
    }

    /// Sets local neuron `i`'s membrane potential (mV).
    mutating func setMembranePotential(_ v: Double, neuron i: Int) {
        var set = SetMembranePotential(neuron: i, value: v)
        neurons.visit(&set)
    }
}

/// One step of a block: Poisson input, then the model's update, chunk by chunk.
private struct BlockUpdate: PopulationVisitor {
    var poisson: [PoissonDrive]
    let philox: Philox
    var spikes: [UInt64]
    let context: StepContext

    mutating func visit<M: NeuronDynamics>(_ p: inout Population<M>) -> Int? {
        var failed: Int?
        var lo = 0
        let count = context.count
        while lo < count {
            let range = lo..<min(lo + PopulationBlock.chunk, count)
            if !poisson.isEmpty {
                PopulationBlock.injectPoisson(
                    poisson, step: context.step, input: context.input, range: range, count: count,
                    firstGlobal: context.firstGlobal, philox: philox)
            }
            if let f = p.dynamics.update(&p.state, context, range: range, spikes: &spikes), failed == nil { failed = f }
            lo = range.upperBound
        }
        return failed
    }
}

/// Zero for magnitudes below 1e-290. A decaying current or potential would otherwise become
/// subnormal, where each floating-point operation costs a hundred cycles; at that size it cannot
/// change any potential a double can tell apart, so nothing observable changes.
@inline(__always)
func flushed(_ x: Double) -> Double {
    x.magnitude < 1e-290 ? 0 : x
}

