// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation

/// The container engine (podman or docker) and the volley image that tests run, as `make test`
/// sets them up: `make image` builds the image and `make test` names it in `VOLLEY_IMAGE`.
public enum ContainerEngine {
    /// Whether the user opted out of the container and Kubernetes tests (`VOLLEY_SKIP_IMAGE=1`,
    /// which also keeps `make test` from building the image).
    public static var skipRequested: Bool {
        ProcessInfo.processInfo.environment["VOLLEY_SKIP_IMAGE"] == "1"
    }

    /// The image under test, from `VOLLEY_IMAGE`; nil when unset.
    public static var image: String? {
        guard let name = ProcessInfo.processInfo.environment["VOLLEY_IMAGE"], !name.isEmpty else { return nil }
        return name
    }

    /// Why the container tests have no image: for their failure message.
    public static let missingImage = """
        VOLLEY_IMAGE is unset: `make test` builds the image (make image) and names it there; \
        VOLLEY_SKIP_IMAGE=1 opts out of the container and Kubernetes tests
        """

    /// `CONTAINER_ENGINE` if set, else podman when it is on the PATH, else docker — the rule
    /// `make image` follows once it has installed podman where neither engine worked.
    public static var command: String {
        if let name = ProcessInfo.processInfo.environment["CONTAINER_ENGINE"], !name.isEmpty { return name }
        return onPath("podman") ? "podman" : "docker"
    }

    /// Runs `ENGINE ARGS` and waits for it. podman reads `CONTAINERS_CONF`: `make test` sets it,
    /// and without it podman gets deploy/container/containers.conf, the settings this kind of
    /// machine needs (runc, low ulimits), rather than the system's.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> VolleyProcess.Result {
        var environment: [String: String] = [:]
        if ProcessInfo.processInfo.environment["CONTAINERS_CONF"] == nil {
            environment["CONTAINERS_CONF"] = VolleyProcess.repositoryRoot.appendingPathComponent("deploy/container/containers.conf").path
        }
        return try VolleyProcess.run([command] + arguments, executable: "/usr/bin/env", environment: environment)
    }

    /// A name for containers and networks that no other run uses: `volley-test-` and 8 hex digits.
    public static func uniqueName(_ role: String = "") -> String {
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased()
        return "volley-test-\(suffix)" + (role.isEmpty ? "" : "-\(role)")
    }

    /// Whether `tool` is an executable in one of `PATH`'s folders.
    public static func onPath(_ tool: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }
}
