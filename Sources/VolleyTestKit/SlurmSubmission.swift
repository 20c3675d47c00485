// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `sbatch --wait --parsable` running in the background: it returns when the job has ended,
/// with the job's exit status, so a test can time how long a job takes to fail.
public final class SlurmSubmission: @unchecked Sendable {
    /// sbatch itself; its log holds the job id and sbatch's errors (the job writes where its
    /// `-o` says).
    public let sbatch: SpawnedProcess

    init(sbatch path: String, arguments: [String], currentDirectory: String, environment: [String: String], log: String) throws {
        sbatch = try SpawnedProcess(path, ["--wait", "--parsable"] + arguments, environment: environment,
                                    currentDirectory: currentDirectory, log: log)
    }

    /// What sbatch has written so far.
    public var output: String { sbatch.output }

    /// The job's id, once sbatch has printed it (`--parsable`: `ID` or `ID;CLUSTER`).
    public var jobID: Int? {
        output.split(separator: "\n").lazy.compactMap { Int($0.split(separator: ";").first ?? "") }.first
    }

    public var isRunning: Bool { sbatch.isRunning }
    /// sbatch's exit status: with --wait, the job's.
    public var exitStatus: Int32 { sbatch.exitStatus }

    /// Waits up to `seconds` for sbatch to return; the seconds it took, or `nil`.
    @discardableResult
    public func wait(upTo seconds: Double) -> Double? { sbatch.wait(upTo: seconds) }
}

extension SlurmCluster {
    /// Submits a batch job with `sbatch --wait` from `directory` (the job's submit directory),
    /// with this cluster's environment plus `environment` — which sbatch hands on to the job.
    public func submit(_ arguments: [String], from directory: String, environment extra: [String: String] = [:], log: String) throws
        -> SlurmSubmission
    {
        guard let sbatch = Self.tool("sbatch") else { throw SlurmError("sbatch is not installed") }
        return try SlurmSubmission(
            sbatch: sbatch, arguments: arguments, currentDirectory: directory, environment: environment.merging(extra) { _, new in new },
            log: log)
    }
}
