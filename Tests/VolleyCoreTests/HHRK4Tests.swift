// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
@testable import VolleyCore

/// `hh_cond_exp_traub`'s vectorised RK4 (`HHCondExpTraub` with `.rk4`) against the per-neuron
/// kernel's RK4 (`HHCondExpTraubKernel` with `.rk4`), which integrates the same equations with
/// the kernel's right-hand side, six calls to the C library's `exp` and the generic RK4 stepper:
/// the two may differ by rounding only.
@Suite struct HHRK4Tests {
    static let substeps = 4

    /// The plug-in for `parameters` (NEST names; those the model does not have are ignored).
    static func plugin(_ parameters: [String: Double], resolution: Double) throws -> HHCondExpTraub {
        let known = Set(HHCondExpTraub.parameters.map(\.name))
        let model = try NeuronModel(kind: .hhCondExpTraub, parameters: parameters.filter { known.contains($0.key) })
        let grid = try #require(TimeGrid(resolution: resolution))
        return HHCondExpTraub(model, grid: grid, integrator: .rk4(substeps: substeps))
    }

    /// The single-neuron protocol (DC step, excitatory and inhibitory input spikes, 12 output
    /// spikes in NEST) through `update`, as ODEKernelTests drives the kernel: the same spike
    /// steps as the kernel's RK4, and every recordable within 1e-9 of its range at every step.
    @Test func singleNeuronProtocolMatchesTheKernelsRK4() throws {
        let proto = try KernelProtocol.load()
        let model = try #require(proto.models[HHCondExpTraubKernel.modelName])
        let reference = try ODEKernelTests.drive(HHCondExpTraubKernel.self, proto, integrator: .rk4(substeps: Self.substeps))
        #expect(!reference.failed)

        // The schedule of ODEKernelTests.drive.
        let h = proto.resolution
        let steps = Int((proto.tStop / h).rounded())
        let delay = Int((proto.delay / h).rounded())
        var exc = [Double](repeating: 0, count: steps + 1)
        var inh = [Double](repeating: 0, count: steps + 1)
        for t in proto.excTimes {
            let k = Int((t / h).rounded()) + delay - 1
            if k < steps { exc[k] += model.excWeight }
        }
        for t in proto.inhTimes {
            let k = Int((t / h).rounded()) + delay - 1
            if k < steps { inh[k] += model.inhWeight }
        }
        let dcStart = Int((proto.dcStart / h).rounded())
        let dcStop = Int((proto.dcStop / h).rounded())

        let p = try Self.plugin(model.parameters, resolution: h)
        var state = p.makeState(count: 1)
        let input = UnsafeMutablePointer<Double>.allocate(capacity: 2)
        defer { input.deallocate() }
        var spikes: [Int64] = []
        var trace: [[Double]] = []
        for k in 0..<steps {
            let emitted = k - delay
            let current = emitted >= dcStart && emitted < dcStop ? model.dcAmplitude : 0
            input[0] = exc[k]
            input[1] = inh[k]
            var keys: [UInt64] = []
            let context = StepContext(step: Int64(k), current: current, input: input, count: 1, firstGlobal: 0)
            #expect(p.update(&state, context, range: 0..<1, spikes: &keys) == nil)
            #expect(input[0] == 0 && input[1] == 0)
            #expect(keys.allSatisfy { $0 == context.spikeKey(0) })
            for _ in keys { spikes.append(Int64(k + 1)) }
            trace.append(HHCondExpTraub.recordables.indices.map { p.recordable($0, neuron: 0, in: state) })
        }

        #expect(spikes == reference.spikes)
        #expect(spikes.count >= 10)
        #expect(trace.count == reference.state.count)
        var report: [String] = []
        for (c, name) in HHCondExpTraub.recordables.enumerated() {
            let scale = max(1, reference.state.map { abs($0[c]) }.max() ?? 0)
            var worst = 0.0
            for (ours, theirs) in zip(trace, reference.state) { worst = max(worst, abs(ours[c] - theirs[c])) }
            report.append("\(name) \(worst)")
            #expect(worst <= 1e-9 * scale, "\(name): max |d| = \(worst), scale \(scale)")
        }
        print("hh_cond_exp_traub vectorised rk4 vs kernel rk4: \(spikes.count) spikes; max |d|: " + report.joined(separator: ", "))
    }

    /// One step from many states spread over the whole physiological range (and beyond: a
    /// spike's peak, deep hyperpolarisation, large conductances), each compared with the
    /// kernel's RK4 step from the same state: variables within 1e-12 relative, the same spikes
    /// and refractory counts. The block is not a multiple of the vector width and starts at an
    /// offset, and what lies outside `range` stays untouched.
    @Test func oneStepFromManyStatesMatchesTheKernel() throws {
        let count = 211, range = 5..<(5 + 203)
        let p = try Self.plugin([:], resolution: 0.1)
        let kernel = HHCondExpTraubKernel(
            parameters: HHCondExpTraubKernel.defaultValue, resolution: 0.1, integrator: .rk4(substeps: Self.substeps))

        var seed: UInt64 = 0x2545_f491_4f6c_dd1d
        func uniform(_ lo: Double, _ hi: Double) -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return lo + (hi - lo) * Double(seed >> 11) * 0x1p-53
        }

        var state = p.makeState(count: count)
        var neurons: [ODENeuronState] = []
        let input = UnsafeMutablePointer<Double>.allocate(capacity: 2 * count)
        defer { input.deallocate() }
        for i in 0..<count {
            let y = SIMD8<Double>(
                uniform(-95, 55), uniform(0, 1), uniform(0, 1), uniform(0, 1), uniform(0, 300), uniform(0, 800), 0, 0)
            let refractory: Int32 = i % 7 == 0 ? 3 : 0
            neurons.append(ODENeuronState(y: y, refractory: refractory, stepSize: 0.1))
            for slot in 0..<6 { state.values[slot * count + i] = y[slot] }
            state.refractory[i] = refractory
            input[i] = i % 3 == 0 ? uniform(0, 50) : 0
            input[count + i] = i % 4 == 0 ? -uniform(0, 100) : 0
        }
        let before = state
        let inputBefore = (0..<(2 * count)).map { input[$0] }

        let current = 120.0
        var keys: [UInt64] = []
        let context = StepContext(step: 17, current: current, input: input, count: count, firstGlobal: 1000)
        #expect(p.update(&state, context, range: range, spikes: &keys) == nil)

        var expectedKeys: [UInt64] = []
        var worst = [Double](repeating: 0, count: 6)
        for i in 0..<count {
            guard range.contains(i) else {
                for slot in 0..<6 { #expect(state.values[slot * count + i] == before.values[slot * count + i]) }
                #expect(state.refractory[i] == before.refractory[i])
                #expect(input[i] == inputBefore[i] && input[count + i] == inputBefore[count + i])
                continue
            }
            #expect(input[i] == 0 && input[count + i] == 0)
            let outcome = kernel.step(&neurons[i], current: current, excitatory: inputBefore[i], inhibitory: inputBefore[count + i])
            for _ in 0..<outcome.spikes { expectedKeys.append(context.spikeKey(i)) }
            #expect(state.refractory[i] == neurons[i].refractory)
            for slot in 0..<6 {
                let theirs = neurons[i].y[slot], ours = state.values[slot * count + i]
                // Relative, with a floor of 1e-3 (mV, gates, nS) for values near 0.
                worst[slot] = max(worst[slot], abs(ours - theirs) / max(abs(theirs), 1e-3))
            }
        }
        print("hh_cond_exp_traub one rk4 step, max relative |d| of V, m, h, n, g_ex, g_in: \(worst)")
        for (slot, w) in worst.enumerated() { #expect(w <= 1e-12, "slot \(slot): \(w)") }
        #expect(keys == expectedKeys)
        #expect(!keys.isEmpty)
    }

    /// A state that is no longer finite (what a sub-step too long for a spike leads to) is
    /// reported as the failed neuron, the first in the block, and does not spike.
    @Test func aDivergedStateIsReported() throws {
        let count = 9
        let p = try Self.plugin([:], resolution: 0.1)
        var state = p.makeState(count: count)
        state.values[HHCondExpTraub.Slot.v * count + 6] = .infinity
        state.values[HHCondExpTraub.Slot.m * count + 4] = .nan
        let input = UnsafeMutablePointer<Double>.allocate(capacity: 2 * count)
        defer { input.deallocate() }
        input.initialize(repeating: 0, count: 2 * count)
        var keys: [UInt64] = []
        let context = StepContext(step: 0, current: 0, input: input, count: count, firstGlobal: 0)
        #expect(p.update(&state, context, range: 0..<count, spikes: &keys) == 4)
        #expect(keys.isEmpty)
        #expect(p.update(&state, context, range: 5..<count, spikes: &keys) == 6)
        #expect(p.update(&state, context, range: 7..<count, spikes: &keys) == nil)
    }
}
