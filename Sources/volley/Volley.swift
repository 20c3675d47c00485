// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import VolleyRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The `volley` command line (DESIGN §5).
@main
struct Volley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volley",
        abstract: "A distributed, deterministic spiking-network simulator with NEST's models and numbers.",
        version: volleyVersion,
        subcommands: [
            RunCommand.self, CoordinatorCommand.self, WorkerCommand.self, ValidateCommand.self, PlotCommand.self, TraceCommand.self,
            ResumeCommand.self, BenchCommand.self, BenchTransportCommand.self, TapCommand.self, KeysCommand.self, DashboardCommand.self, ModelsCommand.self,
        ]
    )

    /// Bad input of any kind exits with status 2, as Python's argparse does, so scripts can
    /// tell it from a failed run (1).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as RunInputError {
            Console.error("volley: \(error.message)\n")
            Glibc.exit(2)
        } catch let error as RunInterrupted {
            Console.error("volley: \(error.message)\n")
            Glibc.exit(130)
        } catch let error as CheckpointError {
            Console.error("volley: \(error.message)\n")
            Glibc.exit(2)
        } catch let error as CleanExit {
            Self.exit(withError: error)
        } catch let error as ExitCode {
            Self.exit(withError: error)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Self.exit(withError: error)
            }
            Console.error(fullMessage(for: error) + "\n")
            if code == .validationFailure { Glibc.exit(2) }
            Glibc.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}
