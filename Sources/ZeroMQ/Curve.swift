// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import CZeroMQ

/// CURVE key material as libzmq makes and reads it: 32-byte keys written as 40 Z85 characters.
public enum Curve {
    /// Whether this libzmq was built with CURVE (libsodium).
    public static var isAvailable: Bool { zmq_has("curve") != 0 }

    /// A fresh key pair in Z85 (`zmq_curve_keypair`).
    public static func keyPair() throws(ZMQError) -> (publicKey: String, secretKey: String) {
        var pub = [CChar](repeating: 0, count: 41)
        var sec = [CChar](repeating: 0, count: 41)
        _ = try zmqCall("zmq_curve_keypair") { zmq_curve_keypair(&pub, &sec) }
        return (text(pub), text(sec))
    }

    /// The public key of a Z85 secret key (`zmq_curve_public`), or nil if it is not one.
    public static func publicKey(ofSecret secret: String) -> String? {
        guard isKey(secret) else { return nil }
        var pub = [CChar](repeating: 0, count: 41)
        return zmq_curve_public(&pub, secret) == 0 ? text(pub) : nil
    }

    /// The 32 bytes of a Z85 key, or nil if `z85` is not 40 Z85 characters.
    public static func decode(_ z85: String) -> [UInt8]? {
        guard isKey(z85) else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        return zmq_z85_decode(&out, z85) == nil ? nil : out
    }

    /// The 40 Z85 characters of a 32-byte key.
    public static func encode(_ key: [UInt8]) -> String? {
        guard key.count == 32 else { return nil }
        var out = [CChar](repeating: 0, count: 41)
        return zmq_z85_encode(&out, key, 32) == nil ? nil : text(out)
    }

    /// Z85 keys are 40 characters from the Z85 alphabet.
    public static func isKey(_ s: String) -> Bool {
        let alphabet = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)
        return s.utf8.count == 40 && s.utf8.allSatisfy(alphabet.contains)
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Socket {
    /// Makes this socket a CURVE server with `secretKey` (Z85); clients must then know its public
    /// key, and a ZAP handler in the same context decides which clients are admitted.
    public func makeCurveServer(secretKey: String, domain: String) throws(ZMQError) {
        try set(.curveServer, 1)
        try set(.curveSecretKey, Array(secretKey.utf8))
        try set(.zapDomain, Array(domain.utf8))
    }

    /// Makes this socket a CURVE client of the server with public key `serverKey`.
    public func makeCurveClient(serverKey: String, publicKey: String, secretKey: String) throws(ZMQError) {
        try set(.curveServerKey, Array(serverKey.utf8))
        try set(.curvePublicKey, Array(publicKey.utf8))
        try set(.curveSecretKey, Array(secretKey.utf8))
    }
}
