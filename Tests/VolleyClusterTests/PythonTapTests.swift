// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// The Python client (clients/python) against a real coordinator and two workers: attached before
/// the workers join, it receives exactly the run's spikes, and misses nothing; the same lossless.
/// `make test` creates a venv with the client installed and points `VOLLEY_PYTHON` at it.
@Suite(
    .serialized,
    .enabled(
        if: PythonClient.python != nil,
        "VOLLEY_PYTHON is not set: `make test` sets it to a venv with clients/python installed (.venv-test)"))
struct PythonTapTests {
    static let script = VolleyProcess.repositoryRoot.appendingPathComponent("clients/python/tests/receive_run.py").path

    /// Brunel at a tenth of its size for 300 ms: some 1,250 neurons, 200 epochs, a few seconds.
    static let model = [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=250", "--t-sim", "300", "--seed", "5"]

    /// Runs coordinator, Python tap and two workers; returns the run's directory and the tap's
    /// report. With `samples` the tap writes the multimeters' samples to samples.csv too, with
    /// `weights` the weight recorders' records to weights.csv.
    func tapRun(
        lossless: Bool, model: [String] = Self.model, samples: Bool = false, weights: Bool = false
    ) throws -> (dir: String, report: [String: Any]) {
        let python = try #require(PythonClient.python)
        let dir = try VolleyProcess.temporaryDirectory()
        let coordinator = try ChildProcess(
            ["coordinator"] + model + ["--listen", "tcp://127.0.0.1:*", "--workers", "2", "--out", dir + "/out"],
            log: dir + "/c.log")
        defer { if coordinator.isRunning { coordinator.signal(SIGKILL) } }
        let endpoint = try #require(TCPCoordinator.endpoint(of: coordinator), "no endpoint: \(coordinator.output)")
        let tap = try ChildProcess(
            [Self.script, "--coordinator", endpoint, "--out", dir + "/tap.csv", "--report", dir + "/tap.json"]
                + (lossless ? ["--lossless"] : []) + (samples ? ["--samples", dir + "/samples.csv"] : [])
                + (weights ? ["--weights", dir + "/weights.csv"] : []),
            executable: python, log: dir + "/tap.log")
        defer { if tap.isRunning { tap.signal(SIGKILL) } }
        // The coordinator has answered the tap: it is registered, so the run waits for it.
        try #require(tap.waitForOutput("receive_run: registered", upTo: 60), "the Python tap did not register: \(tap.output)")
        let workers = try (0..<2).map { try ChildProcess(["worker", "--coordinator", endpoint], log: dir + "/w\($0).log") }
        defer { for w in workers where w.isRunning { w.signal(SIGKILL) } }
        try #require(coordinator.wait(upTo: 120) != nil, "the run did not end: \(coordinator.output)")
        try #require(tap.wait(upTo: 30) != nil, "the Python tap did not end: \(tap.output)")
        for w in workers { try #require(w.wait(upTo: 10) != nil, "a worker did not end") }
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        #expect(workers.allSatisfy { $0.exitStatus == 0 }, "\(workers.map(\.output))")
        #expect(tap.exitStatus == 0, "\(tap.output)")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/tap.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(tap.output)")
        return (dir, report)
    }

    func expectTheRunsSpikes(lossless: Bool) throws {
        let (dir, report) = try tapRun(lossless: lossless)
        let run = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/spikes.csv"))
        let tapped = try Data(contentsOf: URL(fileURLWithPath: dir + "/tap.csv"))
        let lines = run.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - 1
        #expect(lines > 10_000, "too few spikes to mean anything: \(lines)")
        #expect(tapped == run, "the Python tap's spikes differ from the run's spikes.csv (\(dir))")
        #expect(report["spikes"] as? Int == lines)
        #expect(report["missed_frames"] as? Int == 0, "\(report)")
        #expect(report["first_epoch"] as? Int == 0, "\(report)")
        #expect(report["epochs"] as? Int == 200, "\(report)")
        #expect(report["received_frames"] as? Int == 400, "2 shards × 200 epochs: \(report)")
        #expect(report["failure"] is NSNull, "\(report)")
    }

    @Test func receivesTheRunsSpikesExactly() throws {
        try expectTheRunsSpikes(lossless: false)
    }

    @Test func receivesTheRunsSpikesExactlyLossless() throws {
        try expectTheRunsSpikes(lossless: true)
    }

    /// Every multimeter sample, named by its recordable, as the run's multimeter.csv has it.
    @Test(arguments: [false, true]) func receivesTheRunsSamplesNamed(lossless: Bool) throws {
        let config = try ExampleConfigs.write(
            ExampleConfigs.multimeters, named: "multimeters.yaml", in: try VolleyProcess.temporaryDirectory())
        let (dir, report) = try tapRun(lossless: lossless, model: [config], samples: true)
        // Rows as (population, neuron, t_ms, variable) and the value as a number: the client
        // prints floats as Python does, the run as Swift does.
        func rows(_ file: String) throws -> [[String]] {
            try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n").map { line in
                let f = line.split(separator: ",").map(String.init)
                return Array(f.prefix(4)) + [Double(f[4]).map { "\($0)" } ?? f[4]]
            }
        }
        let run = try rows("out/multimeter.csv"), tapped = try rows("samples.csv")
        #expect(run.count == 1 + 3 * 2 * 400 + 2 * 200)
        #expect(tapped == run, "the Python tap's samples differ from the run's multimeter.csv (\(dir))")
        #expect(report["variables"] as? [String] == ["V_m", "I_syn_ex", "I_syn_in"], "\(report)")
        #expect(report["samples"] as? Int == run.count - 1 && report["missed_frames"] as? Int == 0, "\(report)")
    }

    /// Every record of the conditioning run's weight recorders, as the run's weights.csv has it.
    @Test(arguments: [false, true]) func receivesTheRunsWeightRecords(lossless: Bool) throws {
        let (dir, report) = try tapRun(
            lossless: lossless, model: [VolleyProcess.config("conditioning.yaml"), "--seed", "2"], weights: true)
        // The weight as a number: the client prints floats as Python does, the run as Swift does.
        func rows(_ file: String) throws -> [[String]] {
            try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n").map { line in
                let f = line.split(separator: ",").map(String.init)
                return Array(f.prefix(3)) + [Double(f[3]).map { "\($0)" } ?? f[3]]
            }
        }
        let run = try rows("out/weights.csv"), tapped = try rows("weights.csv")
        #expect(run.count > 100_000)
        #expect(tapped == run, "the Python tap's weight records differ from the run's weights.csv (\(dir))")
        #expect(report["weights"] as? Int == run.count - 1 && report["missed_frames"] as? Int == 0, "\(report)")
    }
}

/// The Python with the client installed, from `VOLLEY_PYTHON`.
enum PythonClient {
    static var python: String? {
        guard let p = ProcessInfo.processInfo.environment["VOLLEY_PYTHON"], !p.isEmpty else { return nil }
        return p
    }
}
