// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Writes `weights.csv`, NEST's `weight_recorder`: `t_ms,source,target,weight`, one row per
/// transmission through a recorded plastic synapse, stamped with the spike's time; source and
/// target are global neuron ids (0-based, populations in file order).
final class WeightRecorderCSVWriter: EpochSink {
    private let file: BufferedFile
    private let time: TimeFormatter

    init?(path: String, network: NetworkSpec) throws {
        guard !network.recording.weightRecorders.isEmpty else { return nil }
        file = try BufferedFile(path: path)
        time = TimeFormatter(resolution: network.resolution)
        file.write("t_ms,source,target,weight\n")
    }

    func observe(_ record: EpochRecord) throws {
        for w in record.weights {
            time.write(w.emission + 1, to: file)
            file.write(",\(w.source),\(w.target),\(w.weight)\n")
        }
    }

    func flush() throws { try file.flush() }

    func close() throws { try file.flush() }
}
