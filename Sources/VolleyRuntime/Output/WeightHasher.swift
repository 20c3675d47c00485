// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Computes `weights_sha256` over the final state of every plastic projection, in a form that
/// shards and processes can each compute a part of: one digest per (target, projection), then
/// one over those in canonical order.
///
/// The digest of (target, projection) is SHA-256 over that projection's synapses onto the target
/// in canonical order (source, delay, generation order), 20 little-endian bytes each: source
/// global id (UInt32), delay in ms and weight (the Float64s' bits). `weights_sha256` is SHA-256
/// over the lines `target,projection,digest\n` (global id, 0-based projection index, 64 hex
/// digits) sorted by target, then projection.
public final class WeightHasher {
    private var digests: [(target: UInt32, projection: Int, digest: String)] = []
    private var bytes: [UInt8] = []

    public init() {}

    /// Adds a chunk (whole targets, canonical order).
    public func add(_ chunk: PlasticChunk) {
        var i = 0
        while i < chunk.count {
            let target = chunk.target[i]
            bytes.removeAll(keepingCapacity: true)
            while i < chunk.count && chunk.target[i] == target {
                append(chunk.source[i], to: &bytes)
                append(chunk.delay[i].bitPattern, to: &bytes)
                append(chunk.weight[i].bitPattern, to: &bytes)
                i += 1
            }
            var sha = SHA256()
            bytes.withUnsafeBytes { sha.update(buffer: $0) }
            digests.append((target, chunk.projection, sha.finalizeHex()))
        }
    }

    /// Adds digests computed elsewhere (another process's part).
    public func add(digests more: [(target: UInt32, projection: Int, digest: String)]) { digests += more }

    /// The digests so far, for sending to whoever combines them.
    public var parts: [(target: UInt32, projection: Int, digest: String)] { digests }

    /// `weights_sha256`; nil when no plastic synapse was seen.
    public func digest() -> String? {
        guard !digests.isEmpty else { return nil }
        var sha = SHA256()
        for d in digests.sorted(by: { ($0.target, $0.projection) < ($1.target, $1.projection) }) {
            sha.update("\(d.target),\(d.projection),\(d.digest)\n")
        }
        return sha.finalizeHex()
    }

    @inline(__always)
    private func append<T: FixedWidthInteger>(_ x: T, to bytes: inout [UInt8]) {
        var v = x.littleEndian
        for _ in 0..<MemoryLayout<T>.size {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }
}
