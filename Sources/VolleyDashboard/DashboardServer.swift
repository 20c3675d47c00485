// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import Synchronization

/// The dashboard's web server: the page at `/`, the status at `/api/status`, and the live
/// feed at `/ws`, a WebSocket that sends a snapshot and then every update of the hub.
public enum DashboardServer {
    /// Serves until `shouldStop` says so (polled ten times a second), then shuts down
    /// gracefully: the pages' connections are closed and the port is released. `onListening`
    /// gets the bound port (useful with port 0, which asks for any free one). Throws if the
    /// server cannot start.
    public static func run(
        hub: DashboardHub, host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void,
        shouldStop: @escaping @Sendable () -> Bool
    ) async throws {
        var logger = Logger(label: "volley.dashboard")
        logger.logLevel = .warning
        let app = Application(
            router: router(hub),
            server: .http1WebSocketUpgrade { request, _, _ in
                guard request.path?.split(separator: "?").first == "/ws" else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try await feed(hub: hub, inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        // Signals are the command line's business (it polls them like the rest of Volley), so
        // the service group listens to none and is told to shut down instead.
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let ended = Flag()
        let server = Task {
            defer { ended.set() }
            try await services.run()
        }
        while !shouldStop() && !ended.isSet { try await Task.sleep(for: .milliseconds(100)) }
        if ended.isSet {
            // It could not start (the port is taken, say).
            try await server.value
            return
        }
        hub.close()
        await services.triggerGracefulShutdown()
        // A connection that a browser opened ahead of need and never sent a request on keeps a
        // graceful shutdown waiting (hummingbird-websocket waits for its first request); the
        // process ends without it after a moment.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(2)
        while !ended.isSet && clock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if ended.isSet { _ = try? await server.value }
    }

    /// A flag set once, from any thread.
    private final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    private static func router(_ hub: DashboardHub) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        router.get("/api/status") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: hub.status.json())))
        }
        return router
    }

    /// One page's connection: the snapshot, then updates until the page or the hub goes away.
    private static func feed(
        hub: DashboardHub, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        let subscription = hub.subscribe()
        defer { hub.unsubscribe(subscription.id) }
        try await outbound.write(.text(subscription.snapshot.json()))
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The page sends nothing; reading is how its leaving (and pings) are noticed.
            group.addTask { for try await _ in inbound {} }
            group.addTask { for await text in subscription.updates { try await outbound.write(.text(text)) } }
            try await group.next()
            group.cancelAll()
        }
    }
}
