// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Population rates over time: one line per population of its spikes per neuron per second in
/// bins of `binMs`, with the run's mean rate from summary.json in the legend.
public enum RateFigure {
    public static func make(_ run: RecordedRun, window: PlotWindow, binMs: Double) -> Figure {
        let populations = run.summary.populations
        let rates = PopulationRates(spikes: run.spikes, sizes: populations.map(\.size), window: window, binMs: binMs)
        let peak = rates.ratesHz.flatMap { $0 }.max() ?? 0
        let yTicks = NiceTicks(from: 0, to: peak, target: 6, expand: true)
        let legend = Legend(populations.enumerated().map { p, population in
            (label: "\(population.name): mean \(population.rateHz.map(Self.hz) ?? "?") Hz", colour: Palette.colour(p))
        })
        let legendSize = legend.size()
        let frame = PlotFrame(left: 80, top: FigureCanvas.titleBand, width: FigureCanvas.width - 80 - legendSize.width - 40,
                              height: max(320, legendSize.height), x: window.start...window.stop,
                              y: yTicks.lower...yTicks.upper)
        let lastWidth = rates.edges[rates.edges.count - 1] - rates.edges[rates.edges.count - 2]
        let caption = "Spikes per neuron per second in \(PlotWindow.ms(binMs)) ms bins over \(window.text), "
            + "plotted at the bin centres" + (lastWidth < binMs - 1e-9 ? " (the last bin is shorter; its rate is over its own width)" : "")
            + (rates.counts.first.map { $0.count > 2 * Int(frame.width) } == true
                ? "; with more bins than pixels, each pixel column shows the lowest and highest rate of its bins" : "")
            + ". Legend: each population's mean rate over the whole run, from summary.json."
        let height = frame.bottom + 50 + FigureCanvas.captionHeight(caption)
        var svg = SVGDocument(width: FigureCanvas.width, height: height)
        frame.drawAxes(into: &svg, x: NiceTicks(from: window.start, to: window.stop, target: 10), y: yTicks,
                       xLabel: "time (ms)", yLabel: "rate (spikes/neuron/s)")
        for (p, population) in populations.enumerated() where population.size > 0 {
            let points = rates.ratesHz[p].indices.map { (x: rates.centre($0), y: rates.ratesHz[p][$0]) }
            frame.drawLine(points, colour: Palette.colour(p), into: &svg,
                           attributes: [("class", "rate"), ("data-population", population.name)])
        }
        legend.draw(into: &svg, x: frame.right + 20, y: frame.top)
        let title = "Population rates — \(run.summary.model)"
        FigureCanvas.decorate(&svg, title: title, caption: caption, captionTop: frame.bottom + 50)
        let headline = "rates of \(populations.count) populations in \(PlotWindow.ms(binMs)) ms bins over \(window.text)"
        return Figure(name: "rates", svg: svg.rendered(title: title, description: caption), caption: caption, headline: headline)
    }

    /// A rate with one decimal ("8.3").
    static func hz(_ r: Double) -> String {
        let tenths = Int((r * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
