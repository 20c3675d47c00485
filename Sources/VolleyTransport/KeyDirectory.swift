// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import ZeroMQ

/// A directory of CURVE keys, as `volley keys` writes it and `--keys DIR` reads it:
/// `server.public`/`server.secret` (the run's servers: coordinator and workers),
/// `client.public`/`client.secret` (who connects: workers, the coordinator's recorder, taps),
/// and `authorized_keys` (client public keys the servers admit: one per line, first word; lines
/// starting with `#` are comments).
/// Keys are Z85, as `zmq_curve_keypair` writes them.
public enum KeyDirectory {
    public static let files = ["server.public", "server.secret", "client.public", "client.secret", "authorized_keys"]

    /// Writes a new set of keys into `directory` (created if missing); refuses to overwrite.
    public static func generate(in directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for f in files where fm.fileExists(atPath: directory + "/" + f) {
            throw SecurityError("\(directory)/\(f) exists: keys are never overwritten (remove them first, or use another directory)")
        }
        let server = try Curve.keyPair(), client = try Curve.keyPair()
        try write(server.publicKey, to: directory + "/server.public", secret: false)
        try write(server.secretKey, to: directory + "/server.secret", secret: true)
        try write(client.publicKey, to: directory + "/client.public", secret: false)
        try write(client.secretKey, to: directory + "/client.secret", secret: true)
        try write("# client keys this run admits (volley keys add appends to it)\n\(client.publicKey)  # volley", to: directory + "/authorized_keys",
                  secret: false)
    }

    /// Makes `directory/name`, a key directory for one more client (an analyst's tap): the
    /// servers' public key and a client pair of its own, whose public key is appended to
    /// `directory/authorized_keys`. Give that folder to the analyst; the run admits it.
    public static func add(client name: String, in directory: String) throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw SecurityError("'\(name)' is not a usable name: letters, digits, - and _ only")
        }
        let serverPublic = try readKey(directory + "/server.public")
        let target = directory + "/" + name
        guard !FileManager.default.fileExists(atPath: target) else { throw SecurityError("\(target) exists") }
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        let pair = try Curve.keyPair()
        try write(serverPublic, to: target + "/server.public", secret: false)
        try write(pair.publicKey, to: target + "/client.public", secret: false)
        try write(pair.secretKey, to: target + "/client.secret", secret: true)
        guard let handle = FileHandle(forWritingAtPath: directory + "/authorized_keys") else {
            throw SecurityError("cannot append to \(directory)/authorized_keys")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(pair.publicKey)  # \(name)\n".utf8))
        return target
    }

    /// Reads the keys in `directory`; names what is missing or malformed.
    public static func load(_ directory: String) throws -> LinkSecurity {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw SecurityError("--keys \(directory): no such directory (make one with `volley keys generate \(directory)`)")
        }
        let fm = FileManager.default
        let serverSecret = fm.fileExists(atPath: directory + "/server.secret") ? try readKey(directory + "/server.secret") : nil
        if let s = serverSecret, Curve.publicKey(ofSecret: s) != (try readKey(directory + "/server.public")) {
            throw SecurityError("\(directory)/server.secret does not belong to server.public")
        }
        let clientSecret = try readKey(directory + "/client.secret")
        let clientPublic = try readKey(directory + "/client.public")
        guard Curve.publicKey(ofSecret: clientSecret) == clientPublic else {
            throw SecurityError("\(directory)/client.secret does not belong to client.public")
        }
        var authorized: [String] = []
        if let text = settledText(directory + "/authorized_keys") {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                // Z85 has '#' in its alphabet, but never as a key's first character: that one
                // encodes the top of a 32-bit group, at most 2^32 / 85^4 = 82 ('%'), and '#' is 84.
                // So a line starting with '#' is a comment, as is whatever follows a key.
                guard let token = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first, !token.hasPrefix("#") else { continue }
                let key = String(token)
                guard Curve.isKey(key) else { throw SecurityError("\(directory)/authorized_keys line \(n + 1): not a Z85 key") }
                authorized.append(key)
            }
        }
        return LinkSecurity(
            serverPublic: try readKey(directory + "/server.public"), serverSecret: serverSecret, clientPublic: clientPublic,
            clientSecret: clientSecret, authorized: authorized)
    }

    /// A Kubernetes Secret holding the key files (for `volumes: secret:`).
    public static func kubernetesSecret(from directory: String, name: String) throws -> String {
        var out = """
            # CURVE keys of a Volley run, made by `volley keys generate`. Mount it at /keys and pass --keys /keys.
            apiVersion: v1
            kind: Secret
            metadata:
              name: \(name)
            type: Opaque
            stringData:

            """
        for f in files {
            let text = try String(contentsOfFile: directory + "/" + f, encoding: .utf8)
            out += "  \(f): |\n" + text.split(separator: "\n").map { "    \($0)\n" }.joined()
        }
        return out
    }

    /// How long a key file found empty is read again before it counts as empty. podman's `kube
    /// play` writes a ConfigMap's volume again, in place (truncate, then write), for every pod
    /// that mounts it, while the pods played before that one already run: a process starting
    /// then can open a key file between the two. (Kubernetes swaps a Secret's files in whole.)
    static let settle: Duration = .seconds(1)

    /// The text of the file at `path`, nil if it cannot be read; an empty file is read again
    /// until it holds something or `settle` passes.
    static func settledText(_ path: String) -> String? {
        let deadline = ContinuousClock.now + settle
        while true {
            let text = try? String(contentsOfFile: path, encoding: .utf8)
            guard text?.isEmpty == true, ContinuousClock.now < deadline else { return text }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    static func readKey(_ path: String) throws -> String {
        guard let text = settledText(path) else { throw SecurityError("cannot read \(path)") }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Curve.isKey(key) else {
            // What was found, never the text itself: it may be a secret key.
            let found = text.isEmpty ? "the file is empty, and stayed empty for \(settle.components.seconds) s"
                : key.count == 40 ? "it holds 40 characters, not all of them Z85" : "it holds \(key.count) characters"
            throw SecurityError("""
                \(path) does not hold a Z85 CURVE key (40 characters): \(found); \
                if the directory is a mounted volume, it may be a stale one another run left, or one still being written
                """)
        }
        return key
    }

    static func write(_ text: String, to path: String, secret: Bool) throws {
        guard FileManager.default.createFile(
            atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: secret ? 0o600 : 0o644])
        else { throw SecurityError("cannot write \(path)") }
    }
}
