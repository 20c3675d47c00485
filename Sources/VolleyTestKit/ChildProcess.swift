// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A process started in the background for a test, its output going to a file, so that the
/// test can signal it, time how long it takes to end, and read what it said.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    public let logPath: String

    /// Starts `executable ARGS` with extra environment variables.
    public init(_ arguments: [String], executable: String = VolleyProcess.binary, environment: [String: String] = [:], log: String) throws {
        logPath = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// What the process has written so far.
    public var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func signal(_ s: Int32) { kill(pid, s) }

    /// Waits up to `seconds` for the process to end; returns the seconds it took, or `nil`.
    @discardableResult
    public func wait(upTo seconds: Double) -> Double? {
        let start = Date()
        while process.isRunning {
            if Date().timeIntervalSince(start) > seconds { return nil }
            usleep(20_000)
        }
        return Date().timeIntervalSince(start)
    }

    /// Waits until the output contains `text` (up to `seconds`).
    public func waitForOutput(_ text: String, upTo seconds: Double) -> Bool {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if output.contains(text) { return true }
            if !process.isRunning { return output.contains(text) }
            usleep(50_000)
        }
        return false
    }

    public var exitStatus: Int32 { process.terminationStatus }

    deinit {
        if process.isRunning { kill(pid, SIGKILL) }
    }
}

/// The process tree under a pid, read from /proc.
public enum ProcessTree {
    /// Every live descendant of `pid`.
    public static func descendants(of pid: Int32) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let p = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, let parent = Int32(fields[1]) { children[parent, default: []].append(p) }
        }
        var out: [Int32] = []
        var queue = [pid]
        while let p = queue.popLast() {
            for c in children[p] ?? [] {
                out.append(c)
                queue.append(c)
            }
        }
        return out
    }

    /// The command line of a live process.
    public static func commandLine(_ pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
    }

    /// Whether `pid` still exists (and is not a zombie).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
            return false
        }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }
}
