// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A child started with posix_spawn and reaped with waitpid, its output going to a file.
///
/// For programs Foundation's `Process` cannot be trusted with: Process learns of a child's end
/// when a descriptor it leaves in the child closes, then blocks in waitpid — so a daemon that
/// closes what it inherited (slurmctld, slurmd) stalls every other Process of the test binary.
/// Process also hands on the signal mask of the thread that started it, in which SIGTERM may be
/// blocked; here the child starts with no signal blocked and every signal at its default.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Where stdout and stderr go.
    public let logPath: String
    private var rawStatus: Int32?

    /// Starts `executable ARGS` with exactly `environment`, in `currentDirectory` if given.
    public init(_ executable: String, _ arguments: [String], environment: [String: String], currentDirectory: String? = nil,
                log: String) throws {
        logPath = log
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Nothing of the test binary's open files (pipes of other tests' children among them)
        // goes to the child: a long-lived child holding a pipe open would keep its reader waiting.
        // glibc ignores a close of a descriptor that has been closed since.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(entry), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // Swift's Glibc lacks posix_spawn_file_actions_addchdir_np: a shell changes directory and
        // execs the program in its place.
        let command = currentDirectory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child = pid_t()
        let rc = posix_spawn(&child, command[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        pid = child
    }

    /// Whether the child still runs (reaping it if it has ended).
    public var isRunning: Bool {
        reap()
        return rawStatus == nil
    }

    /// The exit code, or 128 + the signal that ended it; -1 while it runs.
    public var exitStatus: Int32 {
        reap()
        guard let s = rawStatus else { return -1 }
        return s & 0x7f == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f)
    }

    /// What the child has written so far.
    public var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func signal(_ s: Int32) {
        if isRunning { kill(pid, s) }
    }

    /// Waits up to `seconds` for the child to end; the seconds it took, or `nil`.
    @discardableResult
    public func wait(upTo seconds: Double) -> Double? {
        let start = Date()
        while isRunning {
            if Date().timeIntervalSince(start) > seconds { return nil }
            usleep(20_000)
        }
        return Date().timeIntervalSince(start)
    }

    private func reap() {
        guard rawStatus == nil else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { rawStatus = status }
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
