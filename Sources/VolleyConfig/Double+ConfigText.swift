// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

extension Double {
    /// The number as a user would write it in a config: `1` rather than `1.0`, `inf` rather than
    /// `+infinity`, so that messages quote values the way the file does.
    var configText: String {
        if isNaN { return "nan" }
        if isInfinite { return self > 0 ? "inf" : "-inf" }
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return "\(self)"
    }
}
