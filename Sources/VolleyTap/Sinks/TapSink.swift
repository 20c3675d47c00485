// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Where a tap writes what it receives, epoch by epoch.
public protocol TapSink: AnyObject {
    /// Writes one epoch (already filtered, in order).
    func write(_ epoch: TapEpoch) throws
    /// Pushes what is buffered to the file, so a reader following it sees it.
    func flush() throws
    /// Flushes and closes; idempotent.
    func close() throws
}

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

/// Turns global neuron ids back into (population, index) without a search per spike.
struct PopulationLookup {
    let names: [[UInt8]]
    let offsets: [Int]
    private let populationOf: [UInt16]

    init(catalog: RunCatalog) {
        names = catalog.populations.map { Array($0.name.utf8) }
        offsets = catalog.offsets
        var table = [UInt16](repeating: 0, count: offsets.last ?? 0)
        for p in catalog.populations.indices {
            for g in offsets[p]..<offsets[p + 1] { table[g] = UInt16(p) }
        }
        populationOf = table
    }

    @inline(__always)
    func population(of global: Int) -> Int { Int(populationOf[global]) }
}
