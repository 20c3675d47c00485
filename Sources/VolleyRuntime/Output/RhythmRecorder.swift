// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import RealModule
import VolleyCore
import VolleyFormats

/// The rhythms of a run: their phase timeline in `rhythms.csv` (`rhythm,t_ms,phase,frequency_hz`
/// at the start of every epoch; phase in radians as the model sees it, 0 for a rhythm that is
/// off) and the vector strength of every population's spikes to every rhythm.
public final class RhythmRecorder: EpochSink {
    private let spec: NetworkSpec
    private let layout: NetworkLayout
    private let seed: UInt64
    private let file: BufferedFile?
    private let time: TimeFormatter
    private let stepsPerSecond: Double
    /// Per population, per rhythm: Σ cos φ, Σ sin φ and count of spikes.
    private var sums: [[(c: Double, s: Double, n: Int)]]

    public init(network: CompiledNetwork, path: String?) throws {
        spec = network.spec
        layout = network.layout
        seed = network.seed
        time = TimeFormatter(resolution: spec.resolution)
        stepsPerSecond = 1000 / spec.resolution
        file = try path.map { try BufferedFile(path: $0) }
        file?.write("rhythm,t_ms,phase,frequency_hz\n")
        sums = Array(repeating: Array(repeating: (0, 0, 0), count: spec.rhythms.count), count: spec.populations.count)
    }

    public func observe(_ record: EpochRecord) throws {
        guard !spec.rhythms.isEmpty, record.rhythms.count == spec.rhythms.count else { return }
        let rhythms = EpochRhythms(start: record.start, states: record.rhythms, rhythms: spec.rhythms, seed: seed)
        if let file {
            for point in rhythms.timeline(stepsPerSecond: stepsPerSecond) {
                file.write("\(spec.rhythms[Int(point.rhythm)].name),")
                time.write(record.start, to: file)
                file.write(",\(point.phase),\(point.frequency)\n")
            }
        }
        for key in record.spikes {
            let p = layout.population(ofGlobal: Int(key & 0xFFFF_FFFF))
            let step = Int64(key >> 32)
            for r in spec.rhythms.indices {
                let phi = rhythms.phase(r, step: step)
                sums[p][r].c += Double.cos(phi)
                sums[p][r].s += Double.sin(phi)
                sums[p][r].n += 1
            }
        }
    }

    public func flush() throws { try file?.flush() }

    public func close() throws { try file?.flush() }

    /// Vector strength |mean e^{iφ}| of population `p`'s spikes to each rhythm (`nil` without
    /// spikes, or for a rhythm that is off).
    public func vectorStrength(population p: Int) -> [(String, Double?)] {
        spec.rhythms.enumerated().map { r, rhythm in
            let t = sums[p][r]
            guard t.n > 0, rhythm.mode != .off else { return (rhythm.name, nil) }
            return (rhythm.name, (t.c * t.c + t.s * t.s).squareRoot() / Double(t.n))
        }
    }
}
