// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
@testable import VolleyWire

/// Decoders meet hostile bytes: 10,000 random frames and 10,000 mutations of valid ones must
/// all come back as values or errors, never as a crash.
@Suite struct WireFuzzTests {
    private func decodeEverything(_ bytes: [UInt8]) -> Int {
        var decoded = 0
        bytes.withUnsafeBytes { b in
            if case .success = FrameHeader.read(b) { decoded += 1 }
            if case .success = DataFrames.readSpikes(b) { decoded += 1 }
            if case .success = DataFrames.readSamples(b) { decoded += 1 }
            if case .success = DataFrames.readRhythms(b) { decoded += 1 }
            if case .success = DataFrames.readActivations(b) { decoded += 1 }
            if case .success = ControlMessage.decode(b) { decoded += 1 }
        }
        return decoded
    }

    @Test func randomFramesNeverCrash() {
        for i in 0..<10_000 {
            var r = RandomSequence(Philox(seed: 77), stream: 2, entity: 0, counter: UInt64(i))
            let n = Int(r.nextInt(below: 200))
            var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: r.next()) }
            // Half of them get a valid magic and version, to reach the deeper decoders.
            if i % 2 == 0 && n >= 8 {
                bytes.replaceSubrange(0..<6, with: WireFormat.magic + withUnsafeBytes(of: WireFormat.version.littleEndian) { Array($0) })
                bytes[6] = [1, 2, 3, 4, 16, 99][i % 6]
            }
            _ = decodeEverything(bytes)
        }
    }

    @Test func mutatedFramesNeverCrash() {
        let header = FrameHeader(kind: .spikes, runID: 3, source: 1, count: 0, epoch: 2, sequence: 2)
        let seeds: [[UInt8]] = [
            DataFrames.encodeSpikes([1, 2, 3 << 32 | 4], header: header),
            DataFrames.encodeSamples(
                [WireSample(population: 0, neuron: 1, variable: 2, stamp: 2, value: 3), WireSample(population: 1, neuron: 0, variable: 0, stamp: 3, value: -1)],
                header: header),
            DataFrames.encodeRhythms([RhythmPoint(rhythm: 0, step: 10, phase: 1, frequency: 8)], header: header),
            DataFrames.encodeActivations([ActivationEvent(source: 1, step: 2, vector: [1, 2, 3])], header: header),
            ControlMessage.release(from: 0, through: 2, rhythms: [[RhythmState(phase: 0, advance: 0.1)], [RhythmState(phase: 1, advance: 0.1)]]).encode(runID: 3, source: 0, sequence: 1),
            ControlMessage.hello(Hello(volleyVersion: "0.1.0", pid: 1, host: "h", dataEndpoint: "ipc:///x")).encode(runID: 3, source: 0, sequence: 1),
        ]
        var stillValid = 0
        for i in 0..<10_000 {
            var r = RandomSequence(Philox(seed: 78), stream: 1, entity: 0, counter: UInt64(i))
            var bytes = seeds[i % seeds.count]
            for _ in 0...Int(r.nextInt(below: 4)) {
                switch r.nextInt(below: 4) {
                case 0 where !bytes.isEmpty: bytes[Int(r.nextInt(below: UInt64(bytes.count)))] ^= UInt8(1 << r.nextInt(below: 8))
                case 1 where !bytes.isEmpty: bytes.removeLast(Int(r.nextInt(below: UInt64(bytes.count))) + 1)
                case 2: bytes.append(UInt8(truncatingIfNeeded: r.next()))
                default: if bytes.count > 24 { bytes[20] = UInt8(truncatingIfNeeded: r.next()) }  // the count field
                }
            }
            stillValid += decodeEverything(bytes)
        }
        // Some mutations (a flipped payload bit) stay valid: the decoders really ran.
        #expect(stillValid > 100)
    }
}
