// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyDashboard
import VolleyWire

/// The raster shows an even spread of every population, all of a small one, on stacked rows.
@Suite struct RasterLayoutTests {
    static let catalog = RunCatalog(
        populations: [.init(name: "E", size: 10_000), .init(name: "I", size: 2_500), .init(name: "tiny", size: 7)],
        heads: [], rhythms: [], samples: false)

    @Test func rowsAreEvenlySpreadAndStacked() {
        let layout = RasterLayout(catalog: Self.catalog, perPopulation: 100)
        #expect(layout.bands.map(\.rows) == [100, 100, 7])
        #expect(layout.bands.map(\.firstRow) == [0, 100, 200])
        #expect(layout.bands.map(\.offset) == [0, 10_000, 12_500])
        #expect(layout.rowCount == 207)
        // Every 100th excitatory neuron, every 25th inhibitory one, every neuron of the small one.
        #expect(layout.row(of: 0) == 0)
        #expect(layout.row(of: 100) == 1)
        #expect(layout.row(of: 101) == -1)
        #expect(layout.row(of: 9_900) == 99)
        #expect(layout.row(of: 10_000 + 25) == 101)
        #expect(layout.row(of: 12_500 + 6) == 206)
        let shown = (0..<12_507).filter { layout.row(of: $0) >= 0 }
        #expect(shown.count == 207)
        #expect(Set(shown.map { layout.row(of: $0) }).count == 207, "one neuron per row")
    }

    @Test func idsOutsideTheNetworkAreNeitherShownNorCounted() {
        let layout = RasterLayout(catalog: Self.catalog, perPopulation: 10)
        #expect(layout.row(of: 12_507) == -1)
        #expect(layout.population(of: 12_507) == nil)
        #expect(layout.population(of: 12_506) == 2)
        #expect(layout.population(of: 9_999) == 0)
    }
}
