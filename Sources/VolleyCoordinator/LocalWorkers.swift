// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import VolleyRuntime

/// Worker processes launched on this machine by `volley run --workers N`: their output is
/// forwarded with a prefix, their exits are reported, and none outlives the run — they stop
/// when told, when this process goes (they watch their parent), or when killed here.
public final class LocalWorkers: @unchecked Sendable {
    /// One launched process.
    public struct Child {
        public let index: Int
        public let pid: pid_t
    }

    public private(set) var children: [Child] = []
    private var reaped: Set<pid_t> = []
    private var forwarders: [Thread] = []

    public init() {}

    /// Starts `executable` with `arguments` as worker `index`; its stdout and stderr lines are
    /// written to our stderr prefixed with `[worker index]`.
    public func launch(executable: String, arguments: [String], index: Int) throws {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw RunInputError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        // Close-on-exec, so that later children do not hold this one's pipe open.
        _ = fcntl(pipeFDs[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        // A process group of its own: Ctrl-C in a terminal reaches only this process, which
        // asks the workers for a checkpoint before it stops them (they would otherwise abort).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(pipeFDs[1])
        guard rc == 0 else {
            close(pipeFDs[0])
            throw RunInputError("cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        children.append(Child(index: index, pid: pid))
        let readFD = pipeFDs[0]
        let prefix = "[worker \(index)] "
        let thread = Thread {
            LocalWorkers.forward(fd: readFD, prefix: prefix)
        }
        thread.start()
        forwarders.append(thread)
    }

    private static func forward(fd: Int32, prefix: String) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            pending += buffer[0..<n]
            while let nl = pending.firstIndex(of: 10) {
                Console.error(prefix + String(decoding: pending[..<nl], as: UTF8.self) + "\n")
                pending.removeSubrange(...nl)
            }
        }
        if !pending.isEmpty { Console.error(prefix + String(decoding: pending, as: UTF8.self) + "\n") }
        close(fd)
    }

    /// Children that have ended since the last call, with how they ended.
    public func exited() -> [(pid: Int32, status: String)] {
        var out: [(Int32, String)] = []
        for c in children where !reaped.contains(c.pid) {
            var status: Int32 = 0
            let r = waitpid(c.pid, &status, WNOHANG)
            if r == c.pid {
                reaped.insert(c.pid)
                out.append((c.pid, Self.describe(status)))
            }
        }
        return out
    }

    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "was killed by signal \(signal)\(signal == SIGKILL ? " (SIGKILL)" : signal == SIGTERM ? " (SIGTERM)" : "")"
    }

    /// Waits up to `grace` seconds for every child to end, then kills the rest, and reaps all.
    public func stopAll(grace: Double, signalFirst: Bool) {
        let clock = WallClock()
        if signalFirst {
            for c in children where !reaped.contains(c.pid) { kill(c.pid, SIGTERM) }
        }
        while clock.seconds < grace {
            _ = exited()
            if children.allSatisfy({ reaped.contains($0.pid) }) { break }
            usleep(10_000)
        }
        for c in children where !reaped.contains(c.pid) {
            kill(c.pid, SIGKILL)
            var status: Int32 = 0
            waitpid(c.pid, &status, 0)
            reaped.insert(c.pid)
        }
        // Let the forwarders print the children's last words.
        let wait = WallClock()
        while forwarders.contains(where: { !$0.isFinished }) && wait.seconds < 1 { usleep(5_000) }
    }
}
