// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyDashboard
import VolleyTap
import VolleyWire

/// Rates in bins of model time and the raster's spikes, from epochs as a tap hands them over.
@Suite struct EpochAggregatorTests {
    /// Two populations of 10 neurons, all shown; 10-step epochs, 20-step bins of 2 ms.
    static func aggregator(totalSteps: Int64 = 100) -> EpochAggregator {
        let catalog = RunCatalog(
            populations: [.init(name: "A", size: 10), .init(name: "B", size: 10)], heads: [], rhythms: [],
            samples: false)
        return EpochAggregator(
            layout: RasterLayout(catalog: catalog, perPopulation: 10), binSteps: 20,
            schedule: EpochSchedule(totalSteps: totalSteps, epochSteps: 10),
            resolution: 0.1)
    }

    static func epoch(_ k: UInt64, _ spikes: [(step: Int64, id: Int)]) -> TapEpoch {
        var e = TapEpoch(epoch: k)
        e.record.spikes = spikes.map { UInt64($0.step) << 32 | UInt64($0.id) }
        return e
    }

    @Test func binsCloseAsModelTimePassesThem() {
        var a = Self.aggregator()
        a.add(Self.epoch(0, [(3, 0), (5, 12)]))
        #expect(a.take().rates.isEmpty, "the first bin is still open after 10 of its 20 steps")
        a.add(Self.epoch(1, [(15, 1)]))
        let b = a.take()
        // Two spikes of A and one of B in 2 ms among 10 neurons: 100 Hz and 50 Hz.
        #expect(b.firstBin == 0)
        #expect(b.rates == [100, 50])
        #expect(b.spikes == [1, 0], "spike counts belong to the batch the spikes came in")
        #expect(b.epochsDone == 2)
        #expect(b.stepsDone == 20)
    }

    @Test func spikesGoToTheRasterWithTheirRows() {
        var a = Self.aggregator()
        a.add(Self.epoch(0, [(3, 0), (5, 12), (7, 19)]))
        let b = a.take()
        #expect(b.raster == [3, 0, 5, 12, 7, 19])
        #expect(b.spikes == [1, 2])
        #expect(b.firstEpoch == 0 && b.firstStep == 0)
    }

    /// A resumed run's wire epoch 0 is the model's epoch at the cut: the page's time starts there.
    @Test func aResumedRunsEpochsStartAtItsCut() {
        let catalog = RunCatalog(
            populations: [.init(name: "A", size: 10), .init(name: "B", size: 10)], heads: [], rhythms: [], samples: false)
        var a = EpochAggregator(
            layout: RasterLayout(catalog: catalog, perPopulation: 10), binSteps: 20,
            schedule: EpochSchedule(totalSteps: 100, epochSteps: 10, firstEpoch: 4), resolution: 0.1)
        a.add(Self.epoch(0, [(43, 0)]))
        a.add(Self.epoch(1, [(55, 1)]))
        let b = a.take()
        #expect(b.firstStep == 40 && b.stepsDone == 60)
        #expect(b.firstBin == 2 && b.rates == [100, 0], "bin [40, 60) holds both spikes of A")
    }

    @Test func emptyBinsAreZeroAndTheLastShortBinCountsItsOwnLength() {
        var a = Self.aggregator(totalSteps: 50)
        for k in 0..<4 { a.add(Self.epoch(UInt64(k), [])) }
        a.add(Self.epoch(4, [(45, 0)]))
        a.finish()
        let b = a.take()
        // Bins [0,20) and [20,40) are empty; the last bin is [40,50): 1 spike, 10 neurons, 1 ms.
        #expect(b.firstBin == 0)
        #expect(b.rates == [0, 0, 0, 0, 100, 0])
    }

    @Test func aTapThatJoinsMidRunCountsOnlyTheTimeItSaw() {
        var a = Self.aggregator()
        // Joined at epoch 3 (step 30), in the middle of bin 1 ([20,40)).
        a.add(Self.epoch(3, [(31, 0)]))
        let b = a.take()
        #expect(b.firstBin == 1)
        #expect(b.rates == [100, 0], "one spike in 1 ms among 10 neurons")
        #expect(b.firstEpoch == 3 && b.firstStep == 30)
    }
}
