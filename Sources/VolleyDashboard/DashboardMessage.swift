// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// A message to the page over the WebSocket, as JSON. A `snapshot` (on connecting, and when a
/// run begins) replaces what the page holds; an `update` adds to it.
public struct DashboardMessage: Sendable, Codable, Equatable {
    /// The raster's geometry and time base, fixed for a run.
    public struct Layout: Sendable, Codable, Equatable {
        public var populations: [RasterLayout.Band]
        public var rows: Int
        public var binMs: Double
        public var windowMs: Double
        public var resolutionMs: Double
        /// The recordables the run's multimeters record; empty: no traces.
        public var variables: [String]
    }

    /// One recordable of one neuron, drawn as a line.
    public struct Trace: Sendable, Codable, Equatable {
        /// Its index: points name their trace by it.
        public var id: Int
        /// How the legend names it: population[neuron] recordable, e.g. "E[3] g_ex".
        public var label: String
        public var population: String
        /// 0-based index within the population.
        public var neuron: Int
        /// The recordable, e.g. "V_m".
        public var variable: String

        public init(id: Int, label: String, population: String, neuron: Int, variable: String) {
            self.id = id
            self.label = label
            self.population = population
            self.neuron = neuron
            self.variable = variable
        }
    }

    public var type: String
    public var status: RunStatus
    /// Snapshots only (nil before a run is known).
    public var layout: Layout?
    /// (step, row) pairs, flat: t_ms = (step + 1) · resolution.
    public var raster: [Int64]
    /// The index of the first bin in `rates`: bin b spans [b·binMs, (b+1)·binMs).
    public var firstBin: Int64
    /// Rates in Hz, one per population for each bin, bin after bin.
    public var rates: [Double]
    /// Snapshots: every trace so far; updates: the traces that are new in it.
    public var traces: [Trace]
    /// (stamp, trace) pairs, flat: t_ms = stamp · resolution.
    public var samples: [Int64]
    /// One value per pair in `samples`, in the recordable's unit (mV for V_m, nS for g_ex).
    public var values: [Double]

    /// JSON text, snake_case keys like the rest of Volley's JSON.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension RunStatus {
    /// JSON text for `/api/status`.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
