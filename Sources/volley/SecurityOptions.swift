// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyRuntime
import VolleyTransport

/// `--keys` and `--insecure`, shared by every command that opens tcp links.
struct SecurityOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "CURVE keys (`volley keys generate DIR`): every tcp link is encrypted and only allowed keys get in.", valueName: "DIR"))
    var keys: String?

    @Flag(help: "Allow tcp on an address other machines can reach without keys (a trusted network only).")
    var insecure = false

    /// The keys, read and checked; nil without `--keys`.
    func load() throws -> LinkSecurity? {
        guard let keys else { return nil }
        do { return try KeyDirectory.load(keys) } catch { throw RunInputError("\(error)") }
    }

    /// Applies the protected-mode rule to an endpoint this process binds; prints the warning.
    func check(bind endpoint: String, security: LinkSecurity?) throws {
        do {
            if let warning = try LinkSecurity.check(bind: endpoint, security: security, insecure: insecure) {
                Console.error("volley: \(warning)\n")
            }
        } catch {
            throw RunInputError("\(error)")
        }
    }
}
