// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Dispatch
import Synchronization
import VolleyDashboard
import VolleyRuntime
import VolleyTransport

/// `volley dashboard`: a live web page of a running simulation.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Serve a live web page of a run: a raster of its spikes, its population rates and the traces of its multimeters.",
        discussion: """
            Start it beside a run (before or after the coordinator) and open http://HOST:PORT/ in a \
            browser. It is a tap: it never slows or changes the run, and if it cannot keep up it misses \
            frames and says how many. Until the coordinator is up and its workers have joined, the page \
            says it is waiting. The raster shows up to --neurons-per-population neurons of every \
            population, evenly spread, over the last --window-ms of model time; the rates are every \
            neuron's, in bins of --bin-ms. /api/status gives the run's state as JSON. \
            The dashboard keeps serving the last picture after the run ends, until Ctrl-C (exit 0).
            """
    )

    @Option(help: ArgumentHelp("The coordinator's control endpoint, e.g. tcp://10.0.0.1:5555.", valueName: "ENDPOINT"))
    var coordinator: String

    @Option(
        help: ArgumentHelp(
            "The HTTP port to serve the page on (0: any free port, printed at the start).", valueName: "PORT"))
    var http: Int

    @Option(
        help: ArgumentHelp(
            "The address to serve on; 0.0.0.0 lets other machines in (the page has no login).", valueName: "HOST"))
    var host: String = "127.0.0.1"

    @Option(
        name: .customLong("neurons-per-population"),
        help: ArgumentHelp(
            "Neurons of each population on the raster, evenly spread over it (all of a smaller one).", valueName: "N"))
    var neuronsPerPopulation: Int = 100

    @Option(name: .customLong("window-ms"), help: ArgumentHelp("Model time the page shows, in ms.", valueName: "MS"))
    var windowMs: Double = 1000

    @Option(
        name: .customLong("bin-ms"), help: ArgumentHelp("Width of a rate bin, in ms of model time.", valueName: "MS"))
    var binMs: Double = 10

    @Option(help: ArgumentHelp(
        "CURVE keys for a run that has them: a directory with server.public and a client pair (`volley keys add`).",
        valueName: "DIR"))
    var keys: String?

    func run() throws {
        try checkEndpoint()
        guard (0...65535).contains(http) else {
            throw RunInputError("--http \(http) is not a port (0–65535; 0 picks a free one)")
        }
        guard Self.resolves(host) else {
            throw RunInputError("--host '\(host)' is not an address or a host name this machine can resolve")
        }
        guard neuronsPerPopulation >= 1 else { throw RunInputError("--neurons-per-population must be at least 1") }
        guard windowMs > 0, binMs > 0, windowMs.isFinite, binMs <= windowMs else {
            throw RunInputError("--window-ms and --bin-ms must be positive, and a bin no wider than the window")
        }
        let security: LinkSecurity?
        do { security = try keys.map(KeyDirectory.load) } catch { throw RunInputError("\(error)") }
        Interrupts.install()
        let options = Dashboard.Options(
            coordinator: coordinator, host: host, port: http, perPopulation: neuronsPerPopulation, windowMs: windowMs,
            binMs: binMs, security: security)
        let (host, coordinator) = (host, coordinator)
        let failure = ErrorBox()
        let done = DispatchSemaphore(value: 0)
        // The command line is synchronous; the server is not. Block here until it returns.
        Task {
            do {
                try await Dashboard.serve(
                    options,
                    onListening: { port in
                        Console.error(
                            "volley dashboard: http://\(host):\(port)/ shows the run at \(coordinator) (Ctrl-C to stop)\n"
                        )
                    },
                    log: { Console.error("volley dashboard: \($0)\n") },
                    shouldStop: { Interrupts.pending != nil })
            } catch {
                failure.error.withLock { $0 = "\(error)" }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.error.withLock({ $0 }) {
            Console.error("volley dashboard: cannot serve on \(host):\(http): \(error)\n")
            throw ExitCode(1)
        }
    }

    private final class ErrorBox: Sendable {
        let error = Mutex<String?>(nil)
    }

    private func checkEndpoint() throws {
        if coordinator.hasPrefix("ipc://"), coordinator.count > 6 { return }
        guard coordinator.hasPrefix("tcp://"), let colon = coordinator.lastIndex(of: ":"),
            colon > coordinator.index(coordinator.startIndex, offsetBy: 6),
            let port = Int(coordinator[coordinator.index(after: colon)...]), (1...65535).contains(port)
        else {
            throw RunInputError(
                "--coordinator '\(coordinator)' is not an endpoint like tcp://HOST:PORT (or ipc://PATH)")
        }
    }

    private static func resolves(_ host: String) -> Bool {
        guard !host.isEmpty else { return false }
        var result: UnsafeMutablePointer<addrinfo>?
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        guard getaddrinfo(host, nil, &hints, &result) == 0 else { return false }
        freeaddrinfo(result)
        return true
    }
}
