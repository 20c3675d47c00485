// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import ZeroMQ

/// The CURVE keys of a run (DESIGN §3, "Trust"), as read from a key directory: every tcp socket
/// is encrypted; the binding side of each link is a CURVE server with the run's server key
/// pair, the connecting side a client with a client key pair, and a ZAP handler admits only the
/// client keys on the allow list. ipc and inproc links are local and stay as they are.
public struct LinkSecurity: Sendable {
    public let serverPublic: String
    /// Only coordinators and workers (which bind) need it; a tap does not.
    public let serverSecret: String?
    public let clientPublic: String
    public let clientSecret: String
    /// Client public keys the servers admit (Z85).
    public let authorized: [String]

    public init(serverPublic: String, serverSecret: String?, clientPublic: String, clientSecret: String, authorized: [String]) {
        self.serverPublic = serverPublic
        self.serverSecret = serverSecret
        self.clientPublic = clientPublic
        self.clientSecret = clientSecret
        self.authorized = authorized
    }

    /// The ZAP domain Volley's servers use.
    static let domain = "volley"

    /// Makes `socket`, which will bind `endpoint`, a CURVE server if the link is tcp.
    func server(_ socket: Socket, endpoint: String) throws {
        guard endpoint.hasPrefix("tcp://") else { return }
        guard let secret = serverSecret else {
            throw TransportError.failed("the key directory has no server.secret, which a process that others connect to needs")
        }
        try socket.makeCurveServer(secretKey: secret, domain: Self.domain)
    }

    /// Makes `socket`, which will connect to `endpoint`, a CURVE client if the link is tcp.
    func client(_ socket: Socket, endpoint: String) throws {
        guard endpoint.hasPrefix("tcp://") else { return }
        try socket.makeCurveClient(serverKey: serverPublic, publicKey: clientPublic, secretKey: clientSecret)
    }

    /// The allow list as raw keys, for a ZAP handler.
    var authorizedRaw: [[UInt8]] { authorized.compactMap(Curve.decode) }
}

extension LinkSecurity {
    /// Applies the protected-mode rule (DESIGN §3): binding tcp on an address other machines can
    /// reach, without keys, is refused unless `insecure`; returns a warning to print if it is.
    public static func check(bind endpoint: String, security: LinkSecurity?, insecure: Bool) throws -> String? {
        guard security == nil, endpoint.hasPrefix("tcp://"), !Endpoints.isLoopback(endpoint) else { return nil }
        guard insecure else {
            throw SecurityError(
                "\(endpoint) can be reached from other machines, and without keys anyone who reaches it could join the run or "
                    + "read its spikes: give --keys DIR (make one with `volley keys generate DIR`), bind a loopback address, "
                    + "or pass --insecure on a network you trust")
        }
        return "warning: \(endpoint) is open to anyone who can reach it (--insecure): no encryption, no authentication"
    }
}

/// Keys that are missing or malformed, or a link that would be open without them.
public struct SecurityError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
