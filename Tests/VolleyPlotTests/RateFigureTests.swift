// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("Rate figure")
struct RateFigureTests {
    @Test("rates are spikes per neuron per second in each bin")
    func ratesPerBin() {
        // 4 neurons, 8 spikes in (0, 5] and 2 in (5, 10]: 400 Hz and 100 Hz.
        let spikes = (0..<8).map { (0, $0 % 4, 0.1 + Double($0) * 0.5) } + [(0, 1, 7.0), (0, 2, 10.0)]
        let rates = PopulationRates(spikes: SpikeTable(spikes.map { ($0.0, $0.1, $0.2) }), sizes: [4],
                                    window: PlotWindow(start: 0, stop: 10), binMs: 5)
        #expect(rates.edges == [0, 5, 10])
        #expect(rates.counts == [[8, 2]])
        #expect(rates.ratesHz[0].map { ($0 * 1e6).rounded() / 1e6 } == [400, 100])
    }

    @Test("the last bin may be shorter; its rate is over its own width")
    func shortLastBin() {
        let rates = PopulationRates(spikes: SpikeTable([(0, 0, 11.0)]), sizes: [1], window: PlotWindow(start: 0, stop: 12), binMs: 5)
        #expect(rates.edges == [0, 5, 10, 12])
        #expect(abs(rates.ratesHz[0][2] - 500) < 1e-9)
    }

    @Test("one line per population with a point per bin, the summary's mean rate in the legend")
    func figure() throws {
        let spikes = PlotFixtures.spikes(count: 2_000, sizes: [40, 10], tSim: 200)
        let run = PlotFixtures.run(populations: [("E", 40, 12.5), ("I", 10, 50)], spikes: spikes, tSim: 200)
        let figure = RateFigure.make(run, window: PlotWindow(start: 0, stop: 200), binMs: 5)
        let svg = try #require(SVGTree(figure.svg))
        let lines = svg.all("polyline", inClass: "rate")
        #expect(lines.map { $0.attributes["data-population"] } == ["E", "I"])
        for line in lines {
            #expect(line.attributes["points"]?.split(separator: " ").count == 40)
        }
        #expect(svg.texts.contains("E: mean 12.5 Hz"))
        #expect(svg.texts.contains("I: mean 50.0 Hz"))
        #expect(svg.texts.contains("rate (spikes/neuron/s)"))
        // y ticks: from 0, evenly spaced, the top one at or above the highest rate.
        let rates = PopulationRates(spikes: run.spikes, sizes: [40, 10], window: PlotWindow(start: 0, stop: 200), binMs: 5)
        let peak = rates.ratesHz.flatMap { $0 }.max()!
        let yLabels = svg.all("text", inClass: "axes").filter { $0.attributes["text-anchor"] == "end" }.compactMap { Double($0.text) }
        #expect(yLabels.first == 0)
        #expect(yLabels.last! >= peak)
        #expect(yLabels.count >= 3 && yLabels.count <= 10)
        let steps = zip(yLabels.dropFirst(), yLabels).map { $0 - $1 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) < 1e-9 })
    }

    @Test("a line with far more points than pixels keeps each column's lowest and highest point")
    func decimation() throws {
        let points = (0..<32_000).map { (x: Double($0) / 40, y: Double(($0 * 7919) % 1000)) }
        let thin = LineDecimator.minMax(points, columns: 800)
        #expect(thin.count <= 1_600 && thin.count >= 800)
        #expect(thin.map(\.y).max() == 999 && thin.map(\.y).min() == 0)
        #expect(zip(thin.dropFirst(), thin).allSatisfy { $0.x >= $1.x })
        let few = Array(points.prefix(100))
        #expect(LineDecimator.minMax(few, columns: 800).count == 100)
    }

    @Test("counts over all bins are the spikes in the window")
    func countsSumToWindow() {
        let spikes = PlotFixtures.spikes(count: 5_000, sizes: [7, 3, 11], tSim: 300)
        let window = PlotWindow(start: 33.3, stop: 250)
        let rates = PopulationRates(spikes: SpikeTable(spikes.map { ($0.0, $0.1, $0.2) }), sizes: [7, 3, 11], window: window, binMs: 2.5)
        #expect(rates.counts.flatMap { $0 }.reduce(0, +) == spikes.filter { window.contains($0.2) }.count)
    }
}
