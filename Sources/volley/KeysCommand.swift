// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import Foundation
import VolleyRuntime
import VolleyTransport

/// `volley keys`: CURVE keys for runs on networks shared with others.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make CURVE keys, so a run over tcp admits only its own processes and taps.",
        subcommands: [Generate.self, Add.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new key directory: server and client key pairs and the allow list.",
            discussion: """
                Give the directory to the coordinator and the workers with --keys DIR (on a shared \
                filesystem, or as a Kubernetes Secret); secrets are written readable by the owner only. \
                Existing keys are never overwritten.
                """
        )

        @Argument(help: "The directory to write (created if missing).")
        var directory: String

        @Option(name: .customLong("kubernetes-secret"), help: ArgumentHelp(
            "Also write the keys as a Kubernetes Secret manifest to this file.", valueName: "FILE"))
        var kubernetesSecret: String?

        @Option(name: .customLong("secret-name"), help: "The Secret's name.")
        var secretName = "volley-keys"

        func run() throws {
            do {
                try KeyDirectory.generate(in: directory)
                if let kubernetesSecret {
                    try KeyDirectory.kubernetesSecret(from: directory, name: secretName)
                        .write(toFile: kubernetesSecret, atomically: true, encoding: .utf8)
                }
            } catch let e as SecurityError {
                throw RunInputError(e.description)
            }
            Console.output("volley keys: wrote \(directory)/{\(KeyDirectory.files.joined(separator: ","))}"
                + (kubernetesSecret.map { " and \($0)" } ?? "") + "\n")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make keys for one more client (an analyst's tap) and admit it.",
            discussion: """
                Writes DIR/NAME with the servers' public key and a client key pair of its own, and \
                appends the client's public key to DIR/authorized_keys. Hand DIR/NAME to the analyst \
                (`volley tap --keys NAME ...`); restart the coordinator, or add the key before it starts.
                """
        )

        @Argument(help: "The run's key directory.")
        var directory: String

        @Argument(help: "A name for the client (letters, digits, - and _).")
        var name: String

        func run() throws {
            let target: String
            do { target = try KeyDirectory.add(client: name, in: directory) } catch let e as SecurityError {
                throw RunInputError(e.description)
            }
            Console.output("volley keys: wrote \(target); \(directory)/authorized_keys now admits it\n")
        }
    }
}
