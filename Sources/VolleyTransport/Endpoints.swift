// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif

/// Endpoint text: what others must connect to when this process bound a wildcard address.
public enum Endpoints {
    /// `tcp://0.0.0.0:5001` bound here becomes `tcp://HOST:5001` for peers, HOST being
    /// `advertise` or else the local address that routes towards `peerHost`.
    public static func advertised(_ bound: String, advertise: String?, peerHost: String?) -> String {
        guard bound.hasPrefix("tcp://"), let colon = bound.lastIndex(of: ":") else { return bound }
        let host = String(bound[bound.index(bound.startIndex, offsetBy: 6)..<colon])
        guard host == "0.0.0.0" || host == "*" || host == "[::]" else { return bound }
        let chosen = advertise ?? peerHost.flatMap(localAddress(towards:)) ?? hostName()
        return "tcp://\(chosen)\(bound[colon...])"
    }

    /// Whether a tcp endpoint's host is a loopback address (reachable from this machine only);
    /// wildcards (`*`, `0.0.0.0`) are not.
    public static func isLoopback(_ endpoint: String) -> Bool {
        guard var host = host(of: endpoint) else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The host part of a tcp endpoint.
    public static func host(of endpoint: String) -> String? {
        guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") else { return nil }
        return String(endpoint[endpoint.index(endpoint.startIndex, offsetBy: 6)..<colon])
    }

    /// The local IPv4 address the kernel would use to reach `host` (no packet is sent).
    public static func localAddress(towards host: String) -> String? {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, "9", &hints, &result) == 0, let info = result else { return nil }
        defer { freeaddrinfo(result) }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { return nil }
        var local = sockaddr_in()
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) == 0 }
        }
        guard ok else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        var addr = local.sin_addr
        guard inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// This machine's host name.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
