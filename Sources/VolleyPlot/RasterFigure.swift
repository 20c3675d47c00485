// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The raster plot: each spike a short stroke at (time, neuron), populations stacked top to
/// bottom in model order, each in its colour and named at the left; large populations are
/// thinned to evenly spaced neurons, and the caption says so.
public enum RasterFigure {
    public static func make(_ run: RecordedRun, window: PlotWindow, maxNeurons: Int) -> Figure {
        let populations = run.summary.populations
        let samples = populations.map { NeuronSubsample(size: $0.size, cap: maxNeurons) }
        let rowsPerPopulation = samples.map(\.shown.count)
        let rows = max(1, rowsPerPopulation.reduce(0, +))
        // Rows of about 3 px: a tick per spike stays visible, 200 neurons fill a screen.
        let plotHeight = min(720, max(240, Double(rows) * 3))
        let frame = PlotFrame(left: 110, top: FigureCanvas.titleBand, width: 850, height: plotHeight,
                              x: window.start...window.stop, y: 0...Double(rows))
        let rowHeight = plotHeight / Double(rows)
        let tick = max(1, rowHeight * 0.8)

        var firstRow: [Int] = []
        var running = 0
        for n in rowsPerPopulation {
            firstRow.append(running)
            running += n
        }
        var paths = populations.map { _ in PathData() }
        let spikes = run.spikes
        var inWindow = 0
        var merged = populations.map { _ in 0 }
        // Per row, the half-pixel column of its last mark: a neuron's spikes closer than that
        // would draw the same mark again (spikes.csv is in time order, so they come in a row).
        var lastColumn = [Int](repeating: Int.min, count: rows)
        for i in 0..<spikes.count {
            let t = spikes.time[i]
            guard window.contains(t) else { continue }
            inWindow += 1
            let p = Int(spikes.population[i])
            guard let row = samples[p].row(of: Int(spikes.neuron[i])) else { continue }
            let x = frame.px(t)
            let column = Int((2 * x).rounded(.down))
            if lastColumn[firstRow[p] + row] == column {
                merged[p] += 1
                continue
            }
            lastColumn[firstRow[p] + row] = column
            // Row 0 is the top of the plot; data y grows upwards.
            let y = frame.py(Double(rows - firstRow[p] - row) - 0.5)
            paths[p].move(x: x, y: y - tick / 2)
            paths[p].vertical(tick)
        }

        let totalMerged = merged.reduce(0, +)
        let drawn = paths.reduce(0) { $0 + $1.marks } + totalMerged
        let caption = Self.caption(run, window: window, samples: samples, drawn: drawn, inWindow: inWindow, maxNeurons: maxNeurons)
            + (totalMerged > 0 ? " \(FigureCanvas.count(totalMerged)) of them, within half a pixel of their neuron's previous "
                + "spike, share its mark." : "")
        let height = frame.bottom + 50 + FigureCanvas.captionHeight(caption)
        var svg = SVGDocument(width: FigureCanvas.width, height: height)
        frame.drawAxes(into: &svg, x: NiceTicks(from: window.start, to: window.stop, target: 10), y: nil,
                       xLabel: "time (ms)", yLabel: "")
        svg.text("neurons", x: 18, y: frame.top + plotHeight / 2, size: 12, anchor: .middle, rotation: -90)
        for (p, population) in populations.enumerated() where rowsPerPopulation[p] > 0 {
            let bandTop = frame.top + Double(firstRow[p]) * rowHeight
            let bandHeight = Double(rowsPerPopulation[p]) * rowHeight
            if firstRow[p] > 0 {
                svg.line(x1: frame.left, y1: bandTop, x2: frame.right, y2: bandTop, stroke: "#bbbbbb", dash: "4 3")
            }
            let size = min(12, bandHeight * 0.9)
            if size >= 6 {
                svg.text(population.name, x: frame.left - 8, y: bandTop + bandHeight / 2 + size * 0.35, size: size,
                         anchor: .end, bold: true, fill: Palette.colour(p))
            }
            svg.path(paths[p].text, stroke: Palette.colour(p), width: 1.2,
                     attributes: [("class", "spikes"), ("data-population", population.name),
                                  ("data-marks", String(paths[p].marks)), ("data-merged", String(merged[p]))])
        }
        let title = "Spike raster — \(run.summary.model)"
        FigureCanvas.decorate(&svg, title: title, caption: caption, captionTop: frame.bottom + 50)
        let headline = "\(FigureCanvas.count(drawn)) spikes of \(FigureCanvas.count(rowsPerPopulation.reduce(0, +))) neurons "
            + "in \(window.text)" + (samples.allSatisfy(\.isComplete) ? "" : " (subsampled, --max-neurons \(maxNeurons))")
        return Figure(name: "raster", svg: svg.rendered(title: title, description: caption), caption: caption, headline: headline)
    }

    private static func caption(_ run: RecordedRun, window: PlotWindow, samples: [NeuronSubsample], drawn: Int,
                                inWindow: Int, maxNeurons: Int) -> String {
        let populations = run.summary.populations
        let thinned = samples.indices.filter { !samples[$0].isComplete }
        var text = "\(FigureCanvas.count(drawn)) spikes drawn"
        if thinned.isEmpty {
            text += " (every neuron) in \(window.text)."
        } else {
            text += " of \(FigureCanvas.count(inWindow)) in \(window.text). Large populations are subsampled "
                + "to at most \(maxNeurons) evenly spaced neurons (--max-neurons): "
                + thinned.map { "\(populations[$0].name) \(samples[$0].shown.count) of \(FigureCanvas.count(samples[$0].size))" }
                    .joined(separator: ", ") + "."
        }
        return text + " Populations top to bottom in model order: "
            + populations.map { "\($0.name) (\(FigureCanvas.count($0.size)))" }.joined(separator: ", ") + "."
    }
}
