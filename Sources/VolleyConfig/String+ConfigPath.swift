// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

extension String {
    /// The path of the mapping key `key` below this path.
    func key(_ key: String) -> String { isEmpty ? key : "\(self).\(key)" }

    /// The path of list element `index` below this path, written `connections[1]` so that it
    /// cannot be mistaken for a mapping key named `1`.
    func index(_ index: Int) -> String { "\(self)[\(index)]" }

    /// The last key of a path, for messages that name the field ("tau_m must be ...").
    var lastKey: String {
        guard let dot = lastIndex(of: ".") else { return self }
        return String(self[index(after: dot)...])
    }
}
