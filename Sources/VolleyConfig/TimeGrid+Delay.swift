// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore

extension TimeGrid {
    /// Checks a constant delay the way NEST does: positive and a whole number of steps, so that
    /// the engine never rounds a delay the user wrote.
    func checkDelay(_ d: Double, at path: String) throws(ConfigError) {
        let h = resolution.configText
        guard d > 0 else { throw ConfigError(path: path, message: "delay \(d.configText) ms must be positive (at least the resolution \(h) ms)") }
        guard let steps = exactSteps(d), steps >= 1 else {
            throw ConfigError(path: path, message: "delay \(d.configText) ms is not a multiple of the resolution \(h) ms")
        }
    }

    /// `ms` moved to the nearest step stamp, written as steps × resolution so that it reads back
    /// as exactly that step.
    func rounded(_ ms: Double) -> Double {
        self.ms(Int64((ms / resolution).rounded()))
    }
}
