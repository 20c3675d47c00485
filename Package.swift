// swift-tools-version: 6.1
// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import PackageDescription

/// Every Volley target builds in Swift 6 language mode with warnings treated as errors.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-warnings-as-errors"]),
]

/// The engine's hot loops are compiled for Haswell-class x86-64 (AVX2, FMA) on x86-64 hosts, where every
/// server CPU since 2013 has it: the vectorised fixed-step loops run twice as wide. Swift never
/// contracts a multiply and an add into an FMA on its own, so NEST-exact arithmetic is unchanged
/// (the single-neuron traces are checked to the last printed digit). VOLLEY_PORTABLE=1 builds
/// for the baseline instead, for older x86-64 machines.
var engine = strict
#if arch(x86_64)
if Context.environment["VOLLEY_PORTABLE"] != "1" {
    engine.append(.unsafeFlags(["-target-cpu", "haswell"]))
}
#endif

let package = Package(
    name: "volley",
    products: [
        .executable(name: "volley", targets: ["volley"]),
        .library(name: "VolleyCore", targets: ["VolleyCore"]),
        .library(name: "VolleyConfig", targets: ["VolleyConfig"]),
        .library(name: "VolleyRuntime", targets: ["VolleyRuntime"]),
        .library(name: "VolleyTestKit", targets: ["VolleyTestKit"]),
        .library(name: "ZeroMQ", targets: ["ZeroMQ"]),
        .library(name: "VolleyWire", targets: ["VolleyWire"]),
        .library(name: "VolleyTap", targets: ["VolleyTap"]),
        .library(name: "VolleyFormats", targets: ["VolleyFormats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The dashboard's web server. No traits: swift-configuration support is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // zmq.h and libzmq.so come from the system (Debian: libzmq3-dev, installed by make). No
        // pkgConfig: Debian's libzmq.pc adds krb5 -isystem flags that SwiftPM rejects with a warning.
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], swiftSettings: strict),
        // hdf5.h and libhdf5 come from the system (Debian: libhdf5-dev, installed by make). Its
        // headers live in /usr/include/hdf5/serial, which pkg-config names warning-free (hdf5.pc
        // holds only -I, -L and -l); the shim turns HDF5's macros into functions Swift can call.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .target(
            name: "VolleyCore",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: engine
        ),
        .target(name: "VolleyWire", dependencies: ["VolleyCore"], swiftSettings: strict),
        // The field's file formats (CSV, JSON, .npy, HDF5 and SONATA) read and written: what a run's
        // outputs and a model's inputs are, with no sockets and no taps in it. Only it links libhdf5.
        .target(name: "VolleyFormats", dependencies: ["VolleyCore", "CHDF5"], swiftSettings: strict),
        // Taps: a run's epochs as an analyst receives them, with no sockets in it.
        .target(name: "VolleyTap", dependencies: ["VolleyWire", "VolleyCore", "VolleyFormats"], swiftSettings: strict),
        // Figures of a finished run (SVG, PNG) from its files: a leaf only the command line imports.
        .target(name: "VolleyPlot", dependencies: ["VolleyFormats", "VolleyCore"], swiftSettings: strict),
        .target(name: "VolleyTransport", dependencies: ["VolleyRuntime", "VolleyTap", "VolleyFormats", "VolleyWire", "ZeroMQ"], swiftSettings: strict),
        // The live web page of a run: a tap on its own thread, a hub, Hummingbird and a WebSocket.
        .target(
            name: "VolleyDashboard",
            dependencies: [
                "VolleyTransport", "VolleyTap", "VolleyFormats", "VolleyWire", "VolleyRuntime", "VolleyCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "VolleyCoordinator", dependencies: ["VolleyTransport", "VolleyWire", "VolleyCore", "VolleyRuntime", "VolleyFormats"], swiftSettings: strict),
        .target(name: "VolleyWorker", dependencies: ["VolleyTransport", "VolleyRuntime", "VolleyWire", "VolleyCore"], swiftSettings: strict),
        .target(
            name: "VolleyConfig",
            dependencies: ["VolleyCore", "VolleyFormats", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "VolleyRuntime",
            dependencies: ["VolleyCore", "VolleyFormats", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: strict
        ),
        .target(
            name: "VolleyTestKit",
            dependencies: ["VolleyCore", "VolleyRuntime", "VolleyTransport", "VolleyWire"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "volley",
            dependencies: [
                "VolleyCore", "VolleyConfig", "VolleyRuntime", "VolleyCoordinator", "VolleyWorker", "VolleyTap", "VolleyTransport", "VolleyDashboard",
                "VolleyPlot", "VolleyFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], swiftSettings: strict),
        .testTarget(name: "VolleyTransportTests", dependencies: ["VolleyTransport", "VolleyWire", "ZeroMQ", "VolleyTestKit"], swiftSettings: strict),
        .testTarget(
            name: "VolleyCoordinatorTests", dependencies: ["VolleyCoordinator", "VolleyCore", "VolleyRuntime", "VolleyWire", "VolleyTestKit"],
            swiftSettings: strict),
        .testTarget(name: "VolleyWorkerTests", dependencies: ["VolleyWorker", "VolleyWire", "VolleyTransport", "VolleyTestKit"], swiftSettings: strict),
        .testTarget(name: "VolleyWireTests", dependencies: ["VolleyWire", "VolleyCore", "VolleyTestKit"], swiftSettings: strict),
        .testTarget(name: "VolleyCoreTests", dependencies: ["VolleyCore", "VolleyTestKit"], swiftSettings: strict),
        .testTarget(name: "VolleyConfigTests", dependencies: ["VolleyConfig", "VolleyCore"], swiftSettings: strict),
        .testTarget(name: "VolleyTapTests", dependencies: ["VolleyTap", "VolleyFormats", "VolleyCore", "VolleyWire", "VolleyTestKit"], swiftSettings: strict),
        // CHDF5 too: the tests read spikes.h5 back through libhdf5 itself, not through Volley's writer.
        // Fixtures are read in place (found from #filePath), not bundled: excluded, not resources.
        .testTarget(
            name: "VolleyFormatsTests", dependencies: ["VolleyFormats", "VolleyCore", "VolleyTestKit", "CHDF5"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "VolleyPlotTests", dependencies: ["VolleyPlot", "VolleyFormats", "VolleyCore"], swiftSettings: strict),
        .testTarget(
            name: "VolleyClusterTests",
            dependencies: ["volley", "VolleyTestKit", "VolleyWire", "ZeroMQ", "VolleyCoordinator", "VolleyTransport", "VolleyTap", "VolleyFormats"],
            swiftSettings: strict),
        .testTarget(
            name: "VolleyDashboardTests", dependencies: ["volley", "VolleyDashboard", "VolleyTestKit", "VolleyTap", "VolleyFormats", "VolleyWire", "VolleyCore"],
            swiftSettings: strict),
        .testTarget(
            name: "VolleyCLITests",
            dependencies: ["volley", "VolleyTestKit"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VolleyRuntimeTests",
            dependencies: ["VolleyRuntime", "VolleyCore", "VolleyConfig", "VolleyFormats", "VolleyTestKit"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
