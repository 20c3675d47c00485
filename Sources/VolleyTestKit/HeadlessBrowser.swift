// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Headless Chromium driven over the DevTools protocol: open a page, evaluate JavaScript in it
/// as time goes by (a page fed by a WebSocket changes after it has loaded, which
/// `--dump-dom` cannot wait for), and take screenshots.
public final class HeadlessBrowser {
    /// Why the browser could not be driven.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ d: String) { description = d }
    }

    /// The browser executable: `VOLLEY_CHROMIUM`, else the first of the usual names on PATH.
    public static var executable: String? {
        let env = ProcessInfo.processInfo.environment
        if let path = env["VOLLEY_CHROMIUM"], !path.isEmpty { return path }
        let dirs = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
                return dir + "/" + name
            }
        }
        return nil
    }


    public let process: ChildProcess
    private let profile: String
    private let page: WebSocketClient
    private var nextID = 0

    /// Starts the browser with a `width`×`height` viewport, its log in `log`.
    public init(width: Int = 1200, height: Int = 800, log: String) throws {
        guard let exe = Self.executable else { throw Failure("no chromium found: install it (Debian: apt-get install chromium; make test does), set VOLLEY_CHROMIUM, or opt out with VOLLEY_SKIP_BROWSER=1") }
        profile = try VolleyProcess.temporaryDirectory()
        process = try ChildProcess(
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
                "--mute-audio", "--remote-debugging-port=0", "--user-data-dir=\(profile)",
                "--window-size=\(width),\(height)", "about:blank",
            ],
            executable: exe, log: log)
        // Chromium writes its DevTools port into the profile once it listens.
        var port: Int?
        let start = Date()
        while port == nil, Date().timeIntervalSince(start) < 60, process.isRunning {
            if let text = try? String(contentsOfFile: profile + "/DevToolsActivePort", encoding: .utf8),
                let first = text.split(separator: "\n").first, let p = Int(first)
            {
                port = p
            } else {
                usleep(100_000)
            }
        }
        guard let port else {
            process.signal(SIGKILL)
            throw Failure("chromium did not open its DevTools port: \(process.output.suffix(2000))")
        }
        let list = try WebSocketClient.httpGet(host: "127.0.0.1", port: port, path: "/json/list")
        let targets = (try? JSONSerialization.jsonObject(with: Data(list.utf8))) as? [[String: Any]] ?? []
        guard let url = targets.first(where: { $0["type"] as? String == "page" })?["webSocketDebuggerUrl"] as? String
        else {
            process.signal(SIGKILL)
            throw Failure("chromium lists no page: \(list.prefix(500))")
        }
        page = try WebSocketClient(url: url)
        _ = try call(
            "Emulation.setDeviceMetricsOverride",
            ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false])
    }

    deinit {
        process.signal(SIGTERM)
        if process.wait(upTo: 5) == nil { process.signal(SIGKILL) }
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// Opens `url` in the page.
    public func open(_ url: String) throws {
        _ = try call("Page.navigate", ["url": url])
    }

    /// The value of a JavaScript expression in the page (JSON-compatible values only).
    public func evaluate(_ expression: String) throws -> Any? {
        let result = try call("Runtime.evaluate", ["expression": expression, "returnByValue": true])
        if let exception = result["exceptionDetails"] { throw Failure("\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Evaluates `expression` every quarter second until `done` accepts its value; returns the
    /// last value, accepted or not, once `timeout` seconds have passed.
    public func wait<T>(
        for expression: String, as: T.Type = T.self, upTo timeout: Double, until done: (T) -> Bool
    ) throws -> T? {
        let start = Date()
        var last: T?
        while Date().timeIntervalSince(start) < timeout {
            last = try evaluate(expression) as? T
            if let v = last, done(v) { return v }
            usleep(250_000)
        }
        return last
    }

    /// A PNG of the viewport, written to `path`.
    public func screenshot(to path: String) throws {
        let result = try call("Page.captureScreenshot", ["format": "png"])
        guard let b64 = result["data"] as? String, let png = Data(base64Encoded: b64) else {
            throw Failure("no screenshot data")
        }
        try png.write(to: URL(fileURLWithPath: path))
    }

    /// Sends one command and waits for its answer, skipping the events that come meanwhile.
    private func call(_ method: String, _ params: [String: Any], timeout: Double = 30) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        let body = try JSONSerialization.data(withJSONObject: ["id": id, "method": method, "params": params])
        try page.send(text: String(decoding: body, as: UTF8.self))
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            guard let text = try page.receive(timeout: timeout - Date().timeIntervalSince(start)),
                let message = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            else { continue }
            guard message["id"] as? Int == id else { continue }
            if let error = message["error"] { throw Failure("\(method): \(error)") }
            return message["result"] as? [String: Any] ?? [:]
        }
        throw Failure("\(method): no answer within \(timeout) s")
    }
}
