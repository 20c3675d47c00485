// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// A rectangle of the canvas mapped to a data range on each axis: it turns data into pixels and
/// draws the axes, ticks and labels around itself.
public struct PlotFrame: Sendable {
    public let left: Double
    public let top: Double
    public let width: Double
    public let height: Double
    /// The data range shown along x (left to right) and y (bottom to top).
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>

    public init(left: Double, top: Double, width: Double, height: Double,
                x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.xRange = x
        self.yRange = y
    }

    public var right: Double { left + width }
    public var bottom: Double { top + height }

    /// The pixel column of data value `x`.
    public func px(_ x: Double) -> Double {
        let span = xRange.upperBound - xRange.lowerBound
        return span > 0 ? left + (x - xRange.lowerBound) / span * width : left
    }

    /// The pixel row of data value `y` (larger values higher up).
    public func py(_ y: Double) -> Double {
        let span = yRange.upperBound - yRange.lowerBound
        return span > 0 ? bottom - (y - yRange.lowerBound) / span * height : bottom
    }

    /// Draws the frame's left and bottom axes, light grid lines at the ticks, the tick labels and
    /// the axis labels. `xTickText` / `yTickText` replace the numeric labels (π for phases).
    public func drawAxes(into svg: inout SVGDocument, x xTicks: NiceTicks?, y yTicks: NiceTicks?,
                         xLabel: String, yLabel: String, fontSize: Double = 12,
                         xTickText: ((Double) -> String)? = nil) {
        svg.beginGroup([("class", "axes")])
        if let yTicks {
            for v in yTicks.values where yRange.contains(v) {
                let y = py(v)
                svg.line(x1: left, y1: y, x2: right, y2: y, stroke: "#e6e6e6")
                svg.line(x1: left - 4, y1: y, x2: left, y2: y, stroke: "#444444")
                svg.text(yTicks.label(v), x: left - 7, y: y + fontSize * 0.35, size: fontSize - 1, anchor: .end)
            }
        }
        if let xTicks {
            for v in xTicks.values where xRange.contains(v) {
                let x = px(v)
                svg.line(x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: "#444444")
                svg.text(xTickText?(v) ?? xTicks.label(v), x: x, y: bottom + 6 + fontSize, size: fontSize - 1, anchor: .middle)
            }
        }
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444444")
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444444")
        if !xLabel.isEmpty {
            svg.text(xLabel, x: left + width / 2, y: bottom + 12 + 2 * fontSize, size: fontSize, anchor: .middle)
        }
        if !yLabel.isEmpty {
            let x = left - 14 - 3.2 * fontSize
            svg.text(yLabel, x: x, y: top + height / 2, size: fontSize, anchor: .middle, rotation: -90)
        }
        svg.endGroup()
    }
}
