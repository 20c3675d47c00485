// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyPlot
import VolleyFormats

@Suite("SVG plotting layer")
struct PlotLayerTests {
    let frame = PlotFrame(left: 50, top: 20, width: 400, height: 200, x: 0...10, y: 0...100)

    @Test("data map to pixels, y upwards")
    func mapping() {
        #expect(frame.px(0) == 50 && frame.px(10) == 450 && frame.px(5) == 250)
        #expect(frame.py(0) == 220 && frame.py(100) == 20)
    }

    @Test("points, bars, a line, a legend and axes make a well-formed document")
    func marks() throws {
        var svg = SVGDocument(width: 500, height: 300)
        frame.drawAxes(into: &svg, x: NiceTicks(from: 0, to: 10, target: 5), y: NiceTicks(from: 0, to: 100, target: 4),
                       xLabel: "x (ms)", yLabel: "y")
        frame.drawPoints([(1, 10), (2, 20), (3, 30)], colour: "#000000", into: &svg)
        frame.drawBars(edges: [0, 2, 4, 6], counts: [5, 0, 70], colour: "#0072B2", into: &svg)
        frame.drawLine([(0, 0), (5, 50), (10, 100)], colour: "#D55E00", into: &svg)
        Legend([(label: "one", colour: "#000000"), (label: "two", colour: "#D55E00")]).draw(into: &svg, x: 400, y: 30)
        let tree = try #require(SVGTree(svg.rendered(title: "t & u", description: "d < e")))
        #expect(tree.all("circle").count == 3)
        let bars = tree.all("rect", classed: "bar")
        #expect(bars.compactMap { $0.attributes["data-count"] } == ["5", "0", "70"])
        // The 70 bar reaches from the x axis up 70% of the height.
        #expect(bars[2].attributes["height"] == "140" && bars[2].attributes["y"] == "80")
        #expect(tree.all("polyline").first?.attributes["points"] == "50,220 250,120 450,20")
        #expect(tree.texts.contains("x (ms)") && tree.texts.contains("two"))
        #expect(tree.all("title").first?.text == "t & u")
        #expect(tree.all("text", inClass: "axes").map(\.text).contains("100"))
    }
}
