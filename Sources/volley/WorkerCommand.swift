// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyRuntime
import VolleyTransport
import VolleyWorker

/// `volley worker`: join a coordinator's run and simulate the shards it assigns.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Join a run: connect to a coordinator, build the assigned shards, exchange spikes with the other workers.",
        discussion: """
            Start one per machine (or more) and point them at the coordinator; the coordinator sends \
            the model, the seed and each worker's shards. The worker exits 0 when the run is complete, \
            non-zero (naming the reason) when anything fails, and on its own when the coordinator goes.
            """
    )

    @Option(help: ArgumentHelp("The coordinator's control endpoint, e.g. tcp://10.0.0.1:5555.", valueName: "ENDPOINT"))
    var coordinator: String

    @Option(help: ArgumentHelp("The host or address other machines reach this one at (default: the address that routes to the coordinator).", valueName: "HOST"))
    var advertise: String?

    @Option(help: ArgumentHelp("Where to bind the data socket (default: tcp://*:* for a tcp coordinator).", valueName: "ENDPOINT"))
    var data: String?

    @Option(help: ArgumentHelp(
        "Where to bind the tap socket that `volley tap` subscribes to (default: tcp://*:* for a tcp coordinator, else next to the data socket).",
        valueName: "ENDPOINT"))
    var tap: String?

    @Option(name: .customLong("tap-hwm"), help: ArgumentHelp(
        "Messages queued per tap before a slow tap starts missing frames (the run never waits for a tap).", valueName: "N"))
    var tapHighWaterMark: Int32 = 10_000

    @Option(name: .customLong("join-timeout"), help: ArgumentHelp(
        "Seconds to wait for the coordinator's first answer before giving up.", valueName: "S"))
    var joinTimeout: Double = 60

    @Option(name: .customLong("data-timeout"), help: ArgumentHelp(
        "Seconds to wait for another shard's frame of an epoch before ending the run, naming the shard.", valueName: "S"))
    var dataTimeout: Double = 30

    @OptionGroup var security: SecurityOptions

    @Option(help: .hidden)
    var parentPid: Int32?

    func run() throws {
        Interrupts.install()
        let bind: String
        if let data {
            bind = data
        } else if coordinator.hasPrefix("tcp://") {
            // The interface the coordinator is reached through: loopback for a local run, the
            // cluster network otherwise — not every interface of the machine.
            bind = "tcp://\(Endpoints.host(of: coordinator).flatMap(Endpoints.localAddress(towards:)) ?? "*"):*"
        } else {
            throw RunInputError("--data is required with a \(coordinator.prefix(6))… coordinator (a tcp coordinator needs none)")
        }
        let tapBind: String
        if let tap {
            tapBind = tap
        } else if bind.hasPrefix("ipc://") {
            tapBind = (bind.hasSuffix(".ipc") ? String(bind.dropLast(4)) : bind) + "-tap.ipc"
        } else {
            tapBind = bind.hasPrefix("tcp://") ? "tcp://\(Endpoints.host(of: bind) ?? "*"):*" : "tcp://*:*"
        }
        let keys = try security.load()
        for endpoint in [bind, tapBind] { try security.check(bind: endpoint, security: keys) }
        guard tapHighWaterMark >= 1 else { throw RunInputError("--tap-hwm must be at least 1") }
        guard joinTimeout > 0 else { throw RunInputError("--join-timeout must be positive") }
        guard dataTimeout > 0 else { throw RunInputError("--data-timeout must be positive") }
        var options = WorkerOptions(coordinator: coordinator, dataBind: bind, tapBind: tapBind, advertise: advertise, parentPID: parentPid)
        options.tapHighWaterMark = tapHighWaterMark
        options.security = keys
        options.joinTimeout = joinTimeout
        options.dataTimeout = dataTimeout
        // A rollback (a peer was lost, the run goes back to its latest checkpoint) joins the
        // same coordinator again with fresh sockets.
        while true {
            let shell = try WorkerShell(options: options)
            do {
                try shell.run()
                return
            } catch let rejoin as WorkerRejoin {
                Console.error("volley worker: \(rejoin); joining \(coordinator) again\n")
            } catch let stopped as WorkerStopped {
                Console.error("volley worker: \(stopped)\n")
                return
            } catch {
                Console.error("volley worker: \(error)\n")
                throw ExitCode(1)
            }
        }
    }
}
