// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The kinds of events a tap can ask for.
public enum TapKind: String, Codable, Sendable, CaseIterable, Comparable {
    case spikes, activations, samples, rhythms, weights, energy

    public static func < (a: TapKind, b: TapKind) -> Bool { a.rawValue < b.rawValue }
}

/// An inclusive range of 0-based neuron indices within a population ("0-99" is 100 neurons).
public struct NeuronRange: Codable, Equatable, Sendable {
    public var first: Int
    public var last: Int

    public init(first: Int, last: Int) {
        self.first = first
        self.last = last
    }

    /// Parses "7" or "0-99"; nil for anything else.
    public init?(_ text: Substring) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let a = Int(parts[0]), let b = Int(parts.last!), a >= 0, b >= a else { return nil }
        first = a
        last = b
    }
}

/// What a tap asks the workers for: which kinds of events, from which populations, and which
/// neurons of them. The workers apply it before sending, so a narrow tap costs little bandwidth.
public struct TapFilter: Codable, Equatable, Sendable {
    public var kinds: [TapKind]
    /// Population (or head population) names; empty means all of them.
    public var populations: [String]
    /// Neuron ranges within each selected population; empty means every neuron.
    public var neurons: [NeuronRange]

    public init(kinds: [TapKind] = [.spikes], populations: [String] = [], neurons: [NeuronRange] = []) {
        self.kinds = kinds
        self.populations = populations
        self.neurons = neurons
    }

    public func wants(_ kind: TapKind) -> Bool { kinds.contains(kind) }
}
