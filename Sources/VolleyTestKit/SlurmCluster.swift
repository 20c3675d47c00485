// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A throw-away single-node Slurm cluster for a test: munged, slurmctld and slurmd of the Debian
/// packages, run as root from a slurm.conf in a temporary folder, and stopped by pid — nothing of
/// it outlives `stop()`.
///
/// The settings are the ones that work without systemd or cgroups: process tracking through
/// /proc (proctrack/linuxproc), no task plugin, and MinJobAge=5, because `sbatch --wait` polls
/// every 2 s only while MinJobAge/2 is above its poll interval (at the default of 300 it backs
/// off to 10, 42, 74 s).
public final class SlurmCluster: @unchecked Sendable {
    /// The cluster's folder: slurm.conf, the daemons' state, spool, logs and munge key.
    public let directory: String
    /// The slurm.conf that Slurm's commands find through SLURM_CONF.
    public let configPath: String
    private var daemons: [(name: String, process: SpawnedProcess)] = []
    private var commandsRun = 0
    private var stopped = false

    /// Starts the daemons and waits until the node is idle. `directory` must not exist yet and
    /// every folder above it must be world-executable (munged checks the path to its socket).
    public init(directory: String) throws {
        self.directory = directory
        configPath = directory + "/slurm.conf"
        do {
            try start()
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// The environment for Slurm's commands: this process's, minus whatever a surrounding Slurm
    /// job set, plus SLURM_CONF pointing at this cluster.
    public var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !["SLURM_", "SBATCH_", "SRUN_", "SALLOC_"].contains { key.hasPrefix($0) }
        }
        env["SLURM_CONF"] = configPath
        return env
    }

    /// Runs one of Slurm's commands (sinfo, squeue, scancel, ...) against this cluster and waits
    /// (up to a minute: a command that hangs is a failure, not a reason to hang the test).
    public func run(_ command: String, _ arguments: [String]) throws -> VolleyProcess.Result {
        guard let path = Self.tool(command) else { throw SlurmError("\(command) is not installed") }
        commandsRun += 1
        let log = directory + "/log/command-\(commandsRun).out"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = try SpawnedProcess(path, arguments, environment: environment, log: log)
        guard process.wait(upTo: 60) != nil else {
            process.signal(SIGKILL)
            throw SlurmError("\(command) \(arguments.joined(separator: " ")) did not return within 60 s")
        }
        return VolleyProcess.Result(status: process.exitStatus, stdout: process.output, stderr: "")
    }

    /// Processes of this cluster's jobs (batch scripts, srun, tasks) that are still alive: those
    /// whose environment names this cluster's slurm.conf and a job.
    public func jobProcesses() -> [Int32] {
        let marker = Data("SLURM_CONF=\(configPath)\0".utf8)
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(), ProcessTree.isAlive(pid),
                  let env = FileManager.default.contents(atPath: "/proc/\(entry)/environ"),
                  env.range(of: marker) != nil, env.range(of: Data("SLURM_JOB_ID=".utf8)) != nil else { return nil }
            return pid
        }
    }

    /// Cancels every job, stops the daemons (slurmd and slurmctld, then munged) and removes the
    /// folder. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        if daemons.contains(where: { $0.name == "slurmctld" && $0.process.isRunning }) {
            let ids = ((try? run("squeue", ["-h", "-o", "%i"]))?.stdout ?? "").split(separator: "\n").map(String.init)
            if !ids.isEmpty { _ = try? run("scancel", ids) }
            _ = Wait.until(seconds: 20) { ((try? self.run("squeue", ["-h"]))?.stdout ?? "").isEmpty }
            // Each slurmstepd holds a socket in the spool folder until it has ended.
            _ = Wait.until(seconds: 10) { !Self.containsSocket(self.directory + "/spool") }
        }
        Self.terminate(daemons.filter { $0.name != "munged" }.map(\.process))
        Self.terminate(daemons.filter { $0.name == "munged" }.map(\.process))
        for pid in jobProcesses() { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func start() throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: directory) else { throw SlurmError("\(directory) exists") }
        for sub in ["log", "state", "spool", "run", "munge"] {
            try fm.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
        }
        chmod(directory, 0o755)
        chmod(directory + "/run", 0o755)
        chmod(directory + "/munge", 0o700)
        let key = directory + "/munge/munge.key", socket = directory + "/run/munge.sock"
        let made = try Self.runTool("mungekey", ["-c", "-k", key])
        guard made.status == 0 else { throw SlurmError("mungekey failed: \(made.output)") }
        chmod(key, 0o400)
        let host = Self.shortHostName
        let ports = try Self.freePorts(2)
        try configuration(host: host, controllerPort: ports[0], nodePort: ports[1])
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: directory + "/spool/" + host, withIntermediateDirectories: true)

        try startDaemon("munged", ["-F", "--key-file=\(key)", "--socket=\(socket)", "--pid-file=\(directory)/run/munged.pid",
                                   "--seed-file=\(directory)/munge/munged.seed"])
        guard Wait.until(seconds: 10, { fm.fileExists(atPath: socket) }) else { throw failure("munged made no socket") }
        try startDaemon("slurmctld", ["-D", "-i", "-f", configPath])
        try startDaemon("slurmd", ["-D", "-N", host, "-f", configPath])
        var state = ""
        let idle = Wait.until(seconds: 60) {
            state = ((try? self.run("sinfo", ["-h", "-N", "-o", "%T"]))?.stdout ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return state == "idle"
        }
        guard idle else { throw failure("the node is '\(state)', not idle, after 60 s") }
    }

    private func configuration(host: String, controllerPort: Int, nodePort: Int) -> String {
        let memoryMB = Int(Double(ProcessInfo.processInfo.physicalMemory) / 1_048_576 * 0.9)
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        return """
            ClusterName=volleytest
            SlurmctldHost=\(host)(127.0.0.1)
            SlurmctldPort=\(controllerPort)
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket=\(directory)/run/munge.sock
            StateSaveLocation=\(directory)/state
            SlurmdSpoolDir=\(directory)/spool/%n
            SlurmctldPidFile=\(directory)/run/slurmctld.pid
            SlurmdPidFile=\(directory)/run/slurmd-%n.pid
            SlurmctldLogFile=\(directory)/log/slurmctld.log
            SlurmdLogFile=\(directory)/log/slurmd-%n.log
            MailProg=/bin/true
            MpiDefault=none
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            SchedulerType=sched/backfill
            SchedulerParameters=bf_interval=1
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            ReturnToService=2
            MinJobAge=5
            NodeName=\(host) NodeHostname=\(host) NodeAddr=127.0.0.1 Port=\(nodePort) CPUs=\(cpus) RealMemory=\(memoryMB) State=UNKNOWN
            PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """
    }

    private func startDaemon(_ name: String, _ arguments: [String]) throws {
        guard let path = Self.tool(name) else { throw SlurmError("\(name) is not installed") }
        // The daemons read their configuration from -f; SLURM_CONF stays out of their
        // environment so that only job processes carry it (see jobProcesses()).
        let env = environment.filter { $0.key != "SLURM_CONF" }
        daemons.append((name, try SpawnedProcess(path, arguments, environment: env, log: directory + "/log/\(name).stderr")))
    }

    /// An error that carries the end of every daemon log, which is where Slurm says why.
    private func failure(_ what: String) -> SlurmError {
        let logs = ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/log")) ?? []).sorted().map { name in
            let text = (try? String(contentsOfFile: directory + "/log/" + name, encoding: .utf8)) ?? ""
            return "--- \(name)\n" + text.split(separator: "\n").suffix(8).joined(separator: "\n")
        }
        return SlurmError("Slurm did not start: \(what)\n" + logs.joined(separator: "\n"))
    }

    /// SIGTERM to all, up to 10 s to end, then SIGKILL.
    private static func terminate(_ processes: [SpawnedProcess]) {
        for p in processes { p.signal(SIGTERM) }
        if !Wait.until(seconds: 10, { processes.allSatisfy { !$0.isRunning } }) {
            for p in processes { p.signal(SIGKILL) }
        }
        for p in processes { p.wait(upTo: 5) }
    }

    private static func containsSocket(_ folder: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return false }
        for case let path as String in walker {
            var info = stat()
            if lstat(folder + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK { return true }
        }
        return false
    }

    /// A tcp port free on the loopback right now.
    public static func freePort() throws -> Int { try freePorts(1)[0] }

    /// Distinct free tcp ports on the loopback (held open together, so they differ), drawn
    /// below Linux's ephemeral range (32768–60999): a port the kernel hands out for port 0 is
    /// free again at once, and a concurrent test's own bind to port 0 or outgoing connection
    /// could take it before the job binds it.
    static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { for s in sockets { close(s) } }
        var ports: [Int] = []
        var attempts = 0
        while ports.count < count {
            attempts += 1
            guard attempts < 1000 else { throw SlurmError("no free port in 20000–31999 after 1000 tries") }
            let port = Int.random(in: 20_000..<32_000)
            guard !ports.contains(port) else { continue }
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard s >= 0 else { throw SlurmError("socket: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let size = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, size) == 0 }
            }
            guard ok else {
                close(s)
                continue
            }
            sockets.append(s)
            ports.append(port)
        }
        return ports
    }
}

/// Why a test cluster could not be installed, started or used.
public struct SlurmError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
