// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import VolleyConfig
import VolleyCoordinator
import VolleyRuntime
import VolleyTransport
import VolleyFormats

/// Runs with worker processes: the coordinator in this process, the workers launched here over
/// ipc (`volley run --workers N`) or started elsewhere (`volley coordinator`).
enum DistributedRun {
    /// Conducts a run from this process. `launcher` (with `launch`, called once the control
    /// endpoint is bound) starts local workers and reports their exits.
    static func conduct(
        config: ModelConfig, model: ModelOptions, listen: String, workers: Int, out: String, quiet: Bool,
        security: LinkSecurity? = nil, launcher: LocalWorkers? = nil, launch: (String) throws -> Void = { _ in }
    ) throws {
        Interrupts.install()
        let shards = model.shards ?? workers * model.threads
        let runOptions = try model.runOptions(config, out: out, quiet: quiet)
        var options = CoordinatorOptions(
            listen: listen, workers: workers, shards: shards, threads: model.threads, outDirectory: out, quiet: quiet,
            summaryExtras: runOptions.summaryExtras)
        options.formats = runOptions.formats
        options.finalWeights = runOptions.finalWeights && runOptions.weightsFile
        if let launcher { options.exitedWorkers = { launcher.exited() } }
        guard model.releaseWindow >= 1 else { throw RunInputError("--release-window must be at least 1") }
        options.window = model.releaseWindow
        options.security = security
        let shell = try CoordinatorShell(spec: config.network, seed: config.seed, tSim: config.tSim, options: options)
        if !quiet {
            Console.error("volley: coordinator on \(shell.boundEndpoint), waiting for \(workers) workers (\(shards) shards)\n")
        }
        try launch(shell.boundEndpoint)
        let summary: JSONValue, hash: String
        do {
            (summary, hash) = try shell.run()
        } catch {
            Console.error("volley: run failed: \(error)\n")
            throw ExitCode(1)
        }
        if let task = summary["task"] { Console.output(TaskLine.describe(task) + "\n") }
        let build = summary["timing"]?["build_s"]?.double ?? 0
        let sim = summary["timing"]?["sim_s"]?.double ?? 0
        Console.output("volley: \(config.network.name): \(config.network.neuronCount) neurons on \(workers) workers, "
            + "\(Int(summary["spikes"]?.double ?? 0)) spikes in \(ProgressReporter.fixed(config.tSim, 1)) ms; "
            + "build \(ProgressReporter.fixed(build, 2)) s, sim \(ProgressReporter.fixed(sim, 2)) s; \(memoryLine(summary)); "
            + "spikes_sha256 \(hash); results in \(out)\n")
    }

    /// "peak memory 4.9 GB over 2 workers + coordinator (largest worker 2.4 GB, coordinator 43 MB)",
    /// from summary.json's `memory` and `workers_detail`.
    static func memoryLine(_ summary: JSONValue) -> String {
        let memory = summary["memory"]
        let total = memory?["total_peak_rss_mb"]?.double ?? 0
        let coordinator = memory?["coordinator_peak_rss_mb"]?.double ?? 0
        var largest = 0.0, workers = 0
        if case .array(let detail)? = summary["workers_detail"] {
            workers = detail.count
            largest = detail.compactMap { $0["peak_rss_mb"]?.double }.max() ?? 0
        }
        return "peak memory \(megabytes(total)) over \(workers) workers + coordinator "
            + "(largest worker \(megabytes(largest)), coordinator \(megabytes(coordinator)))"
    }

    /// MB (10⁶ bytes) as people read them: "43 MB", "2.4 GB".
    static func megabytes(_ mb: Double) -> String {
        mb >= 1000 ? "\(ProgressReporter.fixed(mb / 1000, 1)) GB" : "\(ProgressReporter.fixed(mb, 0)) MB"
    }

    /// `volley run --workers N`: N local worker processes over ipc, none left behind.
    static func runLocally(
        config: ModelConfig, model: ModelOptions, workers: Int, out: String, quiet: Bool, listen: String? = nil, security: LinkSecurity? = nil,
        keysDirectory: String? = nil
    ) throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("volley-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let launcher = LocalWorkers()
        defer {
            launcher.stopAll(grace: 2, signalFirst: true)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let executable = try currentExecutable()
        let control = listen ?? "ipc://\(dir)/control.ipc"
        try conduct(
            config: config, model: model, listen: control, workers: workers, out: out, quiet: quiet, security: security, launcher: launcher
        ) { bound in
            for i in 0..<workers {
                try launcher.launch(executable: executable, arguments: [
                    "worker", "--coordinator", bound, "--data", "ipc://\(dir)/worker-\(i).ipc", "--parent-pid", "\(getpid())",
                ] + (keysDirectory.map { ["--keys", $0] } ?? []), index: i)
            }
        }
    }

    /// The path of this executable, to start workers with.
    static func currentExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw RunInputError("cannot find the volley executable to start workers with") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
