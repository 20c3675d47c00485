// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCore
import VolleyDashboard
import VolleyTap
import VolleyWire

/// Multimeter samples become traces named as NEST names them ("E[3] g_ex"), a few of them,
/// thinned to what a window can show.
@Suite struct TraceCollectorTests {
    static let catalog = RunCatalog(
        populations: [.init(name: "E", size: 8), .init(name: "I", size: 2)], heads: [], rhythms: [], samples: true,
        variables: ["V_m", "g_ex"])

    static func sample(_ p: Int, _ n: Int, _ v: Int, _ stamp: Int64, _ value: Double) -> ProbeSample {
        ProbeSample(population: p, neuron: n, stamp: stamp, value: value, variable: v)
    }

    @Test func eachRecordableOfEachNeuronIsATraceNamedByIt() {
        var c = TraceCollector(catalog: Self.catalog, windowSteps: 100)
        var b = DashboardBatch(populations: 2)
        c.add([Self.sample(0, 3, 0, 1, -65), Self.sample(0, 3, 1, 1, 0.5), Self.sample(1, 0, 1, 1, 2)], to: &b)
        #expect(b.traces.map(\.label) == ["E[3] V_m", "E[3] g_ex", "I[0] g_ex"])
        #expect(b.traces.map(\.id) == [0, 1, 2])
        #expect(b.traces[1] == DashboardMessage.Trace(id: 1, label: "E[3] g_ex", population: "E", neuron: 3, variable: "g_ex"))
        #expect(b.samples == [1, 0, 1, 1, 1, 2])
        #expect(b.values == [-65, 0.5, 2])
        // The next batch has the traces' new points, and no traces it already announced.
        var next = DashboardBatch(populations: 2)
        c.add([Self.sample(0, 3, 1, 2, 0.75)], to: &next)
        #expect(next.traces.isEmpty && next.samples == [2, 1] && next.values == [0.75])
        #expect(c.traces.count == 3)
    }

    @Test func beyondTheLimitSamplesAreNotDrawn() {
        var c = TraceCollector(catalog: Self.catalog, windowSteps: 100, limit: 2)
        var b = DashboardBatch(populations: 2)
        c.add((0..<4).map { Self.sample(0, $0, 0, 1, -70) }, to: &b)
        #expect(b.traces.map(\.label) == ["E[0] V_m", "E[1] V_m"])
        #expect(b.values.count == 2)
    }

    @Test func aTraceKeepsAboutOnePointPerPixelOfTheWindow() {
        // A 10,000-step window: one point every 5 steps, however often the multimeter samples.
        var c = TraceCollector(catalog: Self.catalog, windowSteps: 10_000)
        #expect(c.strideSteps == 10_000 / TraceCollector.pointsPerWindow)
        var b = DashboardBatch(populations: 2)
        c.add((1...20).map { Self.sample(0, 0, 0, Int64($0), Double($0)) }, to: &b)
        #expect(b.values == [1, 6, 11, 16])
        // A coarse multimeter (every 8 steps) keeps every sample.
        var coarse = TraceCollector(catalog: Self.catalog, windowSteps: 10_000)
        var b2 = DashboardBatch(populations: 2)
        coarse.add([8, 16, 24].map { Self.sample(1, 1, 1, $0, 1) }, to: &b2)
        #expect(b2.samples == [8, 0, 16, 0, 24, 0])
    }

    @Test func whatTheCatalogueCannotNameOrJSONCannotHoldIsLeftOut() {
        var c = TraceCollector(catalog: Self.catalog, windowSteps: 100)
        var b = DashboardBatch(populations: 2)
        c.add([Self.sample(0, 0, 2, 1, 1), Self.sample(5, 0, 0, 1, 1), Self.sample(0, 1, 0, 1, .nan), Self.sample(0, 1, 0, 2, -60)], to: &b)
        #expect(b.traces.map(\.label) == ["E[1] V_m"])
        #expect(b.samples == [2, 0] && b.values == [-60])
    }

    @Test func theAggregatorHandsTracesOverWithItsBatch() {
        let layout = RasterLayout(catalog: Self.catalog, perPopulation: 10)
        var a = EpochAggregator(
            layout: layout, binSteps: 10, schedule: EpochSchedule(totalSteps: 100, epochSteps: 10), resolution: 0.1,
            traces: TraceCollector(catalog: Self.catalog, windowSteps: 100))
        var e = TapEpoch(epoch: 0)
        e.record.samples = [Self.sample(0, 2, 1, 5, 3.5), Self.sample(1, 1, 0, 5, -58)]
        a.add(e)
        let b = a.take()
        #expect(b.traces.map(\.label) == ["E[2] g_ex", "I[1] V_m"])
        #expect(b.values == [3.5, -58] && b.sampleCount == 2)
        #expect(a.take().traces.isEmpty, "a batch starts empty")
        // Without a collector, samples are counted but not drawn.
        var plain = EpochAggregator(layout: layout, binSteps: 10, schedule: EpochSchedule(totalSteps: 100, epochSteps: 10), resolution: 0.1)
        plain.add(e)
        let p = plain.take()
        #expect(p.traces.isEmpty && p.values.isEmpty && p.sampleCount == 2)
    }
}
