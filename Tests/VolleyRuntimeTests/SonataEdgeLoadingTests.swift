// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyCore
import VolleyFormats
@testable import VolleyRuntime

/// A worker reads a file-backed SONATA edge population by its recipe, and refuses an edges
/// file that is not the one the model was loaded with.
@Suite struct SonataEdgeLoadingTests {
    static let edges = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../VolleyFormatsTests/Fixtures/sonata_example/network/net_net_edges.h5").standardized.path

    /// The example circuit's recurrent edges: node ids 0–199 as indices, its four edge types.
    static func spec(sha256: String, bytes: Int) -> NetworkSpec {
        let recipe = SonataEdgeRecipe(
            population: "net_to_net", sourceIndex: Array(0..<200), targetIndex: Array(0..<200), sourcePopulation: "net",
            targetPopulation: "net", typesFile: "net_net_edge_types.csv",
            types: [SonataEdgeType(id: 100, nsyns: 1, synWeight: 18, delay: 1.5), SonataEdgeType(id: 101, nsyns: 1, synWeight: nil, delay: 1.0),
                    SonataEdgeType(id: 102, nsyns: 1, synWeight: nil, delay: 1.0), SonataEdgeType(id: 103, nsyns: 1, synWeight: -30, delay: 0.8)],
            relaySteps: 0)
        let file = ConnectionListFile(
            path: edges, bytes: bytes, sha256: sha256, columns: ["source", "target", "weight", "delay"], rows: 5702,
            minDelay: 0.5, maxDelay: 3.0, sonata: recipe)
        let net = PopulationSpec(name: "net", size: 200, model: try! NeuronModel(kind: .iafPscAlpha))
        return NetworkSpec(
            name: "edges", resolution: 0.1, populations: [net],
            projections: [ProjectionSpec(sources: [0], targets: [0], rule: .explicit(.file(file)), weight: .constant(1), delay: .constant(0.1))])
    }

    @Test func theRowsAreReadByTheRecipeFromTheFileTheModelWasLoadedWith() throws {
        let digest = try FileDigest.sha256(path: Self.edges)
        let lists = try ConnectionListLoader.load(Self.spec(sha256: digest.sha256, bytes: digest.bytes))
        let list = try #require(lists[0])
        #expect(list.count == 5702)
        // nsyns × syn_weight: the exc→exc rows are 18 pA per synapse, 3984 synapses in 1997 rows.
        let excToExc = list.weight!.filter { $0 > 0 && $0.truncatingRemainder(dividingBy: 18) == 0 }
        #expect(excToExc.reduce(0, +) == 18 * 3984)
        #expect(Set(list.delay!.map { ($0 * 100).rounded() }).isSuperset(of: [73, 127, 150, 100, 80]))

        #expect {
            try ConnectionListLoader.load(Self.spec(sha256: String(repeating: "0", count: 64), bytes: digest.bytes))
        } throws: { "\($0)".contains("changed since the model was loaded") }
    }
}
