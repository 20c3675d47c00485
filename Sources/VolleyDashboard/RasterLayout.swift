// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Which neurons the raster shows and on which row: up to `perPopulation` of every population,
/// evenly spread over it, populations stacked in catalog order.
public struct RasterLayout: Sendable, Equatable {
    /// A population as the page draws it.
    public struct Band: Sendable, Equatable, Codable {
        public var name: String
        /// Neurons in the population.
        public var size: Int
        /// Global id of its first neuron.
        public var offset: Int
        /// The raster's first row for it, and how many rows it has.
        public var firstRow: Int
        public var rows: Int
    }

    public let bands: [Band]
    public let rowCount: Int
    /// Per global id: its row, or -1 if not shown. Flat tables, so the per-spike path is two loads.
    let rowOf: [Int32]
    /// Per global id: its population's index.
    let populationOf: [UInt32]

    public init(catalog: RunCatalog, perPopulation: Int) {
        var bands: [Band] = []
        var rowOf: [Int32] = []
        var populationOf: [UInt32] = []
        let total = catalog.populations.reduce(0) { $0 + $1.size }
        rowOf.reserveCapacity(total)
        populationOf.reserveCapacity(total)
        var row = 0
        var offset = 0
        for (p, entry) in catalog.populations.enumerated() {
            let n = entry.size
            let k = min(max(perPopulation, 0), n)
            bands.append(Band(name: entry.name, size: n, offset: offset, firstRow: row, rows: k))
            // Row j shows neuron ⌊j·n/k⌋: the first neuron at or after each k-th of the population.
            var nextRow = 0
            for i in 0..<n {
                if nextRow < k, i == nextRow * n / k {
                    rowOf.append(Int32(row + nextRow))
                    nextRow += 1
                } else {
                    rowOf.append(-1)
                }
                populationOf.append(UInt32(p))
            }
            row += k
            offset += n
        }
        self.bands = bands
        self.rowCount = row
        self.rowOf = rowOf
        self.populationOf = populationOf
    }

    /// The row of a global id (-1: not shown, or outside the network).
    @inline(__always)
    public func row(of id: Int) -> Int32 { id < rowOf.count ? rowOf[id] : -1 }

    /// The population index of a global id (nil outside the network).
    @inline(__always)
    public func population(of id: Int) -> Int? { id < populationOf.count ? Int(populationOf[id]) : nil }
}
