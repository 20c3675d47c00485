// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Why a distributed run stops: always with the peer and, for data, the epoch named (DESIGN §4:
/// a gap or a duplicate is a hard error naming the peer, never silently wrong output).
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A frame that cannot be read.
    case malformed(peer: String, WireError)
    /// A frame from another run.
    case foreignRun(peer: String, runID: UInt64)
    /// A frame from a source this process did not subscribe to.
    case unexpectedSource(peer: String)
    /// A source's frames skipped an epoch (lost, or reordered).
    case gap(peer: String, expectedEpoch: UInt64, gotEpoch: UInt64)
    /// A source's frame for an epoch never came, when everything else of the epoch did.
    case missing(peer: String, epoch: UInt64)
    /// A source's frame for an epoch already received.
    case duplicate(peer: String, epoch: UInt64)
    /// A source's sequence numbers jumped or repeated.
    case sequence(peer: String, expected: UInt64, got: UInt64, epoch: UInt64)
    /// Nothing arrived for too long.
    case timeout(what: String, seconds: Double)
    /// The other side ended the run.
    case aborted(reason: String)
    /// A peer is gone.
    case peerLost(peer: String, detail: String)
    /// Anything else, described.
    case failed(String)
    /// The operator stopped the run (SIGINT, SIGTERM) once its checkpoint was written.
    case interrupted(signal: String, checkpoint: String?, timeMs: Double?)

    public var description: String {
        switch self {
        case .malformed(let p, let e): "bad frame from \(p): \(e)"
        case .foreignRun(let p, let r): "frame from \(p) belongs to another run (run id \(r))"
        case .unexpectedSource(let p): "frame from \(p), which this process does not listen to"
        case .gap(let p, let e, let g): "data loss: expected epoch \(e) from \(p) but got epoch \(g) (a frame was lost or reordered)"
        case .duplicate(let p, let e): "data duplicated: a second frame for epoch \(e) from \(p)"
        case .missing(let p, let e): "data loss: no frame for epoch \(e) from \(p)"
        case .sequence(let p, let e, let g, let epoch): "sequence error from \(p) at epoch \(epoch): expected frame \(e), got \(g)"
        case .timeout(let what, let s): "timed out after \(s) s waiting for \(what)"
        case .aborted(let r): "run aborted: \(r)"
        case .peerLost(let p, let d): "lost \(p): \(d)"
        case .failed(let s): s
        case .interrupted(let signal, let path, let ms):
            "interrupted by \(signal)" + (path.map { p in "; checkpoint written at \(ms.map { "\($0)" } ?? "?") ms to \(p)" } ?? "")
        }
    }
}
