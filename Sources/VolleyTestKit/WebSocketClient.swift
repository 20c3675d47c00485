// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A blocking, text-only WebSocket client (RFC 6455) over a plain TCP socket, enough to speak
/// to the dashboard and to a headless browser's DevTools from a test without a dependency.
public final class WebSocketClient {
    /// Why a WebSocket exchange failed.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ d: String) { description = d }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `ws://host:port/path` and completes the handshake within `timeout` seconds.
    public init(url: String, timeout: Double = 10) throws {
        guard let u = URL(string: url), u.scheme == "ws", let host = u.host, let port = u.port else {
            throw Failure("not a ws://HOST:PORT/PATH address: \(url)")
        }
        fd = try Self.connect(host: host, port: port)
        let path = u.path.isEmpty ? "/" : u.path + (u.query.map { "?" + $0 } ?? "")
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let request =
            "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n"
        do {
            try send(Array(request.utf8))
            let head = try readHead(timeout: timeout)
            guard head.hasPrefix("HTTP/1.1 101") else {
                throw Failure("the server did not upgrade: \(head.prefix(200))")
            }
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    /// Sends one text message.
    public func send(text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        // Client frames are masked (RFC 6455 §5.3).
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((UInt64(payload.count) >> (8 * UInt64($0))) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $1 ^ mask[$0 & 3] }
        try send(frame)
    }

    /// The next text message, or nil if none came within `timeout` seconds. Pings are answered;
    /// a close frame is an error.
    public func receive(timeout: Double) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var message: [UInt8] = []
        while true {
            guard let header = try read(2, until: deadline) else { return nil }
            let opcode = header[0] & 0x0F
            let fin = header[0] & 0x80 != 0
            var length = Int(header[1] & 0x7F)
            if length == 126 {
                guard let b = try read(2, until: deadline.addingTimeInterval(5)) else {
                    throw Failure("a truncated frame")
                }
                length = Int(b[0]) << 8 | Int(b[1])
            } else if length == 127 {
                guard let b = try read(8, until: deadline.addingTimeInterval(5)) else {
                    throw Failure("a truncated frame")
                }
                length = b.reduce(0) { $0 << 8 | Int($1) }
            }
            let masked = header[1] & 0x80 != 0
            let mask = masked ? try read(4, until: deadline.addingTimeInterval(5)) ?? [] : []
            // Once a frame has begun, its rest is due promptly, whatever the caller's timeout.
            guard var payload = try read(length, until: Date().addingTimeInterval(30)) else {
                throw Failure("a truncated frame")
            }
            if masked { payload = payload.enumerated().map { $1 ^ mask[$0 & 3] } }
            switch opcode {
            case 0x8: throw Failure("the server closed the WebSocket")
            case 0x9: try sendControl(0xA, payload)
            case 0xA: break
            default:
                message += payload
                if fin { return String(decoding: message, as: UTF8.self) }
            }
        }
    }

    private func sendControl(_ opcode: UInt8, _ payload: [UInt8]) throws {
        let mask: [UInt8] = [1, 2, 3, 4]
        try send([0x80 | opcode, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $1 ^ mask[$0 & 3] })
    }

    private func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure("send failed: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// Reads until the end of the HTTP response head.
    private func readHead(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let end: [UInt8] = [13, 10, 13, 10]
        while true {
            if let r = buffer.firstRange(of: end) {
                let head = String(decoding: buffer[..<r.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<r.upperBound)
                return head
            }
            guard try fill(until: deadline) else { throw Failure("no handshake reply within \(timeout) s") }
        }
    }

    /// Exactly `count` bytes, or nil if they did not all come by `deadline`.
    private func read(_ count: Int, until deadline: Date) throws -> [UInt8]? {
        while buffer.count < count {
            guard try fill(until: deadline) else { return nil }
        }
        let out = Array(buffer[..<count])
        buffer.removeFirst(count)
        return out
    }

    /// Whatever arrives before `deadline`; false if nothing did.
    private func fill(until deadline: Date) throws -> Bool {
        let ms = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, ms) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else {
            throw Failure(n == 0 ? "the connection closed" : "recv failed: \(String(cString: strerror(errno)))")
        }
        buffer += chunk[..<n]
        return true
    }

    private static func connect(host: String, port: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw Failure("socket failed") }
        guard Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw Failure("cannot connect to \(host):\(port): \(why)")
        }
        return fd
    }

    /// The body of `GET http://host:port/path` (a plain HTTP/1.1 request, connection closed after).
    public static func httpGet(host: String, port: Int, path: String, timeout: Double = 10) throws -> String {
        let fd = try connect(host: host, port: port)
        defer { close(fd) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var response: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) >= 0 else { break }
            guard p.revents != 0 else { continue }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            response += chunk[..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 200"), let r = text.range(of: "\r\n\r\n") else {
            throw Failure("GET \(path): \(text.prefix(200))")
        }
        // Chunked bodies are not decoded: the servers asked here send a Content-Length.
        return String(text[r.upperBound...])
    }
}
