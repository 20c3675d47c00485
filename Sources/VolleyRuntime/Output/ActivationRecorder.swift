// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyTap

/// Activation events of a run: `activations_sha256` (SHA-256 over one line per event,
/// `population,head,step,` then the vector's float32 bit patterns in hex, in canonical order)
/// and, with an output folder, `activations.csv` (`population,head,t_ms,vector`).
public final class ActivationRecorder: EpochObserver {
    private var sha = SHA256()
    private let names: [String]
    private let layout: NetworkLayout
    private let file: BufferedFile?
    private let time: TimeFormatter
    /// Events seen so far.
    public private(set) var count = 0

    public init(network: CompiledNetwork, path: String?) throws {
        names = network.spec.headPopulations.map(\.name)
        layout = network.headLayout
        time = TimeFormatter(resolution: network.spec.resolution)
        file = try path.map { try BufferedFile(path: $0) }
        file?.write("population,head,t_ms,vector\n")
    }

    public func observe(_ record: EpochRecord) throws {
        for a in record.activations {
            let p = layout.population(ofGlobal: a.head)
            let index = a.head - layout.offsets[p]
            var line = "\(names[p]),\(index),\(a.step + 1),"
            line += a.vector.map { hex($0.bitPattern) }.joined(separator: " ") + "\n"
            sha.update(line)
            count += 1
            if let file {
                file.write("\(names[p]),\(index),")
                time.write(a.step + 1, to: file)
                file.write("," + a.vector.map { "\($0)" }.joined(separator: " ") + "\n")
            }
        }
    }

    private func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    public func close() throws { try file?.flush() }

    /// The hash of everything seen; call once, at the end.
    public func digest() -> String { sha.finalizeHex() }
}
