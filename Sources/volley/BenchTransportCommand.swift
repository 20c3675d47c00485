// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import Foundation
import VolleyRuntime
import VolleyTransport
import VolleyFormats

/// `volley bench-transport`: the raw ZeroMQ round trip here, next to which a distributed run's
/// per-epoch cost is read (`volley run configs/epoch-clock.yaml --workers 2`).
struct BenchTransportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-transport",
        abstract: "Measure the raw ZeroMQ round trip over ipc and tcp loopback; prints one JSON line.",
        discussion: """
            Compare with the per-epoch synchronisation cost of a distributed run: \
            `volley run configs/epoch-clock.yaml --workers 2` has 10,000 epochs, so its sim_s in \
            ms is the cost per epoch in 0.1 µs.
            """
    )

    @Option(help: "Round trips to time.")
    var count = 5000

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("volley-rtt-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ipc = try RoundTripProbe.measure(endpoint: "ipc://\(dir)/rtt.ipc", count: count)
        let tcp = try RoundTripProbe.measure(endpoint: "tcp://127.0.0.1:*", count: count)
        Console.output(JSONValue.object([
            ("roundtrips", .integer(count)), ("ipc_roundtrip_us", .number((ipc * 10).rounded() / 10)),
            ("tcp_roundtrip_us", .number((tcp * 10).rounded() / 10)),
        ]).compact() + "\n")
    }
}
