// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyFormats

/// Plastic weights over time, from `weights.csv`: one line per source population → target
/// population pair (a "projection" here: all recorded plastic synapses between the two), the mean
/// weight of its transmissions in each bin of `binMs`, plotted at the bin centres as the rates are.
///
/// Bins without transmissions carry the last value: a plastic synapse's weight only changes
/// (and is only recorded) when a spike passes through it, so between transmissions the weight
/// stands where the last one left it. A line starts at its pair's first transmission in the
/// window and runs on at its last mean to the window's end; it does not reach back before the
/// window. With more than 12 pairs the 12 whose mean changed most between their first and last
/// non-empty bin are drawn; the headline and caption say how many were left out.
public enum WeightFigure {
    /// The most lines drawn.
    public static let maxLines = 12

    /// One pair's non-empty bins in the window.
    struct Binned {
        let pair: ProjectionWeights
        /// (bin index, mean weight) of each bin with transmissions, ascending.
        var bins: [(index: Int, mean: Double)] = []
        var transmissions = 0
        var low = Double.infinity, high = -Double.infinity

        var first: Double { bins[0].mean }
        var last: Double { bins[bins.count - 1].mean }
        var change: Double { abs(last - first) }
    }

    /// The figure, or nil when the run has no weights.csv.
    public static func make(_ run: RecordedRun, window: PlotWindow, binMs: Double) -> Figure? {
        guard let pairs = run.weights else { return nil }
        let populations = run.summary.populations
        let binCount = max(1, Int((window.duration / binMs - 1e-9).rounded(.up)))
        let edges = (0...binCount).map { k in k == binCount ? window.stop : window.start + Double(k) * binMs }
        func centre(_ k: Int) -> Double { (edges[k] + edges[k + 1]) / 2 }
        func name(_ p: ProjectionWeights) -> String { "\(populations[p.source].name) → \(populations[p.target].name)" }

        var binned: [Binned] = []
        var silent: [String] = []
        for pair in pairs {
            var b = Binned(pair: pair)
            var sum = 0.0, n = 0, current = -1
            for i in pair.time.indices {
                let t = pair.time[i]
                guard window.contains(t) else { continue }
                // (start + k·bin, start + (k+1)·bin] is bin k, matching the half-open window.
                let k = min(binCount - 1, max(0, Int(((t - window.start) / binMs).rounded(.up)) - 1))
                if k != current {
                    if n > 0 { b.bins.append((current, sum / Double(n))) }
                    current = k
                    sum = 0
                    n = 0
                }
                sum += pair.sum[i]
                n += Int(pair.count[i])
                b.transmissions += Int(pair.count[i])
                b.low = min(b.low, pair.low[i])
                b.high = max(b.high, pair.high[i])
            }
            if n > 0 { b.bins.append((current, sum / Double(n))) }
            if b.bins.isEmpty { silent.append(name(pair)) } else { binned.append(b) }
        }

        // The pairs that changed most, shown in population order.
        let shown = binned.count <= maxLines ? binned
            : binned.enumerated().sorted { $0.element.change > $1.element.change || ($0.element.change == $1.element.change && $0.offset < $1.offset) }
                .prefix(maxLines).sorted { $0.offset < $1.offset }.map(\.element)
        let leftOut = binned.count - shown.count
        let transmissions = binned.reduce(0) { $0 + $1.transmissions }
        let allMeans = binned.flatMap { $0.bins.map(\.mean) }
        let shownMeans = shown.flatMap { $0.bins.map(\.mean) }

        let yTicks = NiceTicks(from: shownMeans.min() ?? 0, to: shownMeans.max() ?? 1, target: 6, expand: true)
        let legend = Legend(shown.enumerated().map { (label: name($1.pair), colour: Palette.colour($0)) })
        let legendSize = legend.size()
        let frame = PlotFrame(left: 90, top: FigureCanvas.titleBand,
                              width: FigureCanvas.width - 90 - (shown.isEmpty ? 0 : legendSize.width + 20) - 20,
                              height: max(320, legendSize.height), x: window.start...window.stop,
                              y: yTicks.lower...yTicks.upper)

        // Carrying a bin's mean over the empty bins after it: flat to the centre of the bin before
        // the next non-empty one, then on to that one's mean — the same line as a point at every
        // bin, without a point at every bin.
        let lines = shown.map { line in
            var points: [(x: Double, y: Double)] = []
            for (j, bin) in line.bins.enumerated() {
                points.append((centre(bin.index), bin.mean))
                let nextIndex = j + 1 < line.bins.count ? line.bins[j + 1].index : binCount
                if nextIndex - 1 > bin.index { points.append((centre(nextIndex - 1), bin.mean)) }
            }
            return points
        }
        let caption = Self.caption(window: window, binMs: binMs, binned: binned, shown: shown, silent: silent,
                                   dense: lines.contains { $0.count > 2 * Int(frame.width) }, name: name)
        let height = frame.bottom + 50 + FigureCanvas.captionHeight(caption)
        var svg = SVGDocument(width: FigureCanvas.width, height: height)
        frame.drawAxes(into: &svg, x: NiceTicks(from: window.start, to: window.stop, target: 10), y: yTicks,
                       xLabel: "time (ms)", yLabel: "weight")
        if shown.isEmpty {
            svg.text("no transmissions through plastic synapses in \(window.text)", x: frame.left + frame.width / 2,
                     y: frame.top + frame.height / 2, size: 14, anchor: .middle)
        }
        for (i, (line, points)) in zip(shown, lines).enumerated() {
            let attributes = [("class", "weight"), ("data-pair", name(line.pair)),
                              ("data-source", populations[line.pair.source].name),
                              ("data-target", populations[line.pair.target].name),
                              ("data-transmissions", String(line.transmissions)),
                              ("data-first", String(line.first)), ("data-last", String(line.last))]
            if points.count == 1 {
                // A lone point (one bin, the window's last) is a dot, not an invisible line.
                frame.drawPoints(points, colour: Palette.colour(i), radius: 2.5, into: &svg)
            }
            frame.drawLine(points, colour: Palette.colour(i), into: &svg, attributes: attributes)
        }
        if !shown.isEmpty { legend.draw(into: &svg, x: frame.right + 20, y: frame.top) }
        let title = "Plastic weights — \(run.summary.model)"
        FigureCanvas.decorate(&svg, title: title, caption: caption, captionTop: frame.bottom + 50)

        var headline: String
        if binned.isEmpty {
            headline = "no transmissions through plastic synapses in \(window.text)"
        } else {
            headline = "mean weight of \(FigureCanvas.count(transmissions)) transmissions through \(binned.count) "
                + "projection\(binned.count == 1 ? "" : "s"), from \(Self.number(allMeans.min()!)) to "
                + "\(Self.number(allMeans.max()!)) in \(PlotWindow.ms(binMs)) ms bins over \(window.text)"
            if leftOut > 0 { headline += " (\(shown.count) drawn, \(leftOut) that changed least left out)" }
        }
        return Figure(name: "weights", svg: svg.rendered(title: title, description: caption), caption: caption, headline: headline)
    }

    private static func caption(window: PlotWindow, binMs: Double, binned: [Binned], shown: [Binned], silent: [String],
                                dense: Bool, name: (ProjectionWeights) -> String) -> String {
        var text = "Mean weight of the transmissions through each projection's recorded plastic synapses "
            + "(weights.csv; a projection here is a source → target population pair) in \(PlotWindow.ms(binMs)) ms bins "
            + "over \(window.text), plotted at the bin centres. A synapse's weight changes only when a spike passes "
            + "through it, so a bin without transmissions carries the previous bin's mean; each line starts at its "
            + "projection's first transmission in the window."
            + (dense ? " With more bins than pixels, each pixel column shows the lowest and highest mean of its bins." : "")
            + " Weights are as recorded, in the synapse model's units (pA for current-based, nS for conductance-based synapses)."
        if !shown.isEmpty {
            text += " First → last bin mean (individual weights): " + shown.map {
                "\(name($0.pair)) \(number($0.first)) → \(number($0.last)) (\(number($0.low)) to \(number($0.high)))"
            }.joined(separator: ", ") + "."
        }
        let left = binned.count - shown.count
        if left > 0 {
            text += " Only the \(shown.count) of \(binned.count) projections whose mean changed most between their first "
                + "and last non-empty bin are drawn; \(left) left out."
        }
        if !silent.isEmpty {
            text += " No transmissions in the window: \(silent.joined(separator: ", "))."
        }
        return text
    }

    /// A weight to three significant digits, without trailing zeros ("20.3", "0.00125", "1500").
    static func number(_ x: Double) -> String {
        guard x != 0, x.isFinite else { return x.isFinite ? "0" : String(x) }
        let magnitude = Int(log10(abs(x)).rounded(.down))
        let decimals = min(12, max(0, 2 - magnitude))
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
