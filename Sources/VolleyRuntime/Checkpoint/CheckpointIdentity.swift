// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore
import VolleyFormats

/// Which run a checkpoint file belongs to: the model (by the hash of its canonical JSON), the
/// seed and the step of the cut. Every file carries it, so a file from another run is named.
public struct CheckpointIdentity: Sendable, Equatable {
    public let modelSHA256: String
    public let seed: UInt64
    public let step: Int64

    public init(modelSHA256: String, seed: UInt64, step: Int64) {
        self.modelSHA256 = modelSHA256
        self.seed = seed
        self.step = step
    }

    /// The model's canonical JSON (sorted keys): what a checkpoint stores and hashes.
    public static func canonicalJSON(_ spec: NetworkSpec) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return Array(try encoder.encode(spec))
    }

    /// The model back from `canonicalJSON`; nil unless it encodes to the same bytes again (so
    /// that no parameter can have moved by a bit on the way).
    public static func decodeModel(_ bytes: [UInt8]) throws -> NetworkSpec? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let spec = try decoder.decode(NetworkSpec.self, from: Data(bytes))
        return try canonicalJSON(spec) == bytes ? spec : nil
    }

    public static func sha256(_ bytes: [UInt8]) -> String {
        var sha = SHA256()
        sha.update(bytes)
        return sha.finalizeHex()
    }

    func write(_ w: inout CheckpointBytesWriter) {
        w.string(modelSHA256)
        w.u64(seed)
        w.i64(step)
    }

    static func read(_ r: inout CheckpointBytesReader) throws(CheckpointError) -> CheckpointIdentity {
        CheckpointIdentity(modelSHA256: try r.string(), seed: try r.u64(), step: try r.i64())
    }

    /// Throws, naming `file`, unless `found` is this identity.
    func expect(_ found: CheckpointIdentity, in file: String) throws(CheckpointError) {
        if found.seed != seed {
            throw CheckpointError("\(file) belongs to a run with seed \(found.seed), the checkpoint's manifest to seed \(seed)")
        }
        if found.modelSHA256 != modelSHA256 {
            throw CheckpointError("\(file) belongs to another model (sha256 \(found.modelSHA256.prefix(12))…, the manifest's \(modelSHA256.prefix(12))…)")
        }
        if found.step != step {
            throw CheckpointError("\(file) was cut at step \(found.step), the checkpoint at step \(step)")
        }
    }
}
