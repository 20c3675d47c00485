// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyRuntime

extension DistributedRun {
    /// `volley resume --workers N`: the checkpoint's run continued over N local workers.
    static func resumeLocally(checkpoint: LoadedCheckpoint, options: RunOptions, workers: Int) throws {
        throw RunInputError("volley resume --workers is not built yet")
    }
}
