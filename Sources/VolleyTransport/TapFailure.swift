// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// Why a tap's run ended before its finish, as `TapMachine` decides it. Typed, so that each
/// shell can map it onto its own errors (a refused link is `TransportError.failed`, the rest
/// `.aborted`); the descriptions are the messages both clients print.
public enum TapFailure: Sendable, Equatable, CustomStringConvertible {
    /// The coordinator sent something this tap cannot read.
    case unreadable(String)
    /// The coordinator turned this tap away (another version, or its subscription reached no
    /// worker in time).
    case refused(String)
    /// The run failed.
    case aborted(String)
    /// The coordinator, heard before, has said nothing for this many seconds.
    case coordinatorSilent(seconds: Double)
    /// The link to the coordinator can never be admitted (its explanation).
    case linkRefused(String)
    /// The run finished while this tap waited for its welcome.
    case finishedBeforeWelcome

    public var description: String {
        switch self {
        case .unreadable(let why): "an unreadable message from the coordinator: \(why)"
        case .refused(let why): "the coordinator turned this tap away: \(why)"
        case .aborted(let why): "the run failed: \(why)"
        case .coordinatorSilent(let s): "the coordinator stopped responding (nothing for \(Self.seconds(s)) s)"
        case .linkRefused(let why): why
        case .finishedBeforeWelcome: "the run finished before this tap was welcomed"
        }
    }

    /// "3" and "0.5", as Python's `{:g}` writes them.
    static func seconds(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? "\(Int(s))" : "\(s)"
    }
}
