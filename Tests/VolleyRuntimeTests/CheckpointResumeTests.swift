// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore
import VolleyRuntime
import VolleyTestKit

/// Issue 15: a checkpoint resumes on any layout and continues bit-identically; a damaged or
/// foreign one is refused, naming the file, before anything is written.
@Suite struct CheckpointResumeTests {
    /// A fresh folder under the temporary directory.
    static func folder(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("volley-ckpt-\(name)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func run(
        _ spec: NetworkSpec, seed: UInt64, tSim: Double, shards: Int, threads: Int, out: String,
        checkpoint: CheckpointSettings? = nil, resume: LoadedCheckpoint? = nil
    ) throws -> RunReport {
        var options = RunOptions(tSim: tSim, seed: seed, shards: shards, threads: threads, outDirectory: out, quiet: true)
        options.checkpoint = checkpoint
        options.resume = resume
        return try LocalRun.run(network: resume?.spec ?? spec, options: options)
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Every model rule and device, drawn delays without an upper bound (every spike replayed),
    /// voltmeters; then the per-neuron models under both integrators: resumed from a middle
    /// checkpoint on other layouts, spikes.csv, V_m.csv and the summary's figures are the
    /// uninterrupted run's.
    @Test(arguments: ["everything", "nonlinear-nest", "nonlinear-rk4"])
    func resumesBitIdenticallyOnAnyLayout(model: String) throws {
        let spec: NetworkSpec = switch model {
        case "everything": ExampleNetworks.everything()
        case "nonlinear-nest": ExampleNetworks.nonlinear()
        default: ExampleNetworks.nonlinear(integrator: .rk4(substeps: 4))
        }
        let root = try Self.folder(model)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let plain = try Self.run(spec, seed: 7, tSim: 120, shards: 2, threads: 1, out: root + "/plain")
        #expect(plain.spikes > 100)
        let settings = CheckpointSettings(directory: root + "/ck", everyMs: 25)
        let checkpointed = try Self.run(spec, seed: 7, tSim: 120, shards: 3, threads: 2, out: root + "/ckpt", checkpoint: settings)
        #expect(checkpointed.spikesSHA256 == plain.spikesSHA256, "checkpointing changed the run")
        #expect(CheckpointStore.complete(in: settings.directory).map(\.name) == ["25", "50", "75", "100"])
        for (at, shards, threads) in [(50.0, 1, 1), (75.0, 5, 2), (25.0, 2, 2)] {
            let loaded = try CheckpointStore.open(settings.directory, at: at)
            let out = root + "/r\(Int(at))"
            let resumed = try Self.run(spec, seed: 7, tSim: 120, shards: shards, threads: threads, out: out, resume: loaded)
            #expect(resumed.spikesSHA256 == plain.spikesSHA256, "resumed at \(at) on \(shards) shards")
            for file in ["spikes.csv", "V_m.csv", "multimeter.csv"] {
                #expect(Self.bytes(out + "/" + file) == Self.bytes(root + "/plain/" + file), "\(file) resumed at \(at)")
            }
            for key in ["populations", "spikes", "energy"] {
                #expect(resumed.summary[key] == plain.summary[key], "summary.json \(key) resumed at \(at)")
            }
        }
    }

    /// The checkpoint named by a time is cut at the first epoch boundary at or after it, and a
    /// resumed run goes on checkpointing when asked (its later checkpoints equal the first run's).
    @Test func checkpointsAreCutAtEpochBoundariesAndChainOn() throws {
        let spec = ExampleNetworks.brunel(order: 60, delay: 1.5)
        let root = try Self.folder("chain")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = CheckpointSettings(directory: root + "/a", everyMs: 20)
        let a = try Self.run(spec, seed: 3, tSim: 90, shards: 2, threads: 1, out: root + "/a-out", checkpoint: first)
        let c20 = try CheckpointStore.open(first.directory, at: 20)
        #expect(c20.manifest.timeMs == 21)  // 14 epochs of 1.5 ms
        #expect(c20.manifest.step % 15 == 0)
        let second = CheckpointSettings(directory: root + "/b", everyMs: 20)
        let b = try Self.run(spec, seed: 3, tSim: 90, shards: 3, threads: 1, out: root + "/b-out", checkpoint: second, resume: c20)
        #expect(b.spikesSHA256 == a.spikesSHA256)
        #expect(CheckpointStore.complete(in: second.directory).map(\.name) == ["40", "60", "80"])
        let fromChain = try CheckpointStore.open(second.directory, at: 60)
        let c = try Self.run(spec, seed: 3, tSim: 90, shards: 1, threads: 1, out: root + "/c-out", resume: fromChain)
        #expect(c.spikesSHA256 == a.spikesSHA256)
        #expect(Self.bytes(root + "/c-out/spikes.csv") == Self.bytes(root + "/a-out/spikes.csv"))
    }

    /// A run resumed into its own checkpoint folder with other cuts passes a checkpoint's name
    /// again: the later checkpoints of the first run stay usable (their record segments stay).
    @Test func resumingIntoTheSameFolderKeepsLaterCheckpointsWhole() throws {
        let spec = ExampleNetworks.brunel(order: 40, delay: 1.5)
        let root = try Self.folder("same")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let settings = CheckpointSettings(directory: root + "/ck", everyMs: 20)
        let plain = try Self.run(spec, seed: 2, tSim: 90, shards: 2, threads: 1, out: root + "/a", checkpoint: settings)
        let again = CheckpointSettings(directory: root + "/ck", everyMs: 30)
        _ = try Self.run(spec, seed: 2, tSim: 90, shards: 3, threads: 1, out: root + "/b", checkpoint: again,
                         resume: try CheckpointStore.open(settings.directory, at: 20))
        for at in [60.0, 80.0] {
            let c = try Self.run(spec, seed: 2, tSim: 90, shards: 1, threads: 1, out: root + "/c\(Int(at))",
                                 resume: try CheckpointStore.open(settings.directory, at: at))
            #expect(c.spikesSHA256 == plain.spikesSHA256, "from \(at)")
        }
    }

    /// Truncated, flipped, manifest-less, another seed's file, another Volley's manifest: each
    /// refused with the file named; the output folder is never created.
    @Test func damagedOrForeignCheckpointsAreRefused() throws {
        let spec = ExampleNetworks.brunel(order: 40)
        let root = try Self.folder("bad")
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try Self.run(spec, seed: 5, tSim: 60, shards: 2, threads: 1, out: root + "/a", checkpoint: CheckpointSettings(directory: root + "/ka", everyMs: 30))
        _ = try Self.run(spec, seed: 9, tSim: 60, shards: 2, threads: 1, out: root + "/b", checkpoint: CheckpointSettings(directory: root + "/kb", everyMs: 30))
        let fm = FileManager.default
        func copy(_ name: String) throws -> String {
            let dir = root + "/" + name
            try fm.copyItem(atPath: root + "/ka", toPath: dir)
            return dir
        }
        func refused(_ dir: String, mentions: [String]) {
            do {
                _ = try CheckpointStore.open(dir, at: 30)
                Issue.record("\(dir) was accepted")
            } catch {
                for m in mentions { #expect(error.message.contains(m), "\(error.message) should mention \(m)") }
            }
        }
        let t = try copy("truncated")
        let state = t + "/30/shard-1.state"
        let whole = try #require(Self.bytes(state))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: state))
        refused(t, mentions: [state, "truncated"])

        let f = try copy("flipped")
        // The record segment is named by the steps it covers (records-<from>-<to>.bin).
        let segment = try #require(try fm.contentsOfDirectory(atPath: f + "/30").first { $0.hasPrefix("records-") && $0.hasSuffix(".bin") })
        var records = try #require(Self.bytes(f + "/30/" + segment))
        records[records.count * 2 / 3] ^= 0x5A
        try records.write(to: URL(fileURLWithPath: f + "/30/" + segment))
        refused(f, mentions: [f + "/30/" + segment, "does not match the manifest"])

        let m = try copy("manifestless")
        try fm.removeItem(atPath: m + "/30/manifest.json")
        refused(m, mentions: [m + "/30/manifest.json", "not completed"])

        let s = try copy("seed")
        try fm.removeItem(atPath: s + "/30/shard-0.state")
        try fm.copyItem(atPath: root + "/kb/30/shard-0.state", toPath: s + "/30/shard-0.state")
        refused(s, mentions: [s + "/30/shard-0.state", "seed 9"])

        let v = try copy("version")
        let manifest = try String(contentsOfFile: v + "/30/manifest.json", encoding: .utf8)
        try manifest.replacingOccurrences(of: "\"volley_version\" : \"\(volleyVersion)\"", with: "\"volley_version\" : \"0.0.1\"")
            .write(toFile: v + "/30/manifest.json", atomically: true, encoding: .utf8)
        refused(v, mentions: [v + "/30/manifest.json", "Volley 0.0.1"])

        refused(root + "/ka-missing", mentions: ["no checkpoint directory"])
    }

    /// Models whose state checkpoints do not hold yet (a rhythm entrained by spikes) are refused
    /// up front, by name.
    @Test func modelsBeyondTheCheckpointAreRefused() throws {
        let root = try Self.folder("refuse")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var spec = ExampleNetworks.brunel(order: 20)
        spec.rhythms = [RhythmSpec(name: "theta", frequency: 8, entrainment: RhythmEntrainment(population: 0, gain: 0.1))]
        let error = #expect(throws: RunInputError.self) {
            try Self.run(spec, seed: 1, tSim: 10, shards: 1, threads: 1, out: root + "/o",
                         checkpoint: CheckpointSettings(directory: root + "/k", everyMs: 5))
        }
        #expect(error?.message.contains("entrained rhythms") == true, "\(String(describing: error))")
    }
}
