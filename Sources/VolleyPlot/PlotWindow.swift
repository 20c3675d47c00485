// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The stretch of model time a raster or rate plot shows: spikes stamped in (start, stop].
/// Spike stamps are the ends of steps (NEST's convention), so a run of t_sim ms has its spikes
/// in (0, t_sim] and the default window holds every one of them.
public struct PlotWindow: Sendable, Equatable {
    public let start: Double
    public let stop: Double

    public init(start: Double, stop: Double) {
        self.start = start
        self.stop = stop
    }

    /// Whether a spike stamped `t` ms is shown.
    @inline(__always)
    public func contains(_ t: Double) -> Bool { t > start && t <= stop }

    public var duration: Double { stop - start }

    /// "(0, 1000] ms" — half-open, as the window is.
    public var text: String { "(\(Self.ms(start)), \(Self.ms(stop))] ms" }

    static func ms(_ t: Double) -> String {
        t == t.rounded() && abs(t) < 1e15 ? String(Int(t)) : String(t)
    }
}
