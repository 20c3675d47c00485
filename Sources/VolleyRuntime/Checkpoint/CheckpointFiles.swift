// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// Writing and checking a checkpoint's files: each is written whole and then renamed into
/// place, and its size and SHA-256 go into the manifest.
enum CheckpointFiles {
    /// Writes `bytes` to `directory/name` (through a temporary file) and returns its entry, the
    /// path relative to the checkpoint root being `prefix/name`.
    static func write(_ bytes: [UInt8], directory: String, name: String, prefix: String, step: Int64? = nil) throws -> CheckpointManifest.FileEntry {
        let path = directory + "/" + name
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw CheckpointError("cannot write checkpoint file \(temporary)")
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        return CheckpointManifest.FileEntry(
            path: prefix + "/" + name, bytes: bytes.count, sha256: CheckpointIdentity.sha256(bytes), step: step)
    }

    /// Reads `root/entry.path` and checks it against the manifest's size and hash.
    static func read(_ entry: CheckpointManifest.FileEntry, root: String) throws(CheckpointError) -> [UInt8] {
        let path = root + "/" + entry.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError("checkpoint file \(path) is missing (the manifest lists it)")
        }
        let bytes = [UInt8](data)
        guard bytes.count == entry.bytes else {
            throw CheckpointError("checkpoint file \(path) is truncated or damaged: \(bytes.count) bytes, the manifest says \(entry.bytes)")
        }
        let hash = CheckpointIdentity.sha256(bytes)
        guard hash == entry.sha256 else {
            throw CheckpointError("checkpoint file \(path) does not match the manifest (sha256 \(hash.prefix(12))…, expected \(entry.sha256.prefix(12))…): it is damaged or from another checkpoint")
        }
        return bytes
    }

    /// The directory name of a checkpoint at `ms` milliseconds ("400", "0.5").
    static func name(ms: Double) -> String {
        ms == ms.rounded() && abs(ms) < 1e15 ? String(Int64(ms)) : String(ms)
    }
}
