// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// What `volley plot` draws: the time window of the raster and rates, the rate bins, the
/// raster's neurons per population and the phase histograms' bins.
public struct PlotOptions: Sendable, Equatable {
    /// Window start in ms (nil: 0).
    public var tStart: Double?
    /// Window end in ms (nil: the run's t_sim).
    public var tStop: Double?
    public var binMs: Double
    public var maxNeurons: Int
    public var phaseBins: Int

    public init(tStart: Double? = nil, tStop: Double? = nil, binMs: Double = 5, maxNeurons: Int = 100, phaseBins: Int = 24) {
        self.tStart = tStart
        self.tStop = tStop
        self.binMs = binMs
        self.maxNeurons = maxNeurons
        self.phaseBins = phaseBins
    }

    /// Checks what can be checked without the run, so a typo fails before a large file is read.
    public func validate() throws(PlotInputError) {
        guard binMs > 0, binMs.isFinite else { throw PlotInputError("--bin-ms must be a positive number of ms") }
        guard maxNeurons >= 1 else { throw PlotInputError("--max-neurons must be at least 1") }
        guard phaseBins >= 2, phaseBins <= 720 else { throw PlotInputError("--phase-bins must be between 2 and 720") }
        if let tStart, let tStop, !(tStart < tStop) {
            throw PlotInputError("the window is empty: --t-start \(PlotWindow.ms(tStart)) ms is not before --t-stop \(PlotWindow.ms(tStop)) ms")
        }
    }

    /// The window for a run of `tSimMs`, once the options are checked.
    public func window(tSimMs: Double) throws(PlotInputError) -> PlotWindow {
        try validate()
        let start = tStart ?? 0
        let stop = tStop ?? tSimMs
        guard start.isFinite, stop.isFinite else { throw PlotInputError("--t-start and --t-stop must be numbers of ms") }
        guard start < stop else {
            throw PlotInputError("the window is empty: --t-start \(PlotWindow.ms(start)) ms is not before "
                + "--t-stop \(PlotWindow.ms(stop)) ms" + (tStop == nil ? " (the run's t_sim)" : ""))
        }
        // Far more bins than pixels only make the file huge and the lines a smear.
        guard (stop - start) / binMs <= 1_000_000 else {
            throw PlotInputError("--bin-ms \(PlotWindow.ms(binMs)) ms makes more than a million bins over the window")
        }
        return PlotWindow(start: start, stop: stop)
    }
}
