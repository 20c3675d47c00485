// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyRuntime
import VolleyFormats

/// The one line a run prints about its task's score.
enum TaskLine {
    static func describe(_ task: JSONValue) -> String {
        let f = { (key: String) in task[key]?.double ?? 0 }
        if case .string("conditioning")? = task["kind"] {
            let pct = { (key: String) in ProgressReporter.fixed(100 * f(key), 1) + " %" }
            return "volley: task conditioning: right responses before training \(pct("before")), after \(pct("after")); "
                + "controls after training: unpaired \(pct("unpaired")), shuffled \(pct("shuffled")) (chance \(pct("chance")))"
        }
        return "volley: task \(task["kind"].map { if case .string(let s) = $0 { s } else { "?" } } ?? "?"): "
            + "accuracy \(ProgressReporter.fixed(100 * f("accuracy"), 1)) % over \(Int(f("predictable_positions"))) predictable positions "
            + "of \(Int(f("sequences"))) sequences (chance \(ProgressReporter.fixed(100 * f("chance"), 1)) %), "
            + "\(ProgressReporter.fixed(f("mean_spikes_per_decision"), 1)) motor spikes per decision"
    }
}
