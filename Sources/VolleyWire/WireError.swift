// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Why bytes are not a valid Volley frame. Decoding returns these; it never traps.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(needed: Int, got: Int)
    case badMagic
    case unsupportedVersion(UInt16)
    case unknownKind(UInt8)
    case unexpectedKind(expected: FrameKind, got: FrameKind)
    case payloadSize(kind: FrameKind, count: UInt32, bytes: Int)
    case malformedControl(String)

    public var description: String {
        switch self {
        case .truncated(let needed, let got): "frame too short: \(got) bytes, at least \(needed) needed"
        case .badMagic: "not a Volley frame (bad magic)"
        case .unsupportedVersion(let v): "wire version \(v), but this build speaks version \(WireFormat.version)"
        case .unknownKind(let k): "unknown frame kind \(k)"
        case .unexpectedKind(let e, let g): "expected a \(e) frame, got \(g)"
        case .payloadSize(let k, let n, let b): "\(k) frame says \(n) entries but carries \(b) payload bytes"
        case .malformedControl(let why): "malformed control message: \(why)"
        }
    }
}
