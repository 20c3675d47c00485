// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyFormats

/// Why a run's outputs cannot be plotted: a missing file, a malformed row (with its line
/// number), a population the summary does not know.
public struct PlotInputError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
