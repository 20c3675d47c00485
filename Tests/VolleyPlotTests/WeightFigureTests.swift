// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("Weight figure")
struct WeightFigureTests {
    /// Populations in summary.json order — the target first, so global ids 0–2 are islet0,
    /// 3–4 bell0 and 5–6 food0 — which the figure must map back.
    static let summary = """
        {"model": "conditioning", "resolution_ms": 0.1, "t_sim_ms": 100.0,
         "populations": {"islet0": {"n": 3, "spikes": 2, "rate_hz": 6.7},
                         "bell0": {"n": 2, "spikes": 1, "rate_hz": 5.0},
                         "food0": {"n": 2, "spikes": 1, "rate_hz": 5.0}}}
        """

    /// bell0 → islet0 rises: at 5, 15, …, 95 ms neuron 3 reaches islet0 neurons 0 and 1 with
    /// 1 + 0.2k and 1.2 + 0.2k, a bin mean of 1.1 + 0.2k in each 10 ms bin k. food0 → islet0
    /// falls: at 12, 32, …, 92 ms neuron 6 reaches neuron 2 with 5 − 0.5j, in every other bin.
    static var weights: String {
        var rows: [(t: Double, line: String)] = []
        for k in 0..<10 {
            let t = 5 + 10 * Double(k)
            rows.append((t, "\(t),3,0,\(1 + 0.2 * Double(k))"))
            rows.append((t, "\(t),3,1,\(1.2 + 0.2 * Double(k))"))
        }
        for j in 0..<5 {
            let t = 12 + 20 * Double(j)
            rows.append((t, "\(t),6,2,\(5 - 0.5 * Double(j))"))
        }
        return "t_ms,source,target,weight\n" + rows.sorted { $0.t < $1.t }.map(\.line).joined(separator: "\n") + "\n"
    }

    static let bellMeans = (0..<10).map { 1.1 + 0.2 * Double($0) }
    /// food0 → islet0 in bins 1…9: each mean carried through the empty bin after it.
    static let foodMeans = [5, 5, 4.5, 4.5, 4, 4, 3.5, 3.5, 3.0]

    /// A run folder written by hand; `weights` nil leaves weights.csv out.
    func runDirectory(weights: String? = Self.weights) throws -> String {
        let dir = try PlotFixtures.directory()
        try Self.summary.write(toFile: dir + "/summary.json", atomically: true, encoding: .utf8)
        try "population,neuron,t_ms\nbell0,0,5.0\nislet0,1,7.5\nfood0,1,12.0\nislet0,2,14.2\n"
            .write(toFile: dir + "/spikes.csv", atomically: true, encoding: .utf8)
        if let weights { try weights.write(toFile: dir + "/weights.csv", atomically: true, encoding: .utf8) }
        return dir
    }

    /// Undoes a frame's data → pixel mapping from the axis tick labels: each y label is drawn
    /// 0.35 em (12 px font) below its value's row, each x label centred on its value's column.
    func axes(_ svg: SVGTree) throws -> (x: (Double) -> Double, y: (Double) -> Double, yLabels: [Double]) {
        let labels = svg.all("text", inClass: "axes")
        let y = labels.filter { $0.attributes["text-anchor"] == "end" }
            .compactMap { l in Double(l.text).map { (value: $0, pixel: Double(l.attributes["y"]!)! - 4.2) } }
        let x = labels.filter { $0.attributes["text-anchor"] == "middle" }
            .compactMap { l in Double(l.text).map { (value: $0, pixel: Double(l.attributes["x"]!)!) } }
        let (y0, y1) = (try #require(y.first), try #require(y.last))
        let (x0, x1) = (try #require(x.first), try #require(x.last))
        return (x: { x0.value + ($0 - x0.pixel) / (x1.pixel - x0.pixel) * (x1.value - x0.value) },
                y: { y0.value + ($0 - y0.pixel) / (y1.pixel - y0.pixel) * (y1.value - y0.value) },
                yLabels: y.map(\.value))
    }

    func points(_ line: SVGTree.Element) -> [(x: Double, y: Double)] {
        (line.attributes["points"] ?? "").split(separator: " ").map {
            let xy = $0.split(separator: ",")
            return (Double(xy[0])!, Double(xy[1])!)
        }
    }

    @Test("one line per population pair: the mean weight per bin, empty bins carrying the last mean")
    func linesPerPair() throws {
        let run = try RecordedRun.load(directory: try runDirectory())
        let figures = try RunPlotter.figures(run, options: PlotOptions(binMs: 10))
        #expect(figures.map(\.name) == ["raster", "rates", "weights"])
        let figure = try #require(figures.last)
        let svg = try #require(SVGTree(figure.svg), "weights.svg is not well-formed XML")
        let lines = svg.all("polyline", inClass: "weight")
        #expect(lines.map { $0.attributes["data-pair"] } == ["bell0 → islet0", "food0 → islet0"])
        #expect(lines.map { $0.attributes["data-transmissions"] } == ["20", "5"])
        #expect(svg.all("text", inClass: "legend").map(\.text) == ["bell0 → islet0", "food0 → islet0"])
        #expect(svg.texts.contains("weight") && svg.texts.contains("time (ms)"))
        #expect(svg.texts.contains("Plastic weights — conditioning"))

        let (toX, toY, yLabels) = try axes(svg)
        // The y axis covers every bin mean, on round ticks.
        #expect(yLabels.first! <= 1.1 && yLabels.last! >= 5)
        #expect(yLabels.last! - yLabels.first! <= 8)
        let bell = points(lines[0]), food = points(lines[1])
        #expect(bell.count == 10 && food.count == 9)
        // Pixels are rounded to a tenth: within 0.05 px of a 320 px axis spanning a few weight units.
        for (drawn, expected) in zip(bell, Self.bellMeans) { #expect(abs(toY(drawn.y) - expected) < 0.01) }
        for (drawn, expected) in zip(food, Self.foodMeans) { #expect(abs(toY(drawn.y) - expected) < 0.01) }
        // Bin centres: 5, 15, …, 95 ms; food0 → islet0 starts in its first non-empty bin, at 15 ms.
        #expect(zip(bell, stride(from: 5.0, to: 100, by: 10)).allSatisfy { abs(toX($0.x) - $1) < 0.1 })
        #expect(zip(food, stride(from: 15.0, to: 100, by: 10)).allSatisfy { abs(toX($0.x) - $1) < 0.1 })
        #expect(abs(Double(lines[0].attributes["data-first"]!)! - 1.1) < 1e-9)
        #expect(abs(Double(lines[0].attributes["data-last"]!)! - 2.9) < 1e-9)
        #expect(lines[1].attributes["data-first"] == "5.0" && lines[1].attributes["data-last"] == "3.0")

        #expect(figure.headline == "mean weight of 25 transmissions through 2 projections, from 1.1 to 5 in 10 ms bins over (0, 100] ms")
        #expect(figure.caption.contains("bell0 → islet0 1.1 → 2.9 (1 to 3)"))
        #expect(figure.caption.contains("food0 → islet0 5 → 3 (3 to 5)"))
        #expect(figure.caption.contains("carries the previous bin's mean"))
    }

    @Test("the plot window and bins apply, as they do to the rates")
    func window() throws {
        let run = try RecordedRun.load(directory: try runDirectory())
        let figure = try #require(WeightFigure.make(run, window: PlotWindow(start: 40, stop: 100), binMs: 20))
        let lines = try #require(SVGTree(figure.svg)).all("polyline", inClass: "weight")
        // (40, 100] in 20 ms bins: bell0 → islet0 at 45 … 95 ms, 12 transmissions, first bin mean
        // (1.8 + 2.0 + 2.0 + 2.2) / 4; food0 → islet0 at 52, 72 and 92 ms, 4 down to 3.
        #expect(lines.map { $0.attributes["data-transmissions"] } == ["12", "3"])
        #expect(abs(Double(lines[0].attributes["data-first"]!)! - 2) < 1e-9)
        #expect(points(lines[0]).count == 3)
        #expect(figure.headline.hasPrefix("mean weight of 15 transmissions through 2 projections, from 2 to 4 "))
        #expect(figure.headline.hasSuffix("over (40, 100] ms"))
    }

    @Test("volley plot writes weights.svg when the run has weights.csv, and says why not when it has none")
    func plotWritesOrExplains() throws {
        let dir = try runDirectory()
        let report = try RunPlotter.plot(runDirectory: dir, options: PlotOptions(binMs: 10), renderer: nil)
        #expect(report.files.contains(dir + "/plots/weights.svg"))
        #expect(FileManager.default.fileExists(atPath: dir + "/plots/weights.svg"))
        #expect(report.lines.contains { $0.contains("weights.svg: mean weight of 25 transmissions through 2 projections") })
        #expect(!report.lines.contains { $0.contains("no weights figure") })

        let bare = try runDirectory(weights: nil)
        let run = try RecordedRun.load(directory: bare)
        #expect(run.weights == nil)
        #expect(try RunPlotter.figures(run, options: PlotOptions()).map(\.name) == ["raster", "rates"])
        let bareReport = try RunPlotter.plot(runDirectory: bare, options: PlotOptions(), renderer: nil)
        #expect(!bareReport.files.contains { $0.hasSuffix("weights.svg") })
        #expect(bareReport.lines.contains("  no weights figure: the run recorded no plastic weights (no weights.csv)"))
    }

    @Test("a weights.csv with only its header still gets a figure, saying nothing was transmitted")
    func headerOnly() throws {
        let run = try RecordedRun.load(directory: try runDirectory(weights: "t_ms,source,target,weight\n"))
        #expect(run.weights == [])
        let figure = try #require(WeightFigure.make(run, window: PlotWindow(start: 0, stop: 100), binMs: 5))
        let svg = try #require(SVGTree(figure.svg))
        #expect(svg.all("polyline", inClass: "weight").isEmpty)
        #expect(figure.headline == "no transmissions through plastic synapses in (0, 100] ms")
    }

    @Test("with more than 12 pairs, the 12 that changed most are drawn and the headline counts the rest")
    func mostChanged() throws {
        // Pair i (p_i → out) goes from 1 to 1 + i, except pair 5 which falls by 20.
        let names = (0..<14).map { "p\($0)" } + ["out"]
        let pairs = (0..<14).map { i in
            var w = ProjectionWeights(source: i, target: 14)
            w.append(time: 10, weight: 1)
            w.append(time: 90, weight: i == 5 ? -19 : 1 + Double(i))
            return w
        }
        let summary = RunSummary(model: "many", resolutionMs: 0.1, tSimMs: 100,
                                 populations: names.map { RunSummary.Population(name: $0, size: 1) })
        let run = RecordedRun(summary: summary, spikes: SpikeTable(), weights: pairs)
        let figure = try #require(WeightFigure.make(run, window: PlotWindow(start: 0, stop: 100), binMs: 5))
        let lines = try #require(SVGTree(figure.svg)).all("polyline", inClass: "weight")
        #expect(lines.map { $0.attributes["data-source"] } == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map { "p\($0)" })
        #expect(figure.headline.contains("28 transmissions through 14 projections, from -19 to 14 "))
        #expect(figure.headline.hasSuffix("(12 drawn, 2 that changed least left out)"))
        #expect(figure.caption.contains("Only the 12 of 14 projections whose mean changed most"))
    }

    @Test("transmissions at one time stamp merge into one entry per pair")
    func merging() {
        var w = ProjectionWeights(source: 0, target: 1)
        w.append(time: 1, weight: 2)
        w.append(time: 1, weight: 4)
        w.append(time: 1.5, weight: 3)
        #expect(w.time == [1, 1.5] && w.count == [2, 1] && w.sum == [6, 3])
        #expect(w.low == [2, 3] && w.high == [4, 3] && w.transmissions == 3)
    }

    @Test("a malformed weights.csv is refused, naming the file and the line", arguments: [
        ("t_ms,source,target,weight\n5.0,3,0,1.0\n5.0,3,x,1.0\n", "weights.csv: line 3: target 'x' is not a non-negative integer"),
        ("t_ms,source,target,weight\n5.0,7,0,1.0\n", "weights.csv: line 2: source 7 is past the last neuron"),
        ("t_ms,source,target,weight\n5.0,3,0\n", "weights.csv: line 2 has 3 fields, not 4"),
        ("t_ms,source,target,weight\nsoon,3,0,1.0\n", "weights.csv: line 2: t_ms 'soon' is not a number"),
        ("t_ms,source,target,weight\n5.0,3,0,heavy\n", "weights.csv: line 2: weight 'heavy' is not a number"),
        ("t_ms,source,target,weight\n5.0,3,0,1\n\n4.9,3,0,1\n", "weights.csv: line 4: t_ms 4.9 comes after 5.0"),
        ("t,s,d,w\n5.0,3,0,1\n", "weights.csv: line 1 is 't,s,d,w', not the header"),
        ("", "weights.csv: the file is empty"),
    ])
    func malformed(text: String, message: String) throws {
        let dir = try runDirectory(weights: text)
        #expect {
            _ = try RecordedRun.load(directory: dir)
        } throws: { error in
            (error as? PlotInputError)?.message.contains(message) == true
        }
        #expect(throws: PlotInputError.self) { try RunPlotter.plot(runDirectory: dir, options: PlotOptions(), renderer: nil) }
    }
}
