// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Colour keys for a figure's series: a short bar of each colour and its label, in a column.
public struct Legend: Sendable {
    public var entries: [(label: String, colour: String)]

    public init(_ entries: [(label: String, colour: String)]) { self.entries = entries }

    /// The legend's size in pixels at `fontSize`, from a width estimate of 0.6 em per character
    /// (the SVG is drawn before any font is chosen).
    public func size(fontSize: Double = 12) -> (width: Double, height: Double) {
        let longest = entries.map(\.label.count).max() ?? 0
        return (32 + Double(longest) * fontSize * 0.6, Double(entries.count) * (fontSize + 6) + 8)
    }

    /// Draws the legend with its top-left corner at (x, y), on a white box so lines under it
    /// do not cross the text.
    public func draw(into svg: inout SVGDocument, x: Double, y: Double, fontSize: Double = 12) {
        let (w, h) = size(fontSize: fontSize)
        svg.beginGroup([("class", "legend")])
        svg.rect(x: x, y: y, width: w, height: h, fill: "#ffffff", stroke: "#cccccc", attributes: [("fill-opacity", "0.9")])
        for (i, entry) in entries.enumerated() {
            let rowY = y + 4 + Double(i) * (fontSize + 6) + (fontSize + 6) / 2
            svg.line(x1: x + 6, y1: rowY, x2: x + 24, y2: rowY, stroke: entry.colour, width: 3)
            svg.text(entry.label, x: x + 30, y: rowY + fontSize * 0.35, size: fontSize)
        }
        svg.endGroup()
    }
}
