// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The marks a frame draws in data coordinates: lines, points and histogram bars.
extension PlotFrame {
    /// A line through `points` (data coordinates, x ascending), thinned to each pixel column's
    /// lowest and highest point when it has far more points than the frame has pixels.
    public func drawLine(_ points: [(x: Double, y: Double)], colour: String, into svg: inout SVGDocument,
                         width: Double = 1.5, attributes: [(String, String)] = []) {
        let pixels = points.map { (x: px($0.x), y: py($0.y)) }
        svg.polyline(LineDecimator.minMax(pixels, columns: Int(self.width)), stroke: colour, width: width, attributes: attributes)
    }

    /// One dot per point (data coordinates).
    public func drawPoints(_ points: [(x: Double, y: Double)], colour: String, radius: Double = 2,
                           into svg: inout SVGDocument) {
        svg.beginGroup([("class", "points"), ("fill", colour)])
        for p in points { svg.circle(cx: px(p.x), cy: py(p.y), r: radius, fill: colour) }
        svg.endGroup()
    }

    /// Histogram bars: bin `i` spans `edges[i] ..< edges[i + 1]` and is `counts[i]` high. Each
    /// bar carries its count (`data-count`), so what was drawn can be read back exactly.
    public func drawBars(edges: [Double], counts: [Int], colour: String, into svg: inout SVGDocument) {
        precondition(edges.count == counts.count + 1, "a histogram needs one more edge than bins")
        svg.beginGroup([("class", "bars")])
        for (i, count) in counts.enumerated() {
            let x0 = px(edges[i]), x1 = px(edges[i + 1])
            let y = py(Double(count))
            // A hairline gap between bars keeps neighbouring bins apart at any zoom.
            svg.rect(x: x0 + 0.5, y: y, width: max(0, x1 - x0 - 1), height: max(0, bottom - y), fill: colour,
                     attributes: [("class", "bar"), ("data-count", String(count))])
        }
        svg.endGroup()
    }
}
