// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VolleyTransport

extension SlurmCluster {
    /// The Debian packages of a single-node cluster.
    public static let packages = ["slurmctld", "slurmd", "slurm-client", "munge"]

    static let commands = ["slurmctld", "slurmd", "sbatch", "srun", "squeue", "scancel", "scontrol", "sinfo", "munged", "mungekey"]

    /// Why a cluster cannot be started here, or `nil` if it can (after `installIfMissing()`).
    public static func unavailableReason() -> String? {
        guard geteuid() == 0 else { return "Slurm's daemons run as root here (SlurmUser=root), and installing them needs root too (CI runs as root)" }
        guard missingCommands().isEmpty || tool("apt-get") != nil else {
            return "\(missingCommands().joined(separator: ", ")) missing and no apt-get to install \(packages.joined(separator: " "))"
        }
        guard Endpoints.localAddress(towards: shortHostName) != nil else {
            return "this machine's name '\(shortHostName)' does not resolve (the sbatch script reaches the first node by its name): add it to /etc/hosts"
        }
        return nil
    }

    /// Installs the packages with apt-get when a command is missing; the package scripts are kept
    /// from starting the machine's own munge and Slurm services, which the test does not use.
    public static func installIfMissing() throws {
        guard !missingCommands().isEmpty else { return }
        let policy = "/usr/sbin/policy-rc.d"
        let madePolicy = !FileManager.default.fileExists(atPath: policy)
        if madePolicy {
            _ = FileManager.default.createFile(atPath: policy, contents: Data("#!/bin/sh\nexit 101\n".utf8), attributes: [.posixPermissions: 0o755])
        }
        defer { if madePolicy { try? FileManager.default.removeItem(atPath: policy) } }
        let install = ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-q", "--no-install-recommends"] + packages
        var result = try runTool("apt-get", install)
        if result.status != 0 {
            // A fresh machine may have no package lists yet.
            _ = try runTool("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update", "-q"])
            result = try runTool("apt-get", install)
        }
        let missing = missingCommands()
        guard result.status == 0, missing.isEmpty else {
            throw SlurmError("apt-get install \(packages.joined(separator: " ")) failed (still missing: \(missing.joined(separator: ", "))): "
                + result.output.split(separator: "\n").suffix(5).joined(separator: "\n"))
        }
    }

    static func missingCommands() -> [String] { commands.filter { tool($0) == nil } }

    /// The full path of a command, looked up on PATH and in the system folders (daemons live in
    /// /usr/sbin, which a test's PATH may lack).
    static func tool(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (path + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]).map { $0 + "/" + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool with this process's environment and waits for it (up to 10 min).
    static func runTool(_ name: String, _ arguments: [String]) throws -> VolleyProcess.Result {
        guard let path = tool(name) else { throw SlurmError("\(name) is not installed") }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("volley-\(name)-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var env = ProcessInfo.processInfo.environment
        env["DEBIAN_FRONTEND"] = "noninteractive"
        let process = try SpawnedProcess(path, arguments, environment: env, log: log)
        guard process.wait(upTo: 600) != nil else {
            process.signal(SIGKILL)
            throw SlurmError("\(name) \(arguments.joined(separator: " ")) did not return within 10 min")
        }
        return VolleyProcess.Result(status: process.exitStatus, stdout: process.output, stderr: "")
    }

    /// `hostname -s`: the node's name in slurm.conf must be what slurmd finds for itself.
    static var shortHostName: String {
        String(Endpoints.hostName().split(separator: ".").first ?? "localhost")
    }
}
