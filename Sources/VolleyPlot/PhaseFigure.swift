// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Spike phases: for every population that spiked and every rhythm that is not off, a histogram
/// of its spikes' phases over one cycle, titled with the vector strength summary.json reports.
public enum PhaseFigure {
    static let panelWidth = 230.0
    static let panelHeight = 170.0

    /// The figure, or nil when the run has no rhythm timelines (no rhythms.csv).
    public static func make(_ run: RecordedRun, bins: Int) -> Figure? {
        guard !run.rhythms.isEmpty else { return nil }
        let summary = run.summary
        let mode = { (name: String) in summary.rhythms.first { $0.name == name }?.mode ?? "on" }
        let rhythms = run.rhythms.filter { mode($0.name) != "off" }
        let off = run.rhythms.filter { mode($0.name) == "off" }.map(\.name)

        // Spike times per population, gathered once for all rhythms.
        var times = summary.populations.map { _ in [Double]() }
        for i in 0..<run.spikes.count { times[Int(run.spikes.population[i])].append(run.spikes.time[i]) }
        let silent = summary.populations.indices.filter { times[$0].isEmpty }.map { summary.populations[$0].name }
        let panels = rhythms.isEmpty ? [] : summary.populations.indices.filter { !times[$0].isEmpty }.flatMap { p in
            rhythms.map { (population: p, rhythm: $0) }
        }
        // Whole rows of rhythms per line when they fit, so a population's panels sit side by side.
        let columns = rhythms.count <= 4 ? max(1, 4 / max(1, rhythms.count)) * max(1, rhythms.count) : 4
        let gridRows = (panels.count + columns - 1) / columns

        let caption = Self.caption(run, bins: bins, rhythms: rhythms, off: off, silent: silent)
        let gridTop = FigureCanvas.titleBand
        let gridHeight = max(1, Double(gridRows)) * panelHeight
        let height = gridTop + gridHeight + 20 + FigureCanvas.captionHeight(caption)
        var svg = SVGDocument(width: FigureCanvas.width, height: height)
        if panels.isEmpty {
            svg.text("no spikes to show", x: FigureCanvas.width / 2, y: gridTop + gridHeight / 2, size: 14, anchor: .middle)
        }
        let left0 = (FigureCanvas.width - Double(columns) * panelWidth) / 2
        for (i, panel) in panels.enumerated() {
            let population = summary.populations[panel.population]
            let histogram = PhaseHistogram(times: times[panel.population], timeline: panel.rhythm,
                                           resolutionMs: summary.resolutionMs, bins: bins)
            let yTicks = NiceTicks(from: 0, to: Double(histogram.counts.max() ?? 0), target: 3, expand: true)
            let frame = PlotFrame(
                left: left0 + Double(i % columns) * panelWidth + 55, top: gridTop + Double(i / columns) * panelHeight + 26,
                width: panelWidth - 70, height: panelHeight - 70,
                x: 0...(2 * Double.pi), y: yTicks.lower...yTicks.upper)
            svg.beginGroup([("class", "panel"), ("data-population", population.name), ("data-rhythm", panel.rhythm.name),
                            ("data-spikes", String(histogram.total))])
            var title = "\(population.name) · \(panel.rhythm.name)"
            if let vs = population.vectorStrength[panel.rhythm.name] { title += "  VS \(Self.fixed(vs, 2))" }
            svg.text(title, x: frame.left + frame.width / 2, y: frame.top - 8, size: 12, anchor: .middle, bold: true)
            frame.drawBars(edges: histogram.edges, counts: histogram.counts, colour: Palette.colour(panel.population), into: &svg)
            frame.drawAxes(into: &svg, x: Self.quarterCycles, y: yTicks, xLabel: "", yLabel: "spikes", fontSize: 10,
                           xTickText: Self.piText)
            svg.endGroup()
        }
        let title = "Spike phases — \(summary.model)"
        FigureCanvas.decorate(&svg, title: title, caption: caption, captionTop: gridTop + gridHeight + 10)
        let headline = "\(panels.count) phase histograms (\(Set(panels.map(\.population)).count) populations × "
            + "\(rhythms.count) rhythms)"
        return Figure(name: "phases", svg: svg.rendered(title: title, description: caption), caption: caption, headline: headline)
    }

    /// Ticks at 0, π/2, π, 3π/2 and 2π.
    static let quarterCycles = NiceTicks(values: (0...4).map { Double($0) * Double.pi / 2 }, lower: 0, upper: 2 * Double.pi)

    static func piText(_ v: Double) -> String {
        switch Int((v / (Double.pi / 2)).rounded()) {
        case 0: "0"
        case 1: "π/2"
        case 2: "π"
        case 3: "3π/2"
        default: "2π"
        }
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let n = Int((x * scale).rounded())
        let whole = n / Int(scale), frac = String(abs(n % Int(scale)))
        return "\(n < 0 && whole == 0 ? "-" : "")\(whole)." + String(repeating: "0", count: decimals - frac.count) + frac
    }

    private static func caption(_ run: RecordedRun, bins: Int, rhythms: [RhythmTimeline], off: [String],
                                silent: [String]) -> String {
        var text = "Phases of every spike of the run to each rhythm, \(bins) bins per cycle (x: phase in radians, "
            + "y: spikes). A spike's phase is the rhythm's phase at the start of its epoch (rhythms.csv) plus "
            + "2π·f·(t − epoch start), taken at the start of the spike's step as the run measures it. "
            + "VS: vector strength from summary.json (0: no locking, 1: every spike at one phase)."
        let scrambled = rhythms.filter { r in run.summary.rhythms.first { $0.name == r.name }?.mode == "scrambled" }
        if !scrambled.isEmpty {
            text += " \(scrambled.map(\.name).joined(separator: ", ")) scrambled: the model drew a random phase every step, "
                + "so these histograms extrapolate the epoch starts and do not show the phases it saw."
        }
        if !off.isEmpty { text += " Not shown, switched off: \(off.joined(separator: ", "))." }
        if !silent.isEmpty { text += " No spikes: \(silent.joined(separator: ", "))." }
        return text
    }
}
