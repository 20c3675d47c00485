// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Where and how often a run writes checkpoints.
public struct CheckpointSettings: Sendable, Equatable {
    public var directory: String
    /// Model time between checkpoints, ms (a multiple of the resolution).
    public var everyMs: Double

    public init(directory: String, everyMs: Double) {
        self.directory = directory
        self.everyMs = everyMs
    }
}

/// What one checkpoint took: its name and cut, its size and the time it took to write.
public struct CheckpointReport: Sendable, Equatable {
    public let name: String
    public let timeMs: Double
    public let path: String
    public let bytes: Int
    public let seconds: Double
}

/// Decides when a run checkpoints and writes the parts a run's recorder owns (the model, the
/// record segment, the manifest); shard states come from whoever holds the shards. A checkpoint
/// is assembled in `DIR/<name>.partial` and renamed to `DIR/<name>` once its manifest is written.
public final class CheckpointWriter {
    public let settings: CheckpointSettings
    /// When an in-process run checkpoints (a distributed run's machines decide with cadences of
    /// their own, built by the same rule).
    private var cadence: CheckpointCadence
    private let resolution: Double
    private let modelJSON: [UInt8]
    public let modelSHA256: String
    private let base: CheckpointManifest
    /// Record segments of the checkpoints so far (and of the one resumed from), in order.
    private var chain: [CheckpointManifest.FileEntry]
    /// The checkpoints written so far.
    public private(set) var reports: [CheckpointReport] = []

    /// - Parameters:
    ///   - resumedFrom: the checkpoint a resumed run started from: its segments carry on, and
    ///     checkpoints up to its cut are not written again.
    public init(
        settings: CheckpointSettings, network: CompiledNetwork, tSim: Double, totalSteps: Int64, shards: Int, workers: Int,
        threads: Int, formats: [String], out: String?, resumedFrom: LoadedCheckpoint? = nil, resumedAtStep: Int64? = nil
    ) throws {
        guard settings.everyMs > 0, let every = network.grid.exactSteps(settings.everyMs), every > 0 else {
            throw RunInputError("--checkpoint-every \(settings.everyMs) ms must be positive and a multiple of the resolution \(network.spec.resolution) ms")
        }
        self.settings = settings
        cadence = CheckpointCadence(
            everySteps: every, totalSteps: totalSteps, after: resumedFrom?.manifest.step ?? resumedAtStep ?? 0)
        resolution = network.spec.resolution
        modelJSON = try CheckpointIdentity.canonicalJSON(network.spec)
        modelSHA256 = CheckpointIdentity.sha256(modelJSON)
        chain = resumedFrom?.manifest.records ?? []
        base = CheckpointManifest(
            volleyVersion: volleyVersion, model: network.spec.name, modelSha256: modelSHA256, seed: network.seed, tSimMs: tSim,
            resolutionMs: network.spec.resolution, name: "", step: 0, epoch: 0, timeMs: 0, shards: shards, workers: workers,
            threads: threads, formats: formats, out: out, spikes: 0, everyMs: settings.everyMs, files: [], records: [], bytes: 0,
            writeSeconds: 0)
        try FileManager.default.createDirectory(atPath: settings.directory, withIntermediateDirectories: true)
        // Checkpoints in another directory than the one resumed from must stand alone: the
        // record segments before the cut come along.
        if let from = resumedFrom, Self.sameDirectory(from.root, settings.directory) == false {
            for entry in chain {
                let target = settings.directory + "/" + entry.path
                try FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
                try FileManager.default.copyItem(atPath: from.root + "/" + entry.path, toPath: target)
            }
        }
    }

    private static func sameDirectory(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The checkpoint due at the epoch boundary `step`, if one is (none at the end of the run).
    public func due(step: Int64) -> CheckpointCadence.Cut? { cadence.due(step: step) }

    /// Asks for a checkpoint at the boundary `step` out of turn (an interrupted run's).
    public func ask(step: Int64) { cadence.ask(step: step) }

    /// A checkpoint's name: the model time it was due at, ms ("400"), or for one out of turn the
    /// time of its cut as the spike files write it ("315.0").
    public func name(_ cut: CheckpointCadence.Cut) -> String {
        cut.due.map { CheckpointFiles.name(steps: $0, resolution: resolution) } ?? TimeFormatter(resolution: resolution).string(cut.step)
    }

    /// Marks `cut` as written, so that later boundaries are not taken for it.
    private func take(_ cut: CheckpointCadence.Cut) { cadence.take(cut) }

    /// Where the parts of checkpoint `name` are gathered before it is complete.
    public func partialDirectory(_ name: String) -> String { settings.directory + "/" + name + ".partial" }

    /// The identity every file of a checkpoint cut at `step` carries.
    public func identity(step: Int64, seed: UInt64) -> CheckpointIdentity {
        CheckpointIdentity(modelSHA256: modelSHA256, seed: seed, step: step)
    }

    /// Writes shard states into checkpoint `name`'s partial directory (each process its own).
    public static func writeShards(
        _ states: [ShardState], directory: String, name: String, identity: CheckpointIdentity
    ) throws -> [CheckpointManifest.FileEntry] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try states.map { s in
            try CheckpointFiles.write(
                ShardStateFile.encode(s, identity: identity), directory: directory, name: "shard-\(s.shard).state", prefix: name)
        }
    }

    /// Completes the checkpoint at `cut` (before the model's epoch `epoch`): writes the model and
    /// the record segment, then the manifest, and renames the directory into place.
    public func finish(
        _ cut: CheckpointCadence.Cut, epoch: Int64, shardFiles: [CheckpointManifest.FileEntry], records: [EpochRecord],
        spikes: Int, partsSeconds: Double
    ) throws -> CheckpointReport {
        let clock = WallClock()
        let name = name(cut), step = cut.step
        take(cut)
        let partial = partialDirectory(name)
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        let identity = CheckpointIdentity(modelSHA256: modelSHA256, seed: base.seed, step: step)
        let model = try CheckpointFiles.write(modelJSON, directory: partial, name: "model.json", prefix: name)
        // Named by the steps it covers: a later checkpoint of the same name (a resumed run's)
        // never replaces a segment that other checkpoints' manifests name.
        let from = records.first?.start ?? step
        let segment = try CheckpointFiles.write(
            RecordSegmentFile.encode(records, identity: identity), directory: partial, name: "records-\(from)-\(step).bin",
            prefix: name, step: step)
        var manifest = base
        manifest.name = name
        manifest.step = step
        manifest.epoch = epoch
        manifest.timeMs = Double(step) * resolution
        manifest.spikes = spikes
        manifest.files = [model] + shardFiles.sorted { $0.path.localizedStandardCompare($1.path) == .orderedAscending }
        manifest.records = chain + [segment]
        manifest.bytes = manifest.files.reduce(segment.bytes) { $0 + $1.bytes }
        manifest.writeSeconds = partsSeconds + clock.seconds
        let json = try CheckpointManifest.encoder().encode(manifest)
        let final = settings.directory + "/" + name
        let fm = FileManager.default
        if fm.fileExists(atPath: final) {
            // A checkpoint of this name exists (a resumed run passing the same time again): its
            // manifest goes first, the new files join the old ones (a segment of the same steps
            // is the same bytes), and the new manifest comes last.
            try? fm.removeItem(atPath: final + "/manifest.json")
            for file in try fm.contentsOfDirectory(atPath: partial) {
                if fm.fileExists(atPath: final + "/" + file) { try fm.removeItem(atPath: final + "/" + file) }
                try fm.moveItem(atPath: partial + "/" + file, toPath: final + "/" + file)
            }
            guard fm.createFile(atPath: final + "/manifest.json", contents: json) else {
                throw CheckpointWriteFailure("cannot write \(final)/manifest.json")
            }
            try? fm.removeItem(atPath: partial)
        } else {
            guard fm.createFile(atPath: partial + "/manifest.json", contents: json) else {
                throw CheckpointWriteFailure("cannot write \(partial)/manifest.json")
            }
            try fm.moveItem(atPath: partial, toPath: final)
        }
        chain.append(segment)
        let report = CheckpointReport(
            name: name, timeMs: manifest.timeMs, path: final, bytes: manifest.bytes, seconds: partsSeconds + clock.seconds)
        reports.append(report)
        return report
    }
}

extension CheckpointWriter {
    /// The line a run prints for each checkpoint.
    public static func describe(_ r: CheckpointReport) -> String {
        "volley: checkpoint \(r.name) ms (cut at \(ProgressReporter.fixed(r.timeMs, 1)) ms): "
            + "\(ProgressReporter.fixed(Double(r.bytes) / 1e6, 2)) MB in \(ProgressReporter.fixed(r.seconds, 3)) s → \(r.path)\n"
    }

    /// summary.json's `checkpoints` (what was written: name, cut, bytes, seconds) and
    /// `resumed_from` (the checkpoint a resumed run started from).
    public static func summaryMembers(written: [CheckpointReport], resumedFrom: LoadedCheckpoint?) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if !written.isEmpty {
            members.append(("checkpoints", .array(written.map { r in
                .object([("name", .string(r.name)), ("time_ms", .number(r.timeMs)), ("path", .string(r.path)),
                         ("bytes", .integer(r.bytes)), ("write_s", .number(r.seconds))])
            })))
        }
        if let c = resumedFrom {
            members.append(("resumed_from", .object([
                ("checkpoint", .string(c.directory)), ("time_ms", .number(c.manifest.timeMs)), ("epoch", .integer(Int(c.manifest.epoch))),
            ])))
        }
        return members
    }
}

extension CheckpointWriter {
    /// What a model holds that checkpoints do not store yet, if anything (checked before a run).
    public static func refusal(spec: NetworkSpec) -> String? {
        // A gain of zero is no entrainment (the clock treats the rhythm as free-running).
        if spec.rhythms.contains(where: { ($0.entrainment?.gain ?? 0) != 0 }) { return "entrained rhythms" }
        return nil
    }
}
