// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// A spike file a run can write into its output folder (`volley run --record NAME`).
public enum RecordFormat: String, CaseIterable, Hashable, Sendable {
    /// `spikes.csv`: `population,neuron,t_ms` (DESIGN §5).
    case csv
    /// `spikes.h5`: a SONATA spike report, read by libsonata, bmtk and NEST's SONATA tools.
    case sonata

    /// The file the format writes in the output folder.
    public var fileName: String {
        switch self {
        case .csv: "spikes.csv"
        case .sonata: "spikes.h5"
        }
    }

    /// Every format's name, for messages and help.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
