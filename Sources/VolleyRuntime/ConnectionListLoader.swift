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
            do { loaded = try ConnectionListReader.npy(path: file.path, columns: file.columns) } catch {
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
}
