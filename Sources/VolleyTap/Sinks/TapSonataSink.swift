// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Writes spikes as a SONATA spike report (HDF5, `/spikes/<population>/timestamps` and
/// `node_ids`), appended epoch by epoch; h5py and libsonata read it.
public final class TapSonataSink: TapSink {
    private let writer: SonataSpikeWriter

    public init(path: String, catalog: RunCatalog, resolution: Double) throws {
        writer = try SonataSpikeWriter(
            path: path, populations: catalog.populations.map(\.name), offsets: catalog.offsets, resolution: resolution)
    }

    public func write(_ epoch: TapEpoch) throws { try writer.append(keys: epoch.spikes) }

    /// HDF5 files are complete only once closed; there is nothing useful to flush midway.
    public func flush() throws {}

    public func close() throws { try writer.close() }
}
