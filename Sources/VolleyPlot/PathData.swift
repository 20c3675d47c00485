// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// The `d` attribute of an SVG path, built move by move. A raster draws each spike as one short
/// vertical stroke of a single path per population — "M12.3 45v2" is a dozen bytes, where a
/// `<circle>` element would be fifty.
public struct PathData: Sendable {
    public private(set) var text = ""
    /// The number of sub-paths (marks) started with `move`.
    public private(set) var marks = 0

    public init() {}

    /// Starts a new mark at (x, y).
    public mutating func move(x: Double, y: Double) {
        text += "M"
        SVGNumber.append(x, to: &text)
        text += " "
        SVGNumber.append(y, to: &text)
        marks += 1
    }

    /// Draws down (or up, if negative) by `dy` from the current point.
    public mutating func vertical(_ dy: Double) {
        text += "v"
        SVGNumber.append(dy, to: &text)
    }
}
