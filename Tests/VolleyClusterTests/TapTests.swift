// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VolleyTestKit

/// A coordinator on loopback tcp, its workers and taps, as separate processes.
struct TapRun {
    let dir: String
    let coordinator: ChildProcess
    let endpoint: String
    private(set) var workers: [ChildProcess] = []
    private(set) var taps: [String: ChildProcess] = [:]

    init(_ args: [String], workers: Int = 2) throws {
        dir = try VolleyProcess.temporaryDirectory()
        coordinator = try ChildProcess(
            ["coordinator"] + args + ["--listen", "tcp://127.0.0.1:*", "--workers", "\(workers)", "--out", dir + "/run"],
            log: dir + "/c.log")
        endpoint = try #require(TCPCoordinator.endpoint(of: coordinator), "\(coordinator.output)")
    }

    /// Starts a tap writing `name.csv` (or what `args` say) and reporting to `name.json`.
    mutating func tap(_ name: String, _ args: [String] = []) throws {
        let out = args.contains("--out") ? [] : ["--out", dir + "/\(name).csv"]
        taps[name] = try ChildProcess(
            ["tap", "--coordinator", endpoint, "--report", dir + "/\(name).json"] + out + args, log: dir + "/\(name).log")
    }

    /// Waits until the coordinator has registered `count` taps.
    func waitForTaps(_ count: Int) -> Bool {
        for _ in 0..<600 {
            if coordinator.output.components(separatedBy: " registered").count - 1 >= count { return true }
            usleep(20_000)
        }
        return false
    }

    mutating func startWorkers(_ count: Int = 2, _ args: [String] = []) throws {
        workers = try (0..<count).map { try ChildProcess(["worker", "--coordinator", endpoint] + args, log: dir + "/w\($0).log") }
    }

    /// Waits for everything to end; the run must succeed.
    func finish() throws {
        try #require(coordinator.wait(upTo: 300) != nil, "the run did not end: \(coordinator.output)")
        #expect(coordinator.exitStatus == 0, "\(coordinator.output)")
        for w in workers { try #require(w.wait(upTo: 10) != nil, "a worker did not end") }
        for (name, t) in taps { try #require(t.wait(upTo: 60) != nil, "tap \(name) did not end after the run: \(t.output)") }
    }

    func report(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func lines(_ file: String) throws -> [Substring] {
        try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n")
    }
}

/// Taps watch a running simulation without touching it (DESIGN §3): a lossless one records
/// exactly the run's spikes, a late one a gap-free suffix, a slow one counts what it missed,
/// and none of them changes the run.
@Suite(.serialized) struct TapTests {
    static let brunel = [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=250", "--seed", "9"]

    @Test func aLosslessTapRecordsExactlyTheRunsSpikesAndAFilteredTapExactlyItsPart() throws {
        var run = try TapRun(Self.brunel + ["--t-sim", "300"])
        try run.tap("lossless", ["--lossless"])
        try run.tap("live")
        try run.tap("filtered", ["--format", "jsonl", "--out", run.dir + "/filtered.jsonl", "--populations", "I", "--neurons", "0-49,100-120"])
        try FileManager.default.createDirectory(atPath: run.dir + "/sonata", withIntermediateDirectories: true)
        try run.tap("sonata", ["--format", "sonata", "--out", run.dir + "/sonata/spikes.h5"])
        #expect(run.waitForTaps(4))
        try run.startWorkers()
        try run.finish()
        let spikes = try String(contentsOfFile: run.dir + "/run/spikes.csv", encoding: .utf8)
        #expect(spikes.split(separator: "\n").count > 1000)
        #expect(try String(contentsOfFile: run.dir + "/lossless.csv", encoding: .utf8) == spikes)
        #expect(try String(contentsOfFile: run.dir + "/live.csv", encoding: .utf8) == spikes)
        for name in ["lossless", "live", "filtered", "sonata"] {
            let r = try run.report(name)
            #expect(r["frames_missed"] as? Int == 0, "\(name): \(r)")
            #expect(r["first_epoch"] as? Int == 0 && r["epochs_written"] as? Int == 200, "\(name): \(r)")
        }
        let wanted = spikes.split(separator: "\n").dropFirst().filter { line in
            let f = line.split(separator: ",")
            let n = Int(f[1])!
            return f[0] == "I" && ((0...49).contains(n) || (100...120).contains(n))
        }
        let got = try run.lines("filtered.jsonl").map { line -> Substring in
            let o = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(o["kind"] as? String == "spike")
            return "\(o["population"]!),\(o["neuron"]!),\(run.format(o["t_ms"]!))"
        }
        #expect(!wanted.isEmpty && got == wanted)
        // The SONATA file, read by h5py (and libsonata), holds the same spikes.
        if let python = VolleyProcess.python {
            try FileManager.default.copyItem(atPath: run.dir + "/run/spikes.csv", toPath: run.dir + "/sonata/spikes.csv")
            let script = VolleyProcess.repositoryRoot.appendingPathComponent("Tests/VolleyCLITests/Fixtures/check_spikes_h5.py").path
            let check = try VolleyProcess.run([script, run.dir + "/sonata", "E,I"], executable: python)
            #expect(check.status == 0, "\(check.output)")
        }
    }

    /// Small and slow: a round trip to the coordinator every epoch, so the run is still going
    /// when a late tap joins, however fast the machine.
    static let long = [VolleyProcess.config("brunel.yaml"), "--set", "parameters.order=100", "--seed", "9", "--t-sim", "10000",
                       "--release-window", "1"]

    @Test func aTapJoiningMidRunGetsAGapFreeSuffix() throws {
        var run = try TapRun(Self.long)
        try run.startWorkers()
        #expect(run.coordinator.waitForOutput("2 workers joined", upTo: 60))
        usleep(500_000)
        try run.tap("late")
        try run.finish()
        let r = try run.report("late")
        let first = try #require(r["first_epoch"] as? Int)
        #expect(first > 0, "the tap joined after the start: \(r)")
        #expect(r["frames_missed"] as? Int == 0, "\(r)")
        #expect(r["epochs_written"] as? Int == 6667 - first)
        // Epochs are 15 steps of 0.1 ms; a spike in step s is stamped (s + 1) · 0.1 ms.
        let from = Double(first * 15 + 1) * 0.1 - 1e-9
        let spikes = try run.lines("run/spikes.csv").dropFirst()
        let suffix = spikes.filter { Double($0.split(separator: ",")[2])! >= from }
        let tapped = try run.lines("late.csv").dropFirst()
        #expect(suffix.count > 100 && Array(tapped) == Array(suffix))
    }

    @Test func tapsNeverChangeTheRunAndASlowTapCountsWhatItMissed() throws {
        let args = Self.brunel + ["--t-sim", "3000"]
        var hashes: [String] = []
        for taps in [0, 1, 3] {
            var run = try TapRun(args)
            if taps >= 1 { try run.tap("fast") }
            if taps >= 3 {
                try run.tap("jsonl", ["--format", "jsonl", "--out", run.dir + "/all.jsonl"])
                // 4000 frames at 10 ms each: 40 s to keep up with a run of a few seconds. Small
                // queues on both ends, so it falls behind within the run.
                try run.tap("slow", ["--throttle-ms", "10", "--queue", "20"])
            }
            #expect(run.waitForTaps(taps))
            try run.startWorkers(2, ["--tap-hwm", "20"])
            try run.finish()
            hashes.append(try VolleyProcess.spikeHash(in: run.dir + "/run"))
            if taps >= 1 { #expect(try run.report("fast")["frames_missed"] as? Int == 0) }
            if taps >= 3 {
                #expect(try run.report("jsonl")["frames_missed"] as? Int == 0)
                let slow = try run.report("slow")
                #expect((slow["frames_missed"] as? Int ?? 0) > 0, "the slow tap missed nothing: \(slow)")
                #expect((slow["frames_missed"] as? Int ?? 0) + (slow["frames_received"] as? Int ?? 0) == 4000, "\(slow)")
                #expect(run.taps["slow"]!.output.contains("too slow"), "\(run.taps["slow"]!.output)")
            }
        }
        #expect(Set(hashes).count == 1, "\(hashes)")
    }

    @Test func aTapThatLeavesOrDiesDoesNotStopTheRun() throws {
        var run = try TapRun(Self.long)
        try run.tap("lossless", ["--lossless"])
        try run.tap("leaving")
        #expect(run.waitForTaps(2))
        try run.startWorkers()
        #expect(run.coordinator.waitForOutput("2 workers joined", upTo: 60))
        usleep(1_000_000)
        run.taps["leaving"]!.signal(SIGINT)
        run.taps["lossless"]!.signal(SIGKILL)
        try run.finish()
        #expect(run.taps["leaving"]!.exitStatus == 0)
        #expect(try run.report("leaving")["left"] as? Bool == true)
        #expect(run.coordinator.output.contains("stopped responding; the run goes on without it"), "\(run.coordinator.output)")
        #expect(run.coordinator.output.contains("left"))
    }

    @Test func badTapInputIsRefusedByName() throws {
        for (args, words) in [
            (["--format", "xml"], "csv, jsonl, sonata"),
            (["--kinds", "rhythms"], "spikes only"),
            (["--kinds", "sparks", "--format", "jsonl"], "sparks"),
            (["--lossless", "--kinds", "spikes,rhythms", "--format", "jsonl"], "rhythms"),
            (["--neurons", "9-3"], "9-3"),
            (["--format", "sonata"], "--out"),
        ] {
            let r = try VolleyProcess.run(["tap", "--coordinator", "tcp://127.0.0.1:9"] + args)
            #expect(r.status == 2, "\(args): \(r.output)")
            #expect(r.output.contains(words), "\(args): \(r.output)")
        }
        var run = try TapRun(Self.brunel + ["--t-sim", "100"], workers: 1)
        try run.tap("unknown", ["--populations", "X"])
        #expect(run.waitForTaps(1))
        try run.startWorkers(1)
        try run.finish()
        #expect(run.taps["unknown"]!.exitStatus == 2)
        #expect(run.taps["unknown"]!.output.contains("unknown population 'X'"), "\(run.taps["unknown"]!.output)")
    }
}

extension TapRun {
    /// A JSON number as spikes.csv writes the time (one decimal at 0.1 ms).
    func format(_ value: Any) -> String {
        String(format: "%.1f", (value as? Double) ?? Double(value as? Int ?? 0))
    }
}
