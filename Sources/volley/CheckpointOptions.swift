// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import ArgumentParser
import Foundation
import VolleyRuntime

/// `--checkpoint-every` and `--checkpoint-dir`, shared by `run`, `coordinator` and `resume`.
struct CheckpointOptions: ParsableArguments {
    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp(
        "Write a checkpoint every MS of model time (at the first epoch boundary at or after each multiple), from which `volley resume` continues on any layout.",
        valueName: "MS"))
    var every: Double?

    @Option(name: .customLong("checkpoint-dir"), help: ArgumentHelp(
        "Where checkpoints go, one folder per checkpoint named by its time in ms (default: <out>/checkpoints).", valueName: "DIR"))
    var directory: String?

    /// The settings, or nil without `--checkpoint-every`; `--checkpoint-dir` alone is an error.
    /// `everyMs` as a user types it: "200", "0.5".
    static func text(_ everyMs: Double) -> String {
        everyMs == everyMs.rounded() && abs(everyMs) < 1e15 ? String(Int64(everyMs)) : String(everyMs)
    }

    func settings(out: String) throws -> CheckpointSettings? {
        guard let every else {
            if directory != nil { throw RunInputError("--checkpoint-dir needs --checkpoint-every") }
            return nil
        }
        guard every > 0, every.isFinite else { throw RunInputError("--checkpoint-every must be a positive number of ms, got \(every)") }
        // Absolute: workers on other machines (and a resumed run) are told this path.
        let path = URL(fileURLWithPath: directory ?? out + "/checkpoints").standardizedFileURL.path
        return CheckpointSettings(directory: path, everyMs: every)
    }
}
