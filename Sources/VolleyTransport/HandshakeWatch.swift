// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ZeroMQ

/// Watches a worker's or tap's connection to the coordinator for a handshake that can never
/// succeed — a key the coordinator's ZAP handler refuses, or keys on one side only — so the
/// process can say so at once instead of waiting out its join timeout in silence.
final class HandshakeWatch {
    private let monitor: SocketMonitor
    private let endpoint: String
    private let security: LinkSecurity?
    private let role: String
    private var refusal: String?

    /// Watches `socket`, a client of `endpoint`; `role` names this process in messages ("worker").
    init(_ socket: Socket, context: Context, endpoint: String, security: LinkSecurity?, role: String) throws {
        monitor = try SocketMonitor(socket, context: context)
        self.endpoint = endpoint
        self.security = security
        self.role = role
    }

    /// Why the coordinator will never admit this process, once the monitor has told; nil
    /// while nothing conclusive has happened.
    func conclusion() throws -> String? {
        while refusal == nil, let event = try monitor.next() {
            refusal = Self.explain(event, endpoint: endpoint, security: security, role: role)
        }
        return refusal
    }

    func close() { monitor.close() }

    /// The message for an event that ends all hope of joining, or nil.
    static func explain(_ event: SocketMonitor.Event, endpoint: String, security: LinkSecurity?, role: String) -> String? {
        switch event.kind {
        case .handshakeFailedAuth:
            let key = security.map { "CURVE public key \($0.clientPublic)" } ?? "connection"
            return "the coordinator at \(endpoint) did not admit this \(role)'s \(key) (ZAP status \(event.value)): "
                + "it is not on the run's allow list (authorized_keys in the coordinator's --keys directory)"
        case .handshakeFailedProtocol where event.value == SocketMonitor.mechanismMismatch:
            if security != nil {
                return "the coordinator at \(endpoint) runs without keys but this \(role) was given --keys: give both the same keys, or neither"
            }
            return "the coordinator at \(endpoint) uses CURVE keys: this \(role) needs --keys DIR with the run's server.public "
                + "and a client key pair on its allow list (`volley keys add`)"
        default:
            return nil
        }
    }
}

/// What a worker's or tap's silent wait for the coordinator may mean, for its timeout message:
/// a CURVE server that cannot decrypt a hello (another server key) drops it without a word, so
/// only the silence tells.
public enum JoinSilence {
    /// The hint for `role` ("worker", "tap"), with or without keys.
    public static func hint(role: String, security: LinkSecurity?) -> String {
        guard let keys = security else { return "is a coordinator running there? a run with keys needs --keys here too" }
        return "either it did not admit this \(role)'s CURVE public key \(keys.clientPublic) (not on its allow list, or the "
            + "run has another server key than this \(role)'s server.public) or it is unreachable"
    }
}
