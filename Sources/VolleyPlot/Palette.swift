// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Colours for populations, in model order: Okabe and Ito's set that colour-blind readers can
/// tell apart (without its yellow, faint on white), then Tableau's; past those they repeat.
public enum Palette {
    static let colours = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
        "#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#B07AA1", "#9C755F", "#BAB0AC",
    ]

    /// The colour of the `index`-th population.
    public static func colour(_ index: Int) -> String { colours[index % colours.count] }
}
