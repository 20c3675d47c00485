// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("Phase figure")
struct PhaseFigureTests {
    /// A 10 Hz rhythm from phase 0, a row every ms as rhythms.csv has it (phase wrapped).
    static let tenHz = RhythmTimeline(name: "theta", rows: (0..<1000).map { k in
        (startMs: Double(k), phase: (2 * Double.pi * 10 * Double(k) / 1000).truncatingRemainder(dividingBy: 2 * Double.pi),
         frequencyHz: 10)
    })

    @Test("the phase between epoch rows is the row's phase plus 2π·f·Δt")
    func extrapolation() {
        let t = Self.tenHz
        #expect(abs(t.phase(atMs: 25) - Double.pi / 2) < 1e-9)
        #expect(abs(t.phase(atMs: 25.5) - 2 * Double.pi * 10 * 0.0255) < 1e-9)
        #expect(abs(t.phase(atMs: 150) - Double.pi) < 1e-9)
        #expect(t.phase(atMs: 100) < 1e-9 || t.phase(atMs: 100) > 2 * Double.pi - 1e-9)
    }

    @Test("spikes land in the bin of their phase, measured at the start of their step")
    func histogramBins() {
        // Stamps t are ends of steps: the phase is taken at t − 0.1 ms. A quarter cycle is 25 ms,
        // so 12.5 ms is the middle of the first bin.
        let times = [0.1, 12.6, 37.6, 37.6, 62.6, 87.6]
        let h = PhaseHistogram(times: times, timeline: Self.tenHz, resolutionMs: 0.1, bins: 4)
        #expect(h.counts == [2, 2, 1, 1])
        #expect(h.total == times.count)
        #expect(h.edges.count == 5 && abs(h.edges[4] - 2 * Double.pi) < 1e-12)
    }

    @Test("a panel per population and rhythm; its bars count every spike; vector strength in its title")
    func panels() throws {
        let spikes = PlotFixtures.spikes(count: 1_500, sizes: [20, 8], tSim: 999)
        let gamma = RhythmTimeline(name: "gamma", rows: [(startMs: 0, phase: 0, frequencyHz: 40)])
        let run = PlotFixtures.run(
            populations: [("E", 20, nil), ("I", 8, nil)], spikes: spikes, tSim: 999, rhythms: [Self.tenHz, gamma],
            vectorStrength: ["E": ["theta": 0.4242, "gamma": 0.1], "I": ["theta": 0.9]])
        let figure = try #require(PhaseFigure.make(run, bins: 24))
        let svg = try #require(SVGTree(figure.svg))
        let panels = svg.all("g", classed: "panel")
        #expect(panels.map { "\($0.attributes["data-population"]!)·\($0.attributes["data-rhythm"]!)" }
            == ["E·theta", "E·gamma", "I·theta", "I·gamma"])
        let bars = svg.all("rect", inClass: "bar")
        #expect(bars.count == 4 * 24)
        let total = bars.compactMap { $0.attributes["data-count"].flatMap { Int($0) } }.reduce(0, +)
        #expect(total == 2 * spikes.count)
        #expect(svg.texts.contains("E · theta  VS 0.42"))
        #expect(svg.texts.contains("I · theta  VS 0.90"))
        #expect(svg.texts.contains("I · gamma"))
        #expect(svg.texts.contains("π") && svg.texts.contains("2π"))
    }

    @Test("rhythms that are off and populations without spikes get no panel, and the caption says so")
    func skipped() throws {
        let run = PlotFixtures.run(
            populations: [("A", 3, nil), ("quiet", 3, nil)], spikes: [(0, 0, 10), (0, 1, 20)],
            rhythms: [Self.tenHz, RhythmTimeline(name: "dead", rows: [(startMs: 0, phase: 0, frequencyHz: 0)])],
            summaryRhythms: [RunSummary.Rhythm(name: "theta", frequencyHz: 10), RunSummary.Rhythm(name: "dead", mode: "off")])
        let figure = try #require(PhaseFigure.make(run, bins: 12))
        let svg = try #require(SVGTree(figure.svg))
        #expect(svg.all("g", classed: "panel").count == 1)
        #expect(figure.caption.contains("switched off: dead"))
        #expect(figure.caption.contains("No spikes: quiet"))
    }

    @Test("no rhythms, no figure")
    func noRhythms() {
        #expect(PhaseFigure.make(PlotFixtures.run(populations: [("E", 3, nil)], spikes: [(0, 0, 1)]), bins: 24) == nil)
    }
}
