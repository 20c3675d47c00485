// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// Runs the `volley` executable as a child process, as a user would, and captures what it says.
public enum VolleyProcess {
    /// The outcome of one invocation.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// Both streams, for messages.
        public var output: String { stdout + stderr }
    }

    /// The executable under test: `VOLLEY_BIN` if set (`make test` points it at a release
    /// build), else the debug build next to the test bundle.
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["VOLLEY_BIN"], !path.isEmpty { return path }
        return debugBinary
    }

    /// The debug build of `volley` that `swift test` builds alongside the tests.
    public static var debugBinary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("volley").path
    }

    /// Whether slow tests (full-scale networks, many processes) run: `make test` sets
    /// `VOLLEY_RUN_SLOW_TESTS=1` together with a release `VOLLEY_BIN`.
    public static var slowTestsEnabled: Bool {
        ProcessInfo.processInfo.environment["VOLLEY_RUN_SLOW_TESTS"] == "1"
    }

    /// The Python that checks spikes.h5 (h5py, numpy, and libsonata if it installed):
    /// `VOLLEY_PYTHON`, which `make test` points at its virtual environment `.venv-test`; nil
    /// when unset.
    public static var python: String? {
        guard let path = ProcessInfo.processInfo.environment["VOLLEY_PYTHON"], !path.isEmpty else { return nil }
        return path
    }

    /// The repository root (for `configs/`), found from this file's location.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A model file from `configs/`.
    public static func config(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("configs/\(name)").path
    }

    /// Runs `volley ARGS` (or another executable) and waits for it; `environment` overrides
    /// variables of this process's environment for the child (PATH, to hide a tool from it).
    public static func run(_ arguments: [String], executable: String? = nil, currentDirectory: String? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the child runs, so a full pipe never blocks it.
        let outData = ReadBox(), errData = ReadBox()
        let group = DispatchGroup()
        for (pipe, box) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData.data, as: UTF8.self),
            stderr: String(decoding: errData.data, as: UTF8.self))
    }

    private final class ReadBox: @unchecked Sendable {
        var data = Data()
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("volley-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `spikes_sha256` from a run's `summary.json`.
    public static func spikeHash(in directory: String) throws -> String {
        let summary = try summary(in: directory)
        guard let hash = summary["spikes_sha256"] as? String else { throw CocoaError(.fileReadCorruptFile) }
        return hash
    }

    /// A run's `summary.json`, parsed.
    public static func summary(in directory: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/summary.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return object
    }
}
