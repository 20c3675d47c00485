// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyWire

extension TapWelcome {
    /// The run's epochs as the tap receives them: the wire's epoch k is the schedule's k-th,
    /// from the model's epoch `firstEpoch` (a resumed run's cut).
    public var schedule: EpochSchedule {
        // A welcome is decoded input: nonsense in it must not trap the tap.
        let epochSteps = max(1, epochSteps), totalSteps = Int64((tSim / resolution).rounded())
        let all = (totalSteps + epochSteps - 1) / epochSteps
        // An older coordinator does not say: a resumed run releases only the epochs after its
        // cut, so its first is what the whole run would have less what is left of it.
        let first = firstEpoch ?? (all - Int64(clamping: totalEpochs))
        return EpochSchedule(totalSteps: totalSteps, epochSteps: epochSteps, firstEpoch: min(max(0, first), all))
    }
}
