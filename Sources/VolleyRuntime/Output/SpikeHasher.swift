// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Computes `spikes_sha256` (DESIGN §5): SHA-256 over the lines `population,neuron,step\n`
/// sorted by (step, population name, neuron), step being the spike's stamp in steps. It sees
/// every neuron spike, whatever is recorded, so any two runs of a model compare in one line.
public final class SpikeHasher: EpochSink {
    private var sha = SHA256()
    private let layout: NetworkLayout
    private let names: [String]
    /// Rank of each population's name in byte order.
    private let rank: [Int]
    private let populationsInNameOrder: Bool
    private var line: [UInt8] = []
    private let nameBytes: [[UInt8]]
    /// Spikes hashed so far.
    public private(set) var count = 0

    /// Per population, the ids its neurons are reported under (nil: their index).
    private let ids: [[Int]?]

    public init(network: NetworkSpec, layout: NetworkLayout) {
        self.layout = layout
        // Lines name a neuron as outputs do: by the population and id it is reported under.
        let names = network.populations.map(\.reportedName)
        self.names = names
        ids = network.populations.map { $0.reportedAs?.nodeIds }
        nameBytes = names.map { Array($0.utf8) }
        let order = names.indices.sorted { Array(names[$0].utf8).lexicographicallyPrecedes(Array(names[$1].utf8)) }
        var rank = [Int](repeating: 0, count: names.count)
        for (r, p) in order.enumerated() {
            // Populations reported under one name share its rank.
            rank[p] = r > 0 && names[order[r - 1]] == names[p] ? rank[order[r - 1]] : r
        }
        self.rank = rank
        populationsInNameOrder = order == Array(names.indices) && ids.allSatisfy { $0 == nil }
    }

    public func observe(_ record: EpochRecord) throws {
        if populationsInNameOrder {
            for key in record.spikes { hash(key) }
        } else {
            let sorted = record.spikes.sorted { a, b in
                let (sa, sb) = (a >> 32, b >> 32)
                if sa != sb { return sa < sb }
                let (na, nb) = (neuron(a), neuron(b))
                return rank[na.population] != rank[nb.population] ? rank[na.population] < rank[nb.population]
                    : na.id != nb.id ? na.id < nb.id : a < b
            }
            for key in sorted { hash(key) }
        }
    }

    /// The population of a spike's neuron and the id it is reported under.
    private func neuron(_ key: UInt64) -> (population: Int, id: Int) {
        let gid = Int(key & 0xFFFF_FFFF)
        let p = layout.population(ofGlobal: gid)
        let i = gid - layout.offsets[p]
        return (p, ids[p].map { $0[i] } ?? i)
    }

    private func hash(_ key: UInt64) {
        let (p, id) = neuron(key)
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: nameBytes[p])
        line.append(UInt8(ascii: ","))
        Self.appendDecimal(UInt64(id), to: &line)
        line.append(UInt8(ascii: ","))
        Self.appendDecimal((key >> 32) + 1, to: &line)
        line.append(UInt8(ascii: "\n"))
        sha.update(line)
        count += 1
    }

    static func appendDecimal(_ value: UInt64, to line: inout [UInt8]) {
        var v = value
        let start = line.count
        repeat {
            line.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        line[start...].reverse()
    }

    /// The hex digest of everything seen so far; call once, at the end.
    public func digest() -> String { sha.finalizeHex() }
}
