// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("Raster figure")
struct RasterFigureTests {
    @Test("every spike in the window is one stroke, in its population's path")
    func strokesAreSpikesInWindow() throws {
        // Distinct spikes: a neuron's two spikes in one step would share a mark.
        var seen = Set<String>()
        let spikes = PlotFixtures.spikes(count: 900, sizes: [30, 12], tSim: 100).filter { seen.insert("\($0)").inserted }
        let run = PlotFixtures.run(populations: [("E", 30, 20), ("I", 12, 40)], spikes: spikes)
        let window = PlotWindow(start: 20, stop: 60)
        let figure = RasterFigure.make(run, window: window, maxNeurons: 100)
        let svg = try #require(SVGTree(figure.svg), "the raster is not well-formed XML")
        let paths = svg.all("path", inClass: "spikes")
        #expect(paths.map { $0.attributes["data-population"] } == ["E", "I"])
        for (p, name) in ["E", "I"].enumerated() {
            let expected = spikes.filter { $0.0 == p && $0.2 > 20 && $0.2 <= 60 }.count
            let path = try #require(paths.first { $0.attributes["data-population"] == name })
            #expect(PlotFixtures.marks(path.attributes["d"] ?? "") == expected)
            #expect(path.attributes["data-marks"] == String(expected))
            #expect(path.attributes["data-merged"] == "0")
        }
        #expect(svg.texts.contains("E") && svg.texts.contains("I"))
        #expect(svg.texts.contains("time (ms)"))
        #expect(figure.caption.contains("every neuron"))
    }

    @Test("time ticks stay inside the window and are round numbers")
    func ticks() throws {
        let run = PlotFixtures.run(populations: [("E", 5, nil)], spikes: [(0, 1, 30)], tSim: 1000)
        let svg = try #require(SVGTree(RasterFigure.make(run, window: PlotWindow(start: 250, stop: 750), maxNeurons: 10).svg))
        let labels = svg.all("text", inClass: "axes").compactMap { Double($0.text) }
        #expect(labels == [250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 750])
    }

    @Test("large populations are subsampled to the cap, and the caption says so")
    func subsampling() throws {
        // Every neuron fires once, so strokes count shown neurons.
        let spikes = (0..<1000).map { (0, $0, Double(1 + $0 % 90)) } + (0..<20).map { (1, $0, 50.0) }
        let run = PlotFixtures.run(populations: [("big", 1000, nil), ("small", 20, nil)], spikes: spikes)
        let figure = RasterFigure.make(run, window: PlotWindow(start: 0, stop: 100), maxNeurons: 50)
        let svg = try #require(SVGTree(figure.svg))
        let paths = svg.all("path", inClass: "spikes")
        let big = try #require(paths.first { $0.attributes["data-population"] == "big" }?.attributes["d"])
        let small = try #require(paths.first { $0.attributes["data-population"] == "small" }?.attributes["d"])
        #expect(PlotFixtures.marks(big) == 50)
        #expect(PlotFixtures.marks(small) == 20)
        // Each shown neuron has its own row: 50 distinct heights.
        let rows = Set(big.split(separator: "M").compactMap { $0.split(separator: " ").last?.split(separator: "v").first })
        #expect(rows.count == 50)
        #expect(figure.caption.contains("big 50 of 1,000"))
        #expect(figure.caption.contains("--max-neurons"))
        #expect(!figure.caption.contains("small 20"))
    }

    @Test("a subsample is evenly spaced, distinct and exactly the cap", arguments: [(10_000, 100), (2_500, 100), (101, 100), (7, 3)])
    func evenSubsample(size: Int, cap: Int) {
        let s = NeuronSubsample(size: size, cap: cap)
        #expect(s.shown.count == cap)
        #expect(zip(s.shown.dropFirst(), s.shown).allSatisfy { $0 > $1 })
        #expect(s.shown.first! >= 0 && s.shown.last! < size)
        let gaps = zip(s.shown.dropFirst(), s.shown).map { $0 - $1 }
        #expect(gaps.max()! - gaps.min()! <= 1)
        #expect(s.shown.enumerated().allSatisfy { s.row(of: $0.element) == $0.offset })
        #expect(NeuronSubsample(size: 5, cap: 5).isComplete && NeuronSubsample(size: 5, cap: 100).isComplete)
    }

    @Test("Brunel's size — 12,500 neurons, 460,000 spikes — gives an SVG of well under a few MB")
    func bigRunStaysSmall() throws {
        let spikes = PlotFixtures.spikes(count: 460_000, sizes: [10_000, 2_500], tSim: 1000)
        let run = PlotFixtures.run(populations: [("E", 10_000, 36.8), ("I", 2_500, 36.8)], spikes: spikes, tSim: 1000)
        let figure = RasterFigure.make(run, window: PlotWindow(start: 0, stop: 1000), maxNeurons: 100)
        #expect(figure.svg.utf8.count < 1_500_000, "raster.svg is \(figure.svg.utf8.count) bytes")
        let svg = try #require(SVGTree(figure.svg))
        let paths = svg.all("path", inClass: "spikes")
        let marks = paths.map { PlotFixtures.marks($0.attributes["d"] ?? "") }.reduce(0, +)
        let merged = paths.compactMap { $0.attributes["data-merged"].flatMap { Int($0) } }.reduce(0, +)
        let shown = Set((NeuronSubsample(size: 10_000, cap: 100).shown))
        let shownI = Set((NeuronSubsample(size: 2_500, cap: 100).shown))
        // Every spike of a shown neuron is a mark, or shares the mark of one within half a pixel.
        #expect(marks + merged == spikes.filter { $0.0 == 0 ? shown.contains($0.1) : shownI.contains($0.1) }.count)
        #expect(merged < marks / 100)
    }

    @Test("a neuron's spikes within half a pixel share one mark, and the caption counts them")
    func closeSpikesShareAMark() throws {
        // 0.1 ms apart over a 1 s window of 850 px: about a tenth of a pixel.
        let spikes = [(0, 0, 100.0), (0, 0, 100.1), (0, 0, 500.0), (0, 1, 100.1)]
        let run = PlotFixtures.run(populations: [("E", 2, nil)], spikes: spikes, tSim: 1000)
        let figure = RasterFigure.make(run, window: PlotWindow(start: 0, stop: 1000), maxNeurons: 10)
        let svg = try #require(SVGTree(figure.svg))
        #expect(PlotFixtures.marks(svg.all("path", inClass: "spikes")[0].attributes["d"] ?? "") == 3)
        #expect(figure.caption.hasPrefix("4 spikes drawn"))
        #expect(figure.caption.contains("1 of them, within half a pixel"))
    }

    @Test("names are escaped, so any population name gives valid XML")
    func escaping() throws {
        let run = PlotFixtures.run(populations: [("a<&>\"'b", 3, nil)], spikes: [(0, 0, 1)])
        let svg = try #require(SVGTree(RasterFigure.make(run, window: PlotWindow(start: 0, stop: 100), maxNeurons: 10).svg))
        #expect(svg.texts.contains("a<&>\"'b"))
    }
}
