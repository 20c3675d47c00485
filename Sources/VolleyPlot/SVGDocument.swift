// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// An SVG image built element by element, with its text escaped and its coordinates short.
public struct SVGDocument: Sendable {
    /// How a text is placed relative to its anchor point.
    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    public let width: Double
    public let height: Double
    private var body = ""

    /// An empty, white canvas of `width` × `height` pixels.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
        rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff")
    }

    /// The SVG file's text: an XML declaration and one `<svg>` element, with a `<title>` and a
    /// `<desc>` that screen readers and file browsers show.
    public func rendered(title: String, description: String) -> String {
        let w = SVGNumber.text(width), h = SVGNumber.text(height)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
            font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
            <title>\(Self.escaped(title))</title>
            <desc>\(Self.escaped(description))</desc>

            """ + body + "</svg>\n"
    }

    /// A filled (and optionally outlined) rectangle.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              stroke: String? = nil, attributes: [(String, String)] = []) {
        open("rect", [("x", num(x)), ("y", num(y)), ("width", num(width)), ("height", num(height)), ("fill", fill)]
            + (stroke.map { [("stroke", $0), ("stroke-width", "1")] } ?? []) + attributes)
        body += "/>\n"
    }

    /// A straight line; `dash` is an SVG dash array such as "4 3".
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                              width: Double = 1, dash: String? = nil) {
        open("line", [("x1", num(x1)), ("y1", num(y1)), ("x2", num(x2)), ("y2", num(y2)),
                      ("stroke", stroke), ("stroke-width", num(width))] + (dash.map { [("stroke-dasharray", $0)] } ?? []))
        body += "/>\n"
    }

    /// An open line through `points` in order.
    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5,
                                  attributes: [(String, String)] = []) {
        var list = ""
        list.reserveCapacity(points.count * 12)
        for (i, p) in points.enumerated() {
            if i > 0 { list += " " }
            SVGNumber.append(p.x, to: &list)
            list += ","
            SVGNumber.append(p.y, to: &list)
        }
        open("polyline", [("points", list), ("fill", "none"), ("stroke", stroke), ("stroke-width", num(width)),
                          ("stroke-linejoin", "round")] + attributes)
        body += "/>\n"
    }

    /// A filled circle.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, attributes: [(String, String)] = []) {
        open("circle", [("cx", num(cx)), ("cy", num(cy)), ("r", num(r)), ("fill", fill)] + attributes)
        body += "/>\n"
    }

    /// A path from ready-made path data (see `PathData`), stroked and not filled.
    public mutating func path(_ data: String, stroke: String, width: Double, attributes: [(String, String)] = []) {
        open("path", [("d", data), ("fill", "none"), ("stroke", stroke), ("stroke-width", num(width))] + attributes)
        body += "/>\n"
    }

    /// A line of text; `rotation` turns it (degrees, about its anchor), -90 for a vertical axis label.
    public mutating func text(_ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                              bold: Bool = false, fill: String = "#222222", rotation: Double = 0) {
        var attributes = [("x", num(x)), ("y", num(y)), ("font-size", num(size)), ("fill", fill)]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if bold { attributes.append(("font-weight", "bold")) }
        if rotation != 0 { attributes.append(("transform", "rotate(\(num(rotation)) \(num(x)) \(num(y)))")) }
        open("text", attributes)
        body += ">" + Self.escaped(text) + "</text>\n"
    }

    /// Starts a group whose attributes (a class, a `data-` key) tell tests and readers what it holds.
    public mutating func beginGroup(_ attributes: [(String, String)]) {
        open("g", attributes)
        body += ">\n"
    }

    /// Ends the innermost group.
    public mutating func endGroup() { body += "</g>\n" }

    private mutating func open(_ element: String, _ attributes: [(String, String)]) {
        body += "<" + element
        for (k, v) in attributes { body += " " + k + "=\"" + Self.escaped(v) + "\"" }
    }

    private func num(_ x: Double) -> String { SVGNumber.text(x) }

    /// `s` with XML's five special characters escaped, for text and attribute values alike.
    static func escaped(_ s: String) -> String {
        guard s.contains(where: { "&<>\"'".contains($0) }) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
