// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import VolleyConfig
import VolleyCoordinator
import VolleyCore
import VolleyRuntime
import VolleyTransport
import VolleyFormats

/// Distributed runs that checkpoint, resume, and survive a lost worker by rolling back to the
/// last checkpoint (docs/checkpoints.md).
extension DistributedRun {
    /// One run (or resumed run) of a model over local worker processes, as the launcher sees it.
    struct LocalSession {
        var spec: NetworkSpec
        var seed: UInt64
        var tSim: Double
        var options: CoordinatorOptions
    }

    /// How often a run may lose a worker and roll back before it gives up.
    static let maxRollbacks = 5

    /// Conducts `session` over `workers` fresh local worker processes on a private ipc folder,
    /// none left behind. Returns the summary, or throws the coordinator's failure.
    static func conductLocally(
        _ session: LocalSession, workers: Int, keysDirectory: String? = nil, listen: String? = nil
    ) throws -> (summary: JSONValue, hash: String) {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("volley-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let launcher = LocalWorkers()
        defer {
            launcher.stopAll(grace: 2, signalFirst: true)
            try? FileManager.default.removeItem(atPath: dir)
        }
        var options = session.options
        options.listen = listen ?? "ipc://\(dir)/control.ipc"
        options.exitedWorkers = { launcher.exited() }
        let shell = try CoordinatorShell(spec: session.spec, seed: session.seed, tSim: session.tSim, options: options)
        if !options.quiet {
            Console.error("volley: coordinator on \(shell.boundEndpoint), waiting for \(workers) workers (\(options.shards) shards)\n")
        }
        let executable = try currentExecutable()
        for i in 0..<workers {
            try launcher.launch(executable: executable, arguments: [
                "worker", "--coordinator", shell.boundEndpoint, "--data", "ipc://\(dir)/worker-\(i).ipc", "--parent-pid", "\(getpid())",
            ] + (keysDirectory.map { ["--keys", $0] } ?? []), index: i)
        }
        return try shell.run()
    }

    /// Runs `session` locally; with checkpoints on, a lost worker rolls the whole run back to the
    /// latest checkpoint of this run and goes on with new workers, up to `maxRollbacks` times.
    static func runWithRecovery(
        _ first: LocalSession, workers: Int, keysDirectory: String? = nil, listen: String? = nil
    ) throws -> (summary: JSONValue, hash: String) {
        Interrupts.install()
        var session = first
        var rollbacks = 0
        while true {
            do {
                return try conductLocally(session, workers: workers, keysDirectory: keysDirectory, listen: listen)
            } catch let failure as TransportError {
                let every = session.options.checkpoint.map { " --checkpoint-every \(CheckpointOptions.text($0.everyMs))" } ?? ""
                if let stopped = RunInterrupted(failure, continueWith: { "volley resume \($0) --at \($1) --workers \(workers)\(every)" }) {
                    throw stopped
                }
                guard let settings = session.options.checkpoint, Interrupts.pending == nil, rollbacks < maxRollbacks,
                      let checkpoint = latestCheckpoint(settings.directory, for: session)
                else {
                    if let settings = session.options.checkpoint, let c = latestCheckpoint(settings.directory, for: session) {
                        Console.error("volley: run failed: \(failure)\nvolley: resume it with: volley resume \(c.root) --at \(c.manifest.name) --workers \(workers)\n")
                    } else {
                        Console.error("volley: run failed: \(failure)\n")
                    }
                    throw ExitCode(1)
                }
                rollbacks += 1
                Console.error("volley: lost: \(failure)\nvolley: resuming from checkpoint \(checkpoint.directory) "
                    + "(t = \(ProgressReporter.fixed(checkpoint.manifest.timeMs, 1)) ms, epoch \(checkpoint.manifest.epoch)) "
                    + "with \(workers) new workers (rollback \(rollbacks) of at most \(maxRollbacks))\n")
                session.options.resume = checkpoint
            }
        }
    }

    /// The latest complete checkpoint in `directory` of this very run (same model, seed and
    /// length), read and checked; nil if there is none.
    static func latestCheckpoint(_ directory: String, for session: LocalSession) -> LoadedCheckpoint? {
        guard let model = try? CheckpointIdentity.canonicalJSON(session.spec) else { return nil }
        let sha = CheckpointIdentity.sha256(model)
        for entry in CheckpointStore.complete(in: directory).reversed() {
            guard let c = try? CheckpointStore.open(directory, at: entry.ms) else { continue }
            if c.manifest.modelSha256 == sha && c.manifest.seed == session.seed && c.manifest.tSimMs == session.tSim { return c }
        }
        return nil
    }

    /// `volley resume --workers N`: the checkpoint's run continued over N local workers.
    static func resumeLocally(checkpoint: LoadedCheckpoint, options: RunOptions, workers: Int) throws {
        var coordinator = CoordinatorOptions(
            listen: "", workers: workers, shards: max(options.shards, workers), threads: options.threads, outDirectory: options.outDirectory,
            quiet: options.quiet)
        coordinator.formats = options.formats
        coordinator.resume = checkpoint
        coordinator.checkpoint = options.checkpoint
        let session = LocalSession(spec: checkpoint.spec, seed: checkpoint.manifest.seed, tSim: checkpoint.manifest.tSimMs, options: coordinator)
        let (summary, hash) = try runWithRecovery(session, workers: workers)
        Console.output("volley: \(checkpoint.manifest.model): resumed at \(ProgressReporter.fixed(checkpoint.manifest.timeMs, 1)) ms on \(workers) workers; "
            + "\(Int(summary["spikes"]?.double ?? 0)) spikes in \(ProgressReporter.fixed(checkpoint.manifest.tSimMs, 1)) ms; "
            + "spikes_sha256 \(hash); results in \(options.outDirectory ?? "-")\n")
    }
}

extension DistributedRun {
    /// `volley run --workers N --checkpoint-every MS`: checkpoints, and a lost worker rolls the
    /// run back to the latest one.
    static func runLocallyWithCheckpoints(
        config: ModelConfig, model: ModelOptions, workers: Int, out: String, quiet: Bool, listen: String?, security: LinkSecurity?,
        keysDirectory: String?, checkpoint: CheckpointSettings
    ) throws {
        guard model.releaseWindow >= 1 else { throw RunInputError("--release-window must be at least 1") }
        let runOptions = try model.runOptions(config, out: out, quiet: quiet)
        var options = CoordinatorOptions(
            listen: "", workers: workers, shards: model.shards ?? workers * model.threads, threads: model.threads, outDirectory: out,
            quiet: quiet, summaryExtras: runOptions.summaryExtras)
        options.formats = runOptions.formats
        options.finalWeights = runOptions.finalWeights && runOptions.weightsFile
        options.window = model.releaseWindow
        options.security = security
        options.checkpoint = checkpoint
        let session = LocalSession(spec: config.network, seed: config.seed, tSim: config.tSim, options: options)
        let (summary, hash) = try runWithRecovery(session, workers: workers, keysDirectory: keysDirectory, listen: listen)
        if let task = summary["task"] { Console.output(TaskLine.describe(task) + "\n") }
        let build = summary["timing"]?["build_s"]?.double ?? 0
        let sim = summary["timing"]?["sim_s"]?.double ?? 0
        Console.output("volley: \(config.network.name): \(config.network.neuronCount) neurons on \(workers) workers, "
            + "\(Int(summary["spikes"]?.double ?? 0)) spikes in \(ProgressReporter.fixed(config.tSim, 1)) ms; "
            + "build \(ProgressReporter.fixed(build, 2)) s, sim \(ProgressReporter.fixed(sim, 2)) s; "
            + "spikes_sha256 \(hash); results in \(out)\n")
    }
}

extension DistributedRun {
    /// `volley coordinator` with checkpoints: a lost worker rolls the run back to the latest
    /// checkpoint; the other workers join again and the coordinator waits up to
    /// `replacementTimeout` seconds for a replacement of the lost one (a restarted pod, a
    /// requeued job, a spare). Without one in time it exits non-zero, saying how to resume.
    static func coordinateWithRecovery(
        spec: NetworkSpec, seed: UInt64, tSim: Double, options first: CoordinatorOptions, replacementTimeout: Double
    ) throws -> (summary: JSONValue, hash: String) {
        Interrupts.install()
        var options = first
        var rollbacks = 0
        var lost: String?
        while true {
            // The workers are told to join again only while another rollback is allowed.
            options.rollbackOnLoss = options.checkpoint != nil && rollbacks < maxRollbacks
            let shell = try CoordinatorShell(spec: spec, seed: seed, tSim: tSim, options: options)
            if !options.quiet {
                Console.error("volley: coordinator on \(shell.boundEndpoint), waiting for \(options.workers) workers (\(options.shards) shards)\n")
            }
            // The workers join again where they joined: a wildcard port stays the one it became.
            options.listen = shell.boundEndpoint
            do {
                return try shell.run()
            } catch let failure as TransportError {
                if let stopped = RunInterrupted(failure, continueWith: { dir, name in
                    "volley coordinator <model> --resume \(dir) --at \(name) (with the same options; workers join as usual)"
                }) { throw stopped }
                let session = LocalSession(spec: spec, seed: seed, tSim: tSim, options: options)
                let latest = options.checkpoint.flatMap { latestCheckpoint($0.directory, for: session) }
                let resumeHint = latest.map { "; resume with: volley coordinator <model> --resume \($0.root) --at \($0.manifest.name) …" } ?? ""
                if let lost, !shell.hasStarted {
                    Console.error("volley: run failed: \(lost); no replacement joined within \(Int(replacementTimeout)) s (\(failure))\(resumeHint)\n")
                    throw ExitCode(1)
                }
                guard let checkpoint = latest, Interrupts.pending == nil, rollbacks < maxRollbacks else {
                    Console.error("volley: run failed: \(failure)\(resumeHint)\n")
                    throw ExitCode(1)
                }
                rollbacks += 1
                lost = "\(failure)"
                Console.error("volley: lost: \(failure)\nvolley: resuming from checkpoint \(checkpoint.directory) "
                    + "(t = \(ProgressReporter.fixed(checkpoint.manifest.timeMs, 1)) ms, epoch \(checkpoint.manifest.epoch)); "
                    + "waiting up to \(Int(replacementTimeout)) s for \(options.workers) workers to join "
                    + "(rollback \(rollbacks) of at most \(maxRollbacks))\n")
                options.resume = checkpoint
                options.joinTimeout = replacementTimeout
            }
        }
    }
}

extension RunInterrupted {
    /// A distributed run stopped by a signal after writing its checkpoint: what to say, with how
    /// to go on (`continueWith` the checkpoint folder and the checkpoint's name); nil for any
    /// other failure.
    init?(_ failure: TransportError, continueWith: (String, String) -> String) {
        guard case .interrupted(let signal, let path?, let ms) = failure else { return nil }
        let root = (path as NSString).deletingLastPathComponent
        self.init("interrupted by \(signal) at \(ProgressReporter.fixed(ms ?? 0, 1)) ms; checkpoint written to \(path); "
            + "continue with: \(continueWith(root, (path as NSString).lastPathComponent))")
    }
}
