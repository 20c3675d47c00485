// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore
import VolleyTestKit

/// `iaf_psc_exp_adapt` against its equations, integrated independently here in closed form:
/// τ_m dV/dt = −(V − E_L) + (τ_m/C_m)(I_e − w), τ_w dw/dt = −w, w += b at each spike.
@Suite struct AdaptationModelTests {
    @Test func matchesTheClosedFormSolutionAndAdapts() throws {
        let params: [String: Double] = ["I_e": 600, "tau_w": 100, "b": 80, "w": 20, "t_ref": 2, "V_m": -70]
        let model = try NeuronModel(kind: .iafPscExpAdapt, parameters: params)
        let spec = NetworkSpec(
            name: "adapt", populations: [PopulationSpec(name: "n", size: 1, model: model)],
            recording: RecordingSpec(voltmeters: [VoltmeterSpec(population: 0, neurons: [0], interval: 0.1)]))
        let run = try RunFingerprint.run(spec, seed: 1, tSim: 400, shards: 1, threads: 1)

        // Independent integration, one step of h at a time.
        let h = 0.1, tauM = 10.0, cM = 250.0, eL = -70.0, vTh = -55.0, vReset = -70.0, iE = 600.0, tauW = 100.0, b = 80.0
        var v = -70.0, w = 20.0, refractory = 0
        var expected: [Double] = []
        var spikes: [Int] = []
        for step in 0..<4000 {
            if refractory == 0 {
                let a = exp(-h / tauM), aw = exp(-h / tauW)
                v = eL + (v - eL) * a + iE * tauM / cM * (1 - a) - (w / cM) * (aw - a) / (1 / tauM - 1 / tauW)
            } else {
                refractory -= 1
            }
            w *= exp(-h / tauW)
            if v >= vTh {
                v = vReset
                refractory = 20
                w += b
                spikes.append(step + 1)
            }
            expected.append(v)
        }
        #expect(run.samples.count == 4000)
        let worst = zip(run.samples, expected).map { abs($0.value - $1) }.max()!
        #expect(worst < 1e-9, "max |dV| = \(worst) mV")
        #expect(spikes.count > 5)
        // Adaptation: inter-spike intervals grow.
        let isis = zip(spikes.dropFirst(), spikes).map { $0 - $1 }
        #expect(isis.last! > isis.first!)
        #expect(run.spikes == spikes.count)
    }
}
