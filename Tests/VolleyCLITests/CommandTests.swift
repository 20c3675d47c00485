// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyTestKit

/// `volley trace`, `volley validate`, `volley bench` and the help texts.
@Suite struct CommandTests {
    static let singleNeuron = VolleyProcess.repositoryRoot.appendingPathComponent("Tests/VolleyRuntimeTests/Fixtures/nest_single_neuron")

    @Test(arguments: ["iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha"])
    func traceWritesNESTsTrace(model: String) throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run([
            "trace", "--model", model, "--protocol", Self.singleNeuron.appendingPathComponent("protocol.json").path,
            "--out", dir + "/trace.csv",
        ])
        #expect(r.status == 0, "\(r.output)")
        func load(_ path: String) throws -> [Int: Double] {
            var m: [Int: Double] = [:]
            for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",")
                m[Int((Double(f[0])! * 10).rounded())] = Double(f[1])!
            }
            return m
        }
        let ours = try load(dir + "/trace.csv")
        let nest = try load(Self.singleNeuron.appendingPathComponent("\(model).csv").path)
        #expect(ours.count == 4000)
        let worst = nest.map { abs((ours[$0.key] ?? .infinity) - $0.value) }.max()!
        #expect(worst <= 1e-6)
    }

    @Test func traceRefusesModelsItDoesNotHave() throws {
        let r = try VolleyProcess.run([
            "trace", "--model", "gif_cond_exp", "--protocol", Self.singleNeuron.appendingPathComponent("protocol.json").path,
            "--out", try VolleyProcess.temporaryDirectory() + "/t.csv",
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("gif_cond_exp") && r.stderr.contains("hh_cond_exp_traub"), "\(r.stderr)")
    }

    /// `--spikes` and `--state` write NEST's spike times and every recordable under NEST's names.
    @Test func traceWritesSpikesAndState() throws {
        let dir = try VolleyProcess.temporaryDirectory()
        let r = try VolleyProcess.run([
            "trace", "--model", "hh_psc_alpha", "--protocol", Self.singleNeuron.appendingPathComponent("protocol.json").path,
            "--out", dir + "/t.csv", "--spikes", dir + "/s.csv", "--state", dir + "/st.csv", "--energy", dir + "/e.json",
        ])
        #expect(r.status == 0, "\(r.output)")
        let spikes = try String(contentsOfFile: dir + "/s.csv", encoding: .utf8).split(separator: "\n")
        let nest = try String(contentsOf: Self.singleNeuron.appendingPathComponent("hh_psc_alpha.spikes.csv"), encoding: .utf8)
            .split(separator: "\n")
        #expect(spikes == nest)
        let header = try String(contentsOfFile: dir + "/st.csv", encoding: .utf8).prefix { $0 != "\n" }
        // NEST's recordables, then the energy ledger's.
        #expect(Set(header.split(separator: ",")) == ["t_ms", "V_m", "Act_m", "Act_n", "I_syn_ex", "I_syn_in", "Inact_h", "Q_Na", "Q_K"])
        let ledger = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/e.json"))) as? [String: Any]
        #expect((ledger?["na_charge_pC"] as? Double ?? 0) > 400 && ledger?["spikes"] as? Double == Double(nest.count - 1))
    }

    @Test func validateDescribesTheNetwork() throws {
        let r = try VolleyProcess.run(["validate", VolleyProcess.config("microcircuit.yaml")])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stdout.contains("77169 neurons"))
        #expect(r.stdout.contains("about 298880968 synapses in all"))
        let bad = try VolleyProcess.run(["validate", VolleyProcess.config("microcircuit.yaml"), "--set", "parameters.background=both"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("parameters.background"))
    }

    @Test func benchPrintsOneJSONLine() throws {
        let r = try VolleyProcess.run([
            "bench", VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=100", "--t-sim", "100",
        ])
        #expect(r.status == 0, "\(r.output)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["model", "threads", "neurons", "synapses", "build_s", "sim_s", "rtf", "spikes", "syn_events_per_s",
                    "bytes_per_synapse", "peak_rss_mb", "spikes_sha256"] {
            #expect(json[key] != nil, "bench output lacks \(key)")
        }
        let spikes = try #require(json["spikes"] as? Int)
        let events = try #require(json["syn_events"] as? Int)
        // Every spike of the network reaches about CE + CI = 50 targets.
        #expect(spikes > 0 && Double(events) > 40 * Double(spikes) && Double(events) < 60 * Double(spikes))
    }

    @Test(arguments: ["run", "validate", "plot", "trace", "bench"])
    func everyCommandHasHelp(command: String) throws {
        let r = try VolleyProcess.run(["help", command])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE"))
    }
}

@Suite struct TransportBenchTests {
    @Test func benchTransportPrintsRoundTrips() throws {
        let r = try VolleyProcess.run(["bench-transport", "--count", "300"])
        #expect(r.status == 0, "\(r.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let ipc = try #require(json["ipc_roundtrip_us"] as? Double)
        let tcp = try #require(json["tcp_roundtrip_us"] as? Double)
        #expect(ipc > 1 && ipc < 100_000 && tcp > 1 && tcp < 100_000)
    }
}
