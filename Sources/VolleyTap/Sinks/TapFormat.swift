// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The output formats of `volley tap`.
public enum TapFormat: String, CaseIterable, Sendable {
    case csv, jsonl, sonata

    /// The kinds of events the format can hold.
    public var kinds: Set<TapKind> {
        switch self {
        case .csv, .sonata: [.spikes]
        case .jsonl: Set(TapKind.allCases)
        }
    }
}
