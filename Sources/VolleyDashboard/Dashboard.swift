// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyTransport

/// `volley dashboard` as a library call: a tap thread feeding a hub, and the web server.
public enum Dashboard {
    /// What to watch and how to serve it.
    public struct Options: Sendable {
        public var coordinator: String
        public var host: String
        public var port: Int
        public var perPopulation: Int
        public var windowMs: Double
        public var binMs: Double
        /// CURVE keys for a run whose links are encrypted (`--keys`); nil for an open run.
        public var security: LinkSecurity?

        public init(
            coordinator: String, host: String, port: Int, perPopulation: Int = 100, windowMs: Double = 1000,
            binMs: Double = 10, security: LinkSecurity? = nil
        ) {
            self.coordinator = coordinator
            self.host = host
            self.port = port
            self.perPopulation = perPopulation
            self.windowMs = windowMs
            self.binMs = binMs
            self.security = security
        }
    }

    /// Serves until `shouldStop` says so, then lets the tap leave the run and closes the pages'
    /// connections. A run that ends does not end the serving. `log` hears when the tap joins a
    /// run and how the run ends.
    public static func serve(
        _ options: Options, onListening: @escaping @Sendable (Int) -> Void,
        log: @escaping @Sendable (String) -> Void = { _ in },
        shouldStop: @escaping @Sendable () -> Bool
    ) async throws {
        let hub = DashboardHub(coordinator: options.coordinator, windowMs: options.windowMs, binMs: options.binMs)
        let feed = TapFeed(
            coordinator: options.coordinator, hub: hub, perPopulation: options.perPopulation, binMs: options.binMs,
            windowMs: options.windowMs, security: options.security, log: log)
        feed.start()
        defer {
            feed.stop()
            hub.close()
            // The tap says goodbye to the coordinator; a tap stuck past this is let go with the process.
            _ = feed.wait(upTo: 2)
        }
        try await DashboardServer.run(
            hub: hub, host: options.host, port: options.port, onListening: onListening, shouldStop: shouldStop)
    }
}
