// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

/// Writes an activation in each form a run or a tap keeps it: a row of activations.csv, a JSON
/// line, and the line `activations_sha256` hashes. All three name the head by one lookup (its
/// head population and index there) and stamp it alike (the end of its step).
public struct ActivationFormatter: Sendable {
    private let layout: NetworkLayout
    private let names: [String]
    private let quotedNames: [String]
    private let time: TimeFormatter

    /// - Parameters:
    ///   - heads: head population names in global head-index order, and `sizes` their heads.
    public init(heads: [String], sizes: [Int], resolution: Double) {
        layout = NetworkLayout(sizes: sizes, shardCount: 1)
        names = heads
        quotedNames = heads.map(JSONText.quoted)
        time = TimeFormatter(resolution: resolution)
    }

    /// The head population of global head `head` and the head's index there; nil for a model
    /// without heads (a malformed frame must not trap a tap).
    private func locate(_ head: Int) -> (population: Int, index: Int)? {
        guard !names.isEmpty else { return nil }
        let p = layout.population(ofGlobal: head)
        return (p, head - layout.offsets[p])
    }

    /// `population,head,t_ms,vector`, the vector's floats separated by spaces.
    public func writeCSVRow(_ a: Activation, to file: BufferedFile) {
        let h = locate(a.head)
        file.write("\(h.map { names[$0.population] } ?? ""),\(h?.index ?? a.head),")
        time.write(a.step + 1, to: file)
        file.write("," + a.vector.map { "\($0)" }.joined(separator: " ") + "\n")
    }

    /// `{"kind":"activation","population":"H","head":3,"t_ms":1.2,"vector":[…]}`, the
    /// population null when it cannot be named.
    public func writeJSONLine(_ a: Activation, to file: BufferedFile) {
        let h = locate(a.head)
        file.write("{\"kind\":\"activation\",\"population\":\(h.map { quotedNames[$0.population] } ?? "null"),")
        file.write("\"head\":\(h?.index ?? a.head),\"t_ms\":")
        time.write(a.step + 1, to: file)
        file.write(",\"vector\":[" + a.vector.map { JSONText.number(Double($0)) }.joined(separator: ",") + "]}\n")
    }

    /// `population,head,stamp,` in steps, then the vector's float32 bit patterns in hex: the
    /// exact bits, so two runs agree on the hash only if every activation does.
    public func hashLine(_ a: Activation) -> String {
        let h = locate(a.head)
        return "\(h.map { names[$0.population] } ?? ""),\(h?.index ?? a.head),\(a.step + 1),"
            + a.vector.map { Self.hex($0.bitPattern) }.joined(separator: " ") + "\n"
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}
