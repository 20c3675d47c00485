// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// Activation events of a run: `activations_sha256` (SHA-256 over one line per event,
/// `population,head,step,` then the vector's float32 bit patterns in hex, in canonical order)
/// and, with an output folder, `activations.csv` (`population,head,t_ms,vector`).
public final class ActivationRecorder: EpochSink {
    private var sha = SHA256()
    private let format: ActivationFormatter
    private let file: BufferedFile?
    /// Events seen so far.
    public private(set) var count = 0

    public init(network: CompiledNetwork, path: String?) throws {
        format = ActivationFormatter(
            heads: network.spec.headPopulations.map(\.name), sizes: network.headLayout.sizes,
            resolution: network.spec.resolution)
        file = try path.map { try BufferedFile(path: $0) }
        file?.write("population,head,t_ms,vector\n")
    }

    public func observe(_ record: EpochRecord) throws {
        for a in record.activations {
            sha.update(format.hashLine(a))
            count += 1
            if let file { format.writeCSVRow(a, to: file) }
        }
    }

    public func flush() throws { try file?.flush() }

    public func close() throws { try file?.flush() }

    /// The hash of everything seen; call once, at the end.
    public func digest() -> String { sha.finalizeHex() }
}
