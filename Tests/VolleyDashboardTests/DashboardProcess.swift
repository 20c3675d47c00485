// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import VolleyTestKit

/// `volley dashboard` as a child process, and what the tests read from it.
enum DashboardProcess {
    /// Starts a dashboard for `coordinator` on `port` (0: any), and waits for its address.
    static func start(coordinator: String, port: Int = 0, log: String) throws -> (ChildProcess, Int) {
        let p = try ChildProcess(["dashboard", "--coordinator", coordinator, "--http", "\(port)"], log: log)
        guard p.waitForOutput("volley dashboard: http://", upTo: 30),
            let line = p.output.split(separator: "\n").first(where: { $0.contains("volley dashboard: http://") }),
            let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }),
            let bound = Int(url.split(separator: ":").last?.filter(\.isNumber) ?? "")
        else {
            p.signal(SIGKILL)
            throw DashboardTestError("the dashboard did not say where it serves: \(p.output)")
        }
        return (p, bound)
    }

    /// `/api/status`, parsed.
    static func status(port: Int) throws -> [String: Any] {
        let body = try WebSocketClient.httpGet(host: "127.0.0.1", port: port, path: "/api/status")
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw DashboardTestError("/api/status is not a JSON object: \(body)")
        }
        return object
    }

    /// The folder where tests leave what a person may want to look at (screenshots):
    /// `VOLLEY_TEST_OUTPUT`, else `test-output/` in the repository.
    static func outputDirectory() throws -> String {
        let env = ProcessInfo.processInfo.environment["VOLLEY_TEST_OUTPUT"]
        let dir =
            (env?.isEmpty == false ? env! : VolleyProcess.repositoryRoot.appendingPathComponent("test-output").path)
            + "/dashboard"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// A test's own failure, described.
struct DashboardTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
