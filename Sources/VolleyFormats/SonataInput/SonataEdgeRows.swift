// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyCore

/// The connection rows of a SONATA edge population by its recipe: what the model builder checks
/// when it loads a circuit, and what each worker computes again from the edges file.
public enum SonataEdgeRows {
    /// Row r of `edges` as a connection: its node ids through the recipe's indices, weight
    /// `nsyns × syn_weight`, delay in ms (with the relay's steps added after NEST's rounding).
    /// A row the recipe cannot place (unknown type or node, no syn_weight, a weight that is
    /// not finite) is named by row.
    public static func rows(
        of edges: SonataEdgePopulation, recipe: SonataEdgeRecipe, grid: TimeGrid
    ) throws(FileFormatError) -> ConnectionList {
        func fail(_ r: Int, _ reason: String) -> FileFormatError {
            FileFormatError(path: edges.path, reason: "edge population \(edges.name): row \(r): \(reason)")
        }
        var types: [Int64: SonataEdgeType] = [:]
        for t in recipe.types { types[t.id] = t }
        let n = edges.sourceNodeIds.count
        var list = ConnectionList(source: [], target: [], weight: [], delay: [])
        list.source.reserveCapacity(n)
        list.target.reserveCapacity(n)
        list.weight!.reserveCapacity(n)
        list.delay!.reserveCapacity(n)
        // The columns of the last group seen, so a run of rows of one group looks them up once.
        var lastGroup: Int64 = -1
        var nsyns: [Double]?, synWeight: [Double]?, delay: [Double]?
        for r in 0..<n {
            guard let type = types[edges.edgeTypeIds[r]] else {
                throw fail(r, "edge_type_id \(edges.edgeTypeIds[r]) is not in \(recipe.typesFile)")
            }
            let s = edges.sourceNodeIds[r], d = edges.targetNodeIds[r]
            guard s >= 0, s < recipe.sourceIndex.count, recipe.sourceIndex[Int(s)] != .max else {
                throw fail(r, "source node_id \(s) is not in population \(recipe.sourcePopulation)")
            }
            guard d >= 0, d < recipe.targetIndex.count, recipe.targetIndex[Int(d)] != .max else {
                throw fail(r, "target node_id \(d) is not in population \(recipe.targetPopulation)")
            }
            let group = edges.edgeGroupIds[r], index = Int(edges.edgeGroupIndices[r])
            if group != lastGroup {
                let columns = edges.groups[group] ?? [:]
                (nsyns, synWeight, delay) = (columns["nsyns"], columns["syn_weight"], columns["delay"])
                lastGroup = group
            }
            guard let w1 = synWeight?[index] ?? type.synWeight else {
                throw fail(r, "edge type \(type.id) has no syn_weight (neither in \(recipe.typesFile) nor in group \(group))")
            }
            let w = (nsyns?[index] ?? type.nsyns) * w1
            guard w.isFinite else { throw fail(r, "weight \(w) (BMTK would pass it to NEST, which takes NaN as weight 1.0)") }
            var ms = delay?[index] ?? type.delay
            if recipe.relaySteps > 0 {
                // The steps are added after NEST's rounding (a delay below one step still fails).
                let steps = grid.delaySteps(ms)
                if steps >= 1 { ms = grid.ms(steps + recipe.relaySteps) }
            }
            list.source.append(recipe.sourceIndex[Int(s)])
            list.target.append(recipe.targetIndex[Int(d)])
            list.weight!.append(w)
            list.delay!.append(ms)
        }
        return list
    }

    /// Reads edge population `recipe.population` of the edges file at `path` and its rows.
    public static func read(path: String, recipe: SonataEdgeRecipe, grid: TimeGrid) throws(FileFormatError) -> ConnectionList {
        let populations = try SonataEdgePopulation.read(file: try HDF5File(path: path))
        guard let edges = populations.first(where: { $0.name == recipe.population }) else {
            throw FileFormatError(path: path, reason: "no edge population \(recipe.population)")
        }
        return try rows(of: edges, recipe: recipe, grid: grid)
    }
}

/// A file's size and SHA-256, read in pieces (an edges file may be gigabytes).
public enum FileDigest {
    public static func sha256(path: String) throws(FileFormatError) -> (bytes: Int, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileFormatError(path: path, reason: "cannot read the file (it does not exist or is not readable)")
        }
        defer { try? handle.close() }
        var sha = SHA256()
        var total = 0
        while true {
            let piece: Data
            do { piece = try handle.read(upToCount: 1 << 22) ?? Data() } catch {
                throw FileFormatError(path: path, reason: "read failed: \(error)")
            }
            if piece.isEmpty { break }
            total += piece.count
            piece.withUnsafeBytes { sha.update(buffer: $0) }
        }
        return (total, sha.finalizeHex())
    }
}
