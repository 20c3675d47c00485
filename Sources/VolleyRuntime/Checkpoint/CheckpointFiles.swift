// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// Writing and checking a checkpoint's files: each is written whole and then renamed into
/// place, and its size and SHA-256 go into the manifest.
enum CheckpointFiles {
    /// Writes `bytes` to `directory/name` (through a temporary file) and returns its entry, the
    /// path relative to the checkpoint root being `prefix/name`.
    static func write(_ bytes: [UInt8], directory: String, name: String, prefix: String, step: Int64? = nil) throws -> CheckpointManifest.FileEntry {
        let path = directory + "/" + name
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw CheckpointWriteFailure("cannot write checkpoint file \(temporary)")
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        return CheckpointManifest.FileEntry(
            path: prefix + "/" + name, bytes: bytes.count, sha256: CheckpointIdentity.sha256(bytes), step: step)
    }

    /// Reads `root/entry.path` and checks it against the manifest's size and hash.
    static func read(_ entry: CheckpointManifest.FileEntry, root: String, run: CheckpointIdentity) throws(CheckpointError) -> [UInt8] {
        let path = root + "/" + entry.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError("checkpoint file \(path) is missing (the manifest lists it)")
        }
        let bytes = [UInt8](data)
        // A whole file of another run says so in its header: name the run, not just the bytes.
        if bytes.count != entry.bytes || CheckpointIdentity.sha256(bytes) != entry.sha256, let found = header(bytes, file: path),
            found.seed != run.seed || found.modelSHA256 != run.modelSHA256
        {
            try run.expect(CheckpointIdentity(modelSHA256: found.modelSHA256, seed: found.seed, step: run.step), in: "checkpoint file " + path)
        }
        guard bytes.count == entry.bytes else {
            throw CheckpointError("checkpoint file \(path) is truncated or damaged: \(bytes.count) bytes, the manifest says \(entry.bytes)")
        }
        let hash = CheckpointIdentity.sha256(bytes)
        guard hash == entry.sha256 else {
            throw CheckpointError("checkpoint file \(path) does not match the manifest (sha256 \(hash.prefix(12))…, expected \(entry.sha256.prefix(12))…): it is damaged or from another checkpoint")
        }
        return bytes
    }

    /// The identity in a shard-state or record file's header, if it has one.
    static func header(_ bytes: [UInt8], file: String) -> CheckpointIdentity? {
        for magic in [ShardStateFile.magic, RecordSegmentFile.magic] {
            var r = CheckpointBytesReader(bytes, file: file)
            guard (try? r.magic(magic)) != nil, (try? r.u32()) != nil, let id = try? CheckpointIdentity.read(&r) else { continue }
            return id
        }
        return nil
    }

    /// The directory name of a checkpoint at `ms` milliseconds ("400", "0.5").
    static func name(ms: Double) -> String {
        ms == ms.rounded() && abs(ms) < 1e15 ? String(Int64(ms)) : String(ms)
    }

    /// The name of the checkpoint due at `steps` steps of `resolution` ms: whole milliseconds
    /// as integers ("400"), anything else as the spike files write times ("0.3").
    static func name(steps: Int64, resolution: Double) -> String {
        let formatter = TimeFormatter(resolution: resolution)
        let ms = formatter.milliseconds(steps)
        return ms == ms.rounded() ? name(ms: ms) : formatter.string(steps)
    }
}
