// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore

/// A checkpoint read back and checked: its manifest, the model, every shard's state and the
/// run's record up to the cut.
public struct LoadedCheckpoint: Sendable {
    /// The checkpoint root (`DIR`) and the checkpoint's own directory (`DIR/400`).
    public let root: String
    public let directory: String
    public let manifest: CheckpointManifest
    public let spec: NetworkSpec
    public let shardStates: [ShardState]
    /// Every epoch record from the start to the cut, in order.
    public let records: [EpochRecord]

    /// The resume point for `network` (the checkpoint's model compiled for any layout).
    public func resumePoint(network: CompiledNetwork) throws(CheckpointError) -> ResumePoint {
        guard manifest.step == manifest.epoch * network.epochSteps else {
            throw CheckpointError("\(directory)/manifest.json: the cut (step \(manifest.step), epoch \(manifest.epoch)) is not an epoch boundary of this model")
        }
        guard let last = records.last, last.start + last.steps == manifest.step, last.epoch + 1 == manifest.epoch else {
            throw CheckpointError("\(directory): the record does not end at the cut (step \(manifest.step))")
        }
        // Spikes emitted this many steps before the cut can still arrive after it.
        let window = (network.maxDelaySteps ?? Int64.max / 4) + network.epochSteps + 1
        var inFlight: [EpochEvents] = []
        for r in records.dropLast() where r.start + r.steps + window > manifest.step {
            inFlight.append(EpochEvents(spikes: r.spikes, activations: r.activations))
        }
        var heads: [Int: AttentionHead.Context] = [:]
        for s in shardStates { for h in s.heads { heads[h.head] = h.context } }
        let populations = spec.populations.count
        var bySource = [Int](repeating: 0, count: populations)
        for s in shardStates where s.eventsBySourcePopulation.count == populations {
            for p in 0..<populations { bySource[p] += s.eventsBySourcePopulation[p] }
        }
        return ResumePoint(
            epoch: manifest.epoch, step: manifest.step, state: NetworkStateIndex(shardStates.flatMap(\.blocks)),
            deliveredEvents: shardStates.reduce(0) { $0 + $1.deliveredEvents }, eventsBySourcePopulation: bySource,
            inFlight: inFlight, heads: heads, plastic: PlasticStateIndex(shardStates.compactMap(\.plastic)),
            lastEpoch: EpochEvents(spikes: last.spikes, activations: last.activations))
    }
}

/// Finds, checks and reads checkpoints. Anything wrong is a `CheckpointError` naming the file
/// and the mismatch; nothing is read into a run before every file has passed.
public enum CheckpointStore {
    /// The complete checkpoints (with a manifest) in `root`, by model time.
    public static func complete(in root: String) -> [(ms: Double, name: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.compactMap { n -> (Double, String)? in
            guard let ms = Double(n), FileManager.default.fileExists(atPath: root + "/" + n + "/manifest.json") else { return nil }
            return (ms, n)
        }.sorted { $0.0 < $1.0 }
    }

    /// Reads the checkpoint at `at` ms in `root` (default: the latest complete one).
    public static func open(_ root: String, at: Double? = nil) throws(CheckpointError) -> LoadedCheckpoint {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CheckpointError("no checkpoint directory \(root)")
        }
        let name: String
        if let at {
            // By value: "315" and "315.0" are the same time.
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            name = entries.first { Double($0) == at } ?? CheckpointFiles.name(ms: at)
            guard FileManager.default.fileExists(atPath: root + "/" + name) else {
                let have = complete(in: root).map(\.name)
                throw CheckpointError("no checkpoint at \(name) ms in \(root) (complete ones: \(have.isEmpty ? "none" : have.joined(separator: ", ")))")
            }
        } else {
            guard let latest = complete(in: root).last else { throw CheckpointError("\(root) holds no complete checkpoint (none has a manifest.json)") }
            name = latest.name
        }
        let directory = root + "/" + name
        let manifestPath = directory + "/manifest.json"
        guard let json = FileManager.default.contents(atPath: manifestPath) else {
            throw CheckpointError("\(manifestPath) is missing: the checkpoint at \(name) ms was not completed and cannot be used")
        }
        let manifest: CheckpointManifest
        do {
            manifest = try CheckpointManifest.decoder().decode(CheckpointManifest.self, from: json)
        } catch {
            throw CheckpointError("\(manifestPath) is damaged: not a checkpoint manifest (\(error))")
        }
        guard manifest.format == CheckpointManifest.formatName, manifest.formatVersion == CheckpointManifest.currentVersion else {
            throw CheckpointError("\(manifestPath): format \(manifest.format) version \(manifest.formatVersion); this Volley reads \(CheckpointManifest.formatName) version \(CheckpointManifest.currentVersion)")
        }
        guard manifest.volleyVersion == volleyVersion else {
            throw CheckpointError("\(manifestPath) was written by Volley \(manifest.volleyVersion); this is Volley \(volleyVersion), which cannot promise the same numbers")
        }
        guard manifest.name == name else { throw CheckpointError("\(manifestPath) belongs to the checkpoint at \(manifest.name) ms, not \(name)") }

        // Every file first, against the manifest: sizes and hashes.
        let run = CheckpointIdentity(modelSHA256: manifest.modelSha256, seed: manifest.seed, step: manifest.step)
        var contents: [String: [UInt8]] = [:]
        for entry in manifest.files + manifest.records { contents[entry.path] = try CheckpointFiles.read(entry, root: root, run: run) }

        guard let modelEntry = manifest.files.first(where: { $0.path.hasSuffix("/model.json") }) else {
            throw CheckpointError("\(manifestPath) lists no model.json")
        }
        let modelBytes = contents[modelEntry.path]!
        guard CheckpointIdentity.sha256(modelBytes) == manifest.modelSha256 else {
            throw CheckpointError("\(root)/\(modelEntry.path) is not the model the manifest names (sha256 \(manifest.modelSha256.prefix(12))…)")
        }
        let decoded: NetworkSpec?
        do {
            decoded = try CheckpointIdentity.decodeModel(modelBytes)
        } catch {
            throw CheckpointError("\(root)/\(modelEntry.path) is not a model this Volley reads: \(error)")
        }
        guard let spec = decoded else {
            throw CheckpointError("\(root)/\(modelEntry.path) does not read back to the same model on this machine")
        }
        let identity = run
        var states: [ShardState] = []
        for entry in manifest.files where entry.path.hasSuffix(".state") {
            states.append(try ShardStateFile.decode(contents[entry.path]!, file: root + "/" + entry.path, identity: identity))
        }
        guard states.count == manifest.shards, Set(states.map(\.shard)) == Set(0..<manifest.shards) else {
            throw CheckpointError("\(manifestPath) lists \(states.count) shard states for \(manifest.shards) shards")
        }
        var records: [EpochRecord] = []
        for entry in manifest.records {
            guard let step = entry.step else { throw CheckpointError("\(manifestPath): record segment \(entry.path) has no step") }
            let segmentIdentity = CheckpointIdentity(modelSHA256: manifest.modelSha256, seed: manifest.seed, step: step)
            let part = try RecordSegmentFile.decode(contents[entry.path]!, file: root + "/" + entry.path, identity: segmentIdentity)
            if let first = part.first, first.start != (records.last.map { $0.start + $0.steps } ?? 0) {
                throw CheckpointError("\(root)/\(entry.path) does not continue the record before it (starts at step \(first.start))")
            }
            records += part
        }
        return LoadedCheckpoint(root: root, directory: directory, manifest: manifest, spec: spec, shardStates: states, records: records)
    }
}
