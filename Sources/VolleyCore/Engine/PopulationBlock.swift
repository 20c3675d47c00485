// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule

/// The neurons one shard owns of one population, as flat arrays (struct of arrays), with the
/// model's exact-integration update (DESIGN §8: no classes, existentials or allocation per step).
struct PopulationBlock: Sendable {
    /// Index of the population in the spec.
    let population: Int
    /// Global id of local neuron 0.
    let firstGlobal: Int
    let count: Int
    /// Offset of this block's channel 0 in the shard's step input; channel c starts at `inputOffset + c·count`.
    let inputOffset: Int
    let propagators: Propagators

    /// Membrane potential relative to E_L.
    var potential: [Double]
    /// Remaining refractory steps.
    var refractory: [Int32]
    /// Synaptic state: `iaf_psc_exp` uses syn0 (I_ex) and syn1 (I_in); `iaf_psc_alpha` uses
    /// syn0 (dI_ex), syn1 (I_ex), syn2 (dI_in), syn3 (I_in); unused arrays stay empty.
    var syn0: [Double] = [], syn1: [Double] = [], syn2: [Double] = [], syn3: [Double] = []

    var poisson: [PoissonDrive] = []
    var currents: [CurrentDrive] = []
    /// The input current that drives the next step (NEST's `y0` / `i_0`).
    var currentNow = 0.0
    /// Sinusoidal currents from rhythms.
    var rhythmDrives: [RhythmDriveSpec] = []

    /// Voltmeter probes: local neuron index and the probe's id in the shard.
    var probes: [(local: Int, id: Int)] = []

    init(population: Int, firstGlobal: Int, count: Int, inputOffset: Int, propagators: Propagators, potential: [Double]) {
        self.population = population
        self.firstGlobal = firstGlobal
        self.count = count
        self.inputOffset = inputOffset
        self.propagators = propagators
        self.potential = potential
        self.refractory = [Int32](repeating: 0, count: count)
        let zeros = [Double](repeating: 0, count: count)
        switch propagators.kind {
        case .iafPscDelta: break
        case .iafPscExp: (syn0, syn1) = (zeros, zeros)
        case .iafPscExpAdapt: (syn0, syn1, syn2) = (zeros, zeros, zeros)
        case .iafPscAlpha: (syn0, syn1, syn2, syn3) = (zeros, zeros, zeros, zeros)
        }
    }

    /// Input channels per neuron in the step input.
    static func channels(_ kind: NeuronModelKind) -> Int { kind.separatesExcitationAndInhibition ? 2 : 1 }

    /// The channel a synapse of weight `w` feeds (NEST: positive weights are excitatory).
    static func channel(_ kind: NeuronModelKind, weight w: Double) -> Int {
        kind.separatesExcitationAndInhibition && !(w > 0) ? 1 : 0
    }

    /// Neurons per chunk: a chunk's inputs stay in the first-level cache between the Poisson
    /// pass and the update that reads them.
    static let chunk = 512

    /// Integrates step `n` for every neuron of the block: adds the Poisson input arriving in
    /// step `n` to the step input, then updates, chunk by chunk; appends a spike key
    /// (step << 32 | global id) for each neuron that fired.
    mutating func step(
        _ n: Int64, input stepInput: UnsafeMutablePointer<Double>, philox: Philox, rhythms: EpochRhythms?, spikes: inout [UInt64]
    ) {
        let next = currents.isEmpty ? 0 : currents.reduce(0.0) { $0 + $1.value(arrival: n) }
        let extraCurrent = rhythmDrives.isEmpty ? 0 : rhythmCurrent(step: n, rhythms: rhythms)
        // A rhythm's current drives this step like the device current does (it is replaced by
        // the next step's device current below).
        if extraCurrent != 0 { currentNow += extraCurrent }
        let input = stepInput + inputOffset
        var lo = 0
        while lo < count {
            let range = lo..<min(lo + Self.chunk, count)
            injectPoisson(step: n, input: input, range: range, philox: philox)
            switch propagators.kind {
            case .iafPscDelta: updateDelta(n, input, range, &spikes)
            case .iafPscExp: updateExp(n, input, range, &spikes)
            case .iafPscExpAdapt: updateExpAdapt(n, input, range, &spikes)
            case .iafPscAlpha: updateAlpha(n, input, range, &spikes)
            }
            lo = range.upperBound
        }
        currentNow = next
    }

    /// Adds the Poisson input arriving in step `n` to the inputs of the neurons in `range`.
    private func injectPoisson(step n: Int64, input: UnsafeMutablePointer<Double>, range: Range<Int>, philox: Philox) {
        for drive in poisson where drive.active(arrival: n) {
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

    private mutating func updateDelta(_ n: Int64, _ input: UnsafeMutablePointer<Double>, _ range: Range<Int>, _ spikes: inout [UInt64]) {
        let p = propagators
        let drive = p.p30 * (currentNow + p.constantCurrent)
        let stepKey = UInt64(n) << 32
        let first = UInt64(firstGlobal)
        potential.withUnsafeMutableBufferPointer { v in
            refractory.withUnsafeMutableBufferPointer { r in
                for i in range {
                    let spikesIn = input[i]
                    input[i] = 0
                    if r[i] == 0 {
                        var y = drive + p.p33 * v[i] + spikesIn
                        if y < p.lowerBound { y = p.lowerBound }
                        v[i] = flushed(y)
                    } else {
                        r[i] -= 1
                    }
                    if v[i] >= p.threshold {
                        r[i] = p.refractorySteps
                        v[i] = p.resetPotential
                        spikes.append(stepKey | (first + UInt64(i)))
                    }
                }
            }
        }
    }

    private mutating func updateExp(_ n: Int64, _ input: UnsafeMutablePointer<Double>, _ range: Range<Int>, _ spikes: inout [UInt64]) {
        let p = propagators
        let drive = (p.constantCurrent + currentNow) * p.p20
        let stepKey = UInt64(n) << 32
        let first = UInt64(firstGlobal)
        let inputIn = input + count
        potential.withUnsafeMutableBufferPointer { v in
            refractory.withUnsafeMutableBufferPointer { r in
                syn0.withUnsafeMutableBufferPointer { ex in
                    syn1.withUnsafeMutableBufferPointer { inh in
                        for i in range {
                            if r[i] == 0 {
                                v[i] = flushed(v[i] * p.p22 + ex[i] * p.p21ex + inh[i] * p.p21in + drive)
                            } else {
                                r[i] -= 1
                            }
                            ex[i] = flushed(ex[i] * p.p11ex + input[i])
                            inh[i] = flushed(inh[i] * p.p11in + inputIn[i])
                            input[i] = 0
                            inputIn[i] = 0
                            if v[i] >= p.threshold {
                                r[i] = p.refractorySteps
                                v[i] = p.resetPotential
                                spikes.append(stepKey | (first + UInt64(i)))
                            }
                        }
                    }
                }
            }
        }
    }

    private mutating func updateAlpha(_ n: Int64, _ input: UnsafeMutablePointer<Double>, _ range: Range<Int>, _ spikes: inout [UInt64]) {
        let p = propagators
        let drive = p.p30 * (currentNow + p.constantCurrent)
        let stepKey = UInt64(n) << 32
        let first = UInt64(firstGlobal)
        let inputIn = input + count
        potential.withUnsafeMutableBufferPointer { v in
            refractory.withUnsafeMutableBufferPointer { r in
                syn0.withUnsafeMutableBufferPointer { dex in
                    syn1.withUnsafeMutableBufferPointer { iex in
                        syn2.withUnsafeMutableBufferPointer { din in
                            syn3.withUnsafeMutableBufferPointer { iin in
                                for i in range {
                                    if r[i] == 0 {
                                        var y = drive + p.p31ex * dex[i] + p.p32ex * iex[i] + p.p31in * din[i]
                                            + p.p32in * iin[i] + p.expm1TauM * v[i] + v[i]
                                        if y < p.lowerBound { y = p.lowerBound }
                                        v[i] = flushed(y)
                                    } else {
                                        r[i] -= 1
                                    }
                                    iex[i] = flushed(p.p21ex * dex[i] + p.p11ex * iex[i])
                                    dex[i] = flushed(dex[i] * p.p11ex + p.epscInitial * input[i])
                                    iin[i] = flushed(p.p21in * din[i] + p.p11in * iin[i])
                                    din[i] = flushed(din[i] * p.p11in + p.ipscInitial * inputIn[i])
                                    input[i] = 0
                                    inputIn[i] = 0
                                    if v[i] >= p.threshold {
                                        r[i] = p.refractorySteps
                                        v[i] = p.resetPotential
                                        spikes.append(stepKey | (first + UInt64(i)))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `iaf_psc_exp` plus the adaptation current w (syn2): w enters the membrane like an
    /// inhibitory synaptic current of its own time constant, decays by exp(−h/τ_w) each step,
    /// and grows by b at each spike.
    private mutating func updateExpAdapt(_ n: Int64, _ input: UnsafeMutablePointer<Double>, _ range: Range<Int>, _ spikes: inout [UInt64]) {
        let p = propagators
        let drive = (p.constantCurrent + currentNow) * p.p20
        let stepKey = UInt64(n) << 32
        let first = UInt64(firstGlobal)
        let inputIn = input + count
        potential.withUnsafeMutableBufferPointer { v in
            refractory.withUnsafeMutableBufferPointer { r in
                syn0.withUnsafeMutableBufferPointer { ex in
                    syn1.withUnsafeMutableBufferPointer { inh in
                        syn2.withUnsafeMutableBufferPointer { w in
                            for i in range {
                                if r[i] == 0 {
                                    v[i] = flushed(v[i] * p.p22 + ex[i] * p.p21ex + inh[i] * p.p21in - w[i] * p.p21w + drive)
                                } else {
                                    r[i] -= 1
                                }
                                ex[i] = flushed(ex[i] * p.p11ex + input[i])
                                inh[i] = flushed(inh[i] * p.p11in + inputIn[i])
                                w[i] = flushed(w[i] * p.p11w)
                                input[i] = 0
                                inputIn[i] = 0
                                if v[i] >= p.threshold {
                                    r[i] = p.refractorySteps
                                    v[i] = p.resetPotential
                                    w[i] += p.adaptationStep
                                    spikes.append(stepKey | (first + UInt64(i)))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The rhythms' sinusoidal current in step `n` (pA).
    func rhythmCurrent(step n: Int64, rhythms: EpochRhythms?) -> Double {
        guard let rhythms, !rhythmDrives.isEmpty else { return 0 }
        return rhythmDrives.reduce(0.0) { $0 + $1.offset + $1.amplitude * Double.sin(rhythms.phase($1.rhythm, step: n)) }
    }

    /// The absolute membrane potential of local neuron `i` (mV).
    func membranePotential(_ i: Int) -> Double { potential[i] + propagators.restingPotential }
}

/// Zero for magnitudes below 1e-290. A decaying current or potential would otherwise become
/// subnormal, where each floating-point operation costs a hundred cycles; at that size it cannot
/// change any potential a double can tell apart, so nothing observable changes.
@inline(__always)
func flushed(_ x: Double) -> Double {
    x.magnitude < 1e-290 ? 0 : x
}

