// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Hosts for a test, made of Linux network namespaces joined by a bridge (in a namespace of its
/// own, so the machine's own network is untouched): host i has address 10.77.0.(i+1). Needs
/// root (`ip netns`); `remove()` deletes everything, and namespaces left by a test process that
/// died are removed by the next one.
public final class TestNetwork {
    public let hosts: [String]
    private let bridge: String
    private let tag: String
    public static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Why namespaces cannot be made here, or `nil` if they can.
    public static func unavailableReason() -> String? {
        guard ip != nil else { return "the ip command (iproute2) is not installed" }
        guard geteuid() == 0 else { return "network namespaces need root (CI runs as root)" }
        return nil
    }

    /// The address of host `i`.
    public static func address(_ i: Int) -> String { "10.77.0.\(i + 1)" }

    public init(hosts count: Int) throws {
        TestNetwork.removeStale()
        let tag = "vly\(getpid())x\(UInt32.random(in: 0..<100_000))"
        self.tag = tag
        bridge = tag + "br"
        hosts = (0..<count).map { "\(tag)h\($0)" }
        do {
            try Self.ip(["netns", "add", bridge])
            try Self.ip(["-n", bridge, "link", "add", "br0", "type", "bridge"])
            try Self.ip(["-n", bridge, "link", "set", "br0", "up"])
            for (i, host) in hosts.enumerated() {
                let outer = "\(tag.suffix(6))o\(i)", inner = "\(tag.suffix(6))i\(i)"
                try Self.ip(["netns", "add", host])
                try Self.ip(["-n", host, "link", "set", "lo", "up"])
                try Self.ip(["link", "add", outer, "type", "veth", "peer", "name", inner])
                try Self.ip(["link", "set", outer, "netns", bridge])
                try Self.ip(["link", "set", inner, "netns", host])
                try Self.ip(["-n", bridge, "link", "set", outer, "master", "br0", "up"])
                try Self.ip(["-n", host, "addr", "add", "\(Self.address(i))/24", "dev", inner])
                try Self.ip(["-n", host, "link", "set", inner, "up"])
            }
        } catch {
            remove()
            throw error
        }
    }

    /// The command line that runs `arguments` inside host `i`.
    public func inHost(_ i: Int, _ arguments: [String]) -> [String] {
        ["netns", "exec", hosts[i]] + arguments
    }

    /// The command line that runs `arguments` where the hosts' traffic meets: in the bridge's
    /// namespace, whose `br0` sees every packet between hosts (a capture there sees it all).
    public func inBridge(_ arguments: [String]) -> [String] {
        ["netns", "exec", bridge] + arguments
    }

    /// Deletes the namespaces (and with them the veth pairs and the bridge).
    public func remove() {
        for name in hosts + [bridge] { _ = try? Self.ip(["netns", "del", name]) }
    }

    deinit { remove() }

    /// Namespaces of earlier test processes that no longer exist.
    static func removeStale() {
        let dir = "/var/run/netns"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix("vly") {
            let digits = name.dropFirst(3).prefix { $0.isNumber }
            if let pid = Int32(digits), kill(pid, 0) != 0 { _ = try? ip(["netns", "del", name]) }
        }
    }

    @discardableResult
    static func ip(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ip!)
        p.arguments = arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "TestNetwork", code: Int(p.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "ip \(arguments.joined(separator: " ")): \(message)"])
        }
        return message
    }
}
