// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import VolleyCore
import VolleyFormats

/// What every process kind derives from a model before it runs, derived once: the compiled
/// network, the run's length on its step grid, and its epochs from the start or from a
/// checkpoint's cut. The in-process run, the coordinator, the worker, `trace` and `validate`
/// all build one, so none re-derives a step count or an epoch length of its own.
public struct RunPlan: Sendable {
    public let network: CompiledNetwork
    /// The epochs `Simulation.run` steps through, and that every process counts.
    public let schedule: EpochSchedule

    /// Steps from 0 to the end of the run.
    public var totalSteps: Int64 { schedule.totalSteps }

    /// - Parameters:
    ///   - firstEpoch: the model's epoch the run starts at (a resumed run's cut).
    ///   - lengthName: what the length is called where it was given ("t_sim", "t_stop_ms").
    ///   - readingLists: read the connection lists kept in files now (an in-process run); a
    ///     worker reads them on its build thread (`withLists`), the coordinator never does.
    public init(
        spec: NetworkSpec, seed: UInt64, shards: Int, tSim: Double, firstEpoch: Int64 = 0, lengthName: String = "t_sim",
        readingLists: Bool = true
    ) throws(RunInputError) {
        let network: CompiledNetwork
        // Lists kept in files are read here, by the runtime, not by the core.
        let lists = readingLists ? try ConnectionListLoader.load(spec) : [:]
        do { network = try CompiledNetwork(spec: spec, seed: seed, shards: shards, lists: lists, deferringLists: !readingLists) } catch {
            throw RunInputError(error.message)
        }
        guard let steps = network.grid.exactSteps(tSim), steps > 0 else {
            throw RunInputError("\(lengthName) \(tSim) ms must be positive and a multiple of the resolution \(spec.resolution) ms")
        }
        // Spike keys hold the step in 32 bits.
        guard steps < Int64(UInt32.max) else {
            throw RunInputError("\(lengthName) \(tSim) ms is 2³² − 1 steps or more (spike keys hold the step in 32 bits)")
        }
        self.network = network
        schedule = EpochSchedule(totalSteps: steps, epochSteps: network.epochSteps, firstEpoch: firstEpoch)
    }

    /// `network` with the rows of its file lists read and checked against the spec's digests.
    public static func withLists(_ network: CompiledNetwork) throws(RunInputError) -> CompiledNetwork {
        let lists = try ConnectionListLoader.load(network.spec)
        if lists.isEmpty { return network }
        do { return try network.loadingLists(lists) } catch { throw RunInputError(error.message) }
    }
}
