// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyWire

/// Writes spikes as a SONATA spike report (HDF5), appended epoch by epoch.
public final class TapSonataSink: TapSink {
    public init(path: String, catalog: RunCatalog, resolution: Double) throws {
        throw OutputError(path: path, reason: "SONATA output is not built yet")
    }

    public func write(_ epoch: TapEpoch) throws {}
    public func flush() throws {}
    public func close() throws {}
}
