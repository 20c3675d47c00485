// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// A finished figure: its file name stem, its SVG text, the caption it carries and a short
/// headline for the terminal.
public struct Figure: Sendable {
    /// "raster", "rates", "phases", "weights" or "energy": the file is `<name>.svg`.
    public let name: String
    public let svg: String
    public let caption: String
    /// What the figure shows in a few words, for the command's output.
    public let headline: String

    public init(name: String, svg: String, caption: String, headline: String) {
        self.name = name
        self.svg = svg
        self.caption = caption
        self.headline = headline
    }
}

/// The parts every figure shares: a white canvas with a bold title on top and a caption in grey
/// below, wrapped to the width.
struct FigureCanvas {
    static let width = 1000.0
    static let titleSize = 16.0
    static let captionSize = 11.5
    /// Height of the title band above a figure's plots.
    static let titleBand = 44.0

    /// How many pixels the caption takes once wrapped.
    static func captionHeight(_ caption: String) -> Double {
        Double(wrap(caption).count) * (captionSize + 4) + 16
    }

    /// Draws the title at the top and the caption from `y` down.
    static func decorate(_ svg: inout SVGDocument, title: String, caption: String, captionTop y: Double) {
        svg.text(title, x: width / 2, y: 28, size: titleSize, anchor: .middle, bold: true)
        svg.beginGroup([("class", "caption")])
        for (i, line) in wrap(caption).enumerated() {
            svg.text(line, x: 20, y: y + 12 + Double(i) * (captionSize + 4), size: captionSize, fill: "#555555")
        }
        svg.endGroup()
    }

    /// Greedy word wrap to what fits the canvas at the caption size (0.55 em per character).
    static func wrap(_ text: String) -> [String] {
        let limit = Int((width - 40) / (captionSize * 0.55))
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > limit {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// An integer with thousands separated by commas, for counts people read.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
