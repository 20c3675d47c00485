// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Reads the connection lists a model keeps in files, for the core to build from, and checks
/// that each file is the one the model was loaded with: a worker on another machine, or a run
/// resumed later, must not build from rows that changed under it.
enum ConnectionListLoader {
    static func load(_ spec: NetworkSpec) throws(RunInputError) -> [Int: ConnectionList] {
        var lists: [Int: ConnectionList] = [:]
        for (i, p) in spec.projections.enumerated() {
            guard case .explicit(.file(let file)) = p.rule else { continue }
            let loaded: ConnectionListReader.Loaded
            do {
                if let recipe = file.sonata {
                    loaded = try sonata(file, recipe: recipe, spec: spec)
                } else {
                    loaded = try ConnectionListReader.npy(path: file.path, columns: file.columns)
                }
            } catch {
                throw RunInputError("connection \(i + 1): \(error)")
            }
            guard loaded.sha256 == file.sha256, loaded.bytes == file.bytes else {
                throw RunInputError("connection \(i + 1): \(file.path) changed since the model was loaded "
                    + "(sha256 \(loaded.sha256.prefix(12))… ≠ \(file.sha256.prefix(12))…)")
            }
            lists[i] = loaded.list
        }
        return lists
    }

    /// A SONATA edge population's rows by its recipe, with the digest of the file it was read
    /// from (taken first: a file changed since is refused, not read half old).
    private static func sonata(
        _ file: ConnectionListFile, recipe: SonataEdgeRecipe, spec: NetworkSpec
    ) throws(FileFormatError) -> ConnectionListReader.Loaded {
        let digest = try FileDigest.sha256(path: file.path)
        guard digest.sha256 == file.sha256 else {
            return ConnectionListReader.Loaded(list: ConnectionList(source: [], target: []), bytes: digest.bytes, sha256: digest.sha256)
        }
        guard let grid = TimeGrid(resolution: spec.resolution) else {
            throw FileFormatError(path: file.path, reason: "resolution \(spec.resolution) ms is not a grid")
        }
        let list = try SonataEdgeRows.read(path: file.path, recipe: recipe, grid: grid)
        return ConnectionListReader.Loaded(list: list, bytes: digest.bytes, sha256: digest.sha256)
    }
}
