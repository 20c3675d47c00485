// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore

/// `volley_hh_pump` (Hübel & Dahlem 2014) one neuron at a time: its resting state is the
/// published one, its ledger agrees with its own Na⁺ accounting, and a blocked pump stops at once.
@Suite struct VolleyHHPumpTests {
    /// Faraday's constant (C/mol).
    static let faraday = 96485.33212331001

    /// A neuron of the model with `overrides`, its state, and the index of each recordable.
    struct Neuron {
        let kernel: VolleyHHPumpKernel
        var state: ODENeuronState
        let volume: Double

        init(_ overrides: [String: Double] = [:]) throws {
            let model = try NeuronModel(kind: .volleyHHPump, parameters: overrides)
            kernel = VolleyHHPumpKernel(parameters: { model[$0] }, resolution: 0.1, integrator: .nest)
            state = kernel.initialState()
            volume = model["vol_i"]
        }

        /// Runs `steps` steps with the pumps at `pumpScale`; returns the spikes.
        mutating func run(_ steps: Int, pumpScale: Double = 1) -> Int {
            var spikes = 0
            for _ in 0..<steps {
                let outcome = kernel.step(&state, current: 0, excitatory: 0, inhibitory: 0, pumpScale: pumpScale)
                #expect(!outcome.failed)
                spikes += outcome.spikes
            }
            return spikes
        }

        func value(_ name: String, pumpScale: Double = 1) -> Double {
            kernel.recordable(VolleyHHPumpKernel.recordables.firstIndex(of: name)!, state, pumpScale: pumpScale)
        }

        /// The Na⁺ charge (pC) that a change of Na_i by `delta` mM is in this cell.
        func sodiumCharge(_ delta: Double) -> Double { delta * 1e-3 * volume * 1e-15 * VolleyHHPumpTests.faraday * 1e12 }
    }

    /// The default initial state is the model's resting state: nothing moves, the pump exports
    /// exactly the Na⁺ the leak admits (3 Q_pump = Q_Na to 1e-9), and it fires no spike.
    @Test func theRestingStateIsAFixedPointWhoseLedgerBalances() throws {
        var n = try Neuron()
        let start = (v: n.value("V_m"), na: n.value("Na_i"), k: n.value("K_o"))
        #expect(n.run(10_000) == 0)
        #expect(abs(n.value("V_m") - start.v) < 1e-8)
        #expect(abs(n.value("Na_i") - start.na) < 1e-9 && abs(n.value("K_o") - start.k) < 1e-9)
        let qNa = n.value("Q_Na"), qPump = n.value("Q_pump")
        #expect(abs(qPump - 5.9558) < 1e-3, "5.956 pA of pump current for 1 s: \(qPump) pC")
        #expect(abs(3 * qPump - qNa) <= 1e-9 * qNa, "3 Q_pump \(3 * qPump) vs Q_Na \(qNa)")
    }

    /// Firing steadily (20 pA, a cell a tenth of the published volume so it settles in 2 s):
    /// over a window the ion ledger is the Na⁺ accounting, Q_Na − 3 Q_pump = F vol ΔNa_i (to
    /// 1e-4 of Q_Na; the solver's tolerance makes it 1e-5), and at the steady state the pump's
    /// ATP (Q_pump/e) is the Na⁺ charge's (Q_Na/3e) within 1 % (measured: 0.09 %).
    @Test func atSteadyFiringThePumpExportsTheSodiumTheChannelsAdmit() throws {
        var n = try Neuron(["I_e": 20, "vol_i": 216, "vol_e": 72])
        _ = n.run(20_000)
        let before = (na: n.value("Q_Na"), pump: n.value("Q_pump"), naI: n.value("Na_i"))
        let spikes = n.run(10_000)
        #expect(spikes >= 10 && spikes <= 40, "tonic firing: \(spikes) spikes in 1 s")
        let qNa = n.value("Q_Na") - before.na, qPump = n.value("Q_pump") - before.pump
        let stored = n.sodiumCharge(n.value("Na_i") - before.naI)
        #expect(abs(qNa - 3 * qPump - stored) <= 1e-4 * qNa, "Q_Na \(qNa), 3 Q_pump \(3 * qPump), F vol ΔNa_i \(stored) pC")
        #expect(abs(3 * qPump - qNa) <= 0.01 * qNa, "3 Q_pump \(3 * qPump) vs Q_Na \(qNa) pC")
        #expect(qNa > 20 * 3, "about 3.5 pC of Na⁺ per spike: \(qNa) pC for \(spikes) spikes")
    }

    /// With the pumps stopped their current is 0 from the next step on and Q_pump stays where it
    /// was, while Na⁺ keeps coming in.
    @Test func aBlockedPumpStopsAtOnce() throws {
        var n = try Neuron(["I_e": 20, "vol_i": 216, "vol_e": 72])
        _ = n.run(2_000)
        #expect(n.value("I_pump") > 5)
        let q = n.value("Q_pump"), na = n.value("Na_i")
        _ = n.run(1, pumpScale: 0)
        #expect(n.value("Q_pump") == q, "not a single step of pumping after the block")
        _ = n.run(2_000, pumpScale: 0)
        #expect(n.value("Q_pump") == q)
        #expect(n.value("Na_i") > na + 0.5)
    }

    /// The pump blocked from t_block on: the step the block starts is t_block on the grid.
    @Test func theBlockStartsAtTBlock() throws {
        let model = try NeuronModel(kind: .volleyHHPump, parameters: ["pump_block": 0.75, "t_block": 250])
        let kernel = VolleyHHPumpKernel(parameters: { model[$0] }, resolution: 0.1, integrator: .nest)
        #expect(kernel.pumpScale(step: 2499) == 1 && kernel.pumpScale(step: 2500) == 0.25)
        let none = try NeuronModel(kind: .volleyHHPump, parameters: ["t_block": 250])
        #expect(VolleyHHPumpKernel(parameters: { none[$0] }, resolution: 0.1, integrator: .nest).pumpScale(step: 1 << 40) == 1)
    }

    @Test(arguments: [("K_o", -1.0), ("Na_i", 0.0), ("Cl_o", -5.0), ("vol_i", 0.0), ("pump_block", 1.5), ("pump_block", -0.1),
                      ("I_pump_max", -1.0), ("g_Na_L", -0.1)])
    func anInvalidValueIsRefusedByName(name: String, value: Double) {
        #expect {
            try NeuronModel(kind: .volleyHHPump, parameters: [name: value])
        } throws: { error in
            guard case .invalidValue(let n, _)? = error as? ModelParameterError else { return false }
            return n == name
        }
    }
}
