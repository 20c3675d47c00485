// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Foundation
import Testing
import VolleyDashboard
import VolleyWire

/// The hub keeps one window of the picture for pages that connect later, numbers its updates,
/// and hands every page each update once, in order.
@Suite struct DashboardHubTests {
    static let welcome = TapWelcome(
        tap: 0x8000_0000, runID: 7, model: "brunel", seed: 3, resolution: 0.1, epochSteps: 15, totalEpochs: 100,
        tSim: 150, shards: 2,
        catalog: RunCatalog(
            populations: [.init(name: "E", size: 8), .init(name: "I", size: 2)], heads: [], rhythms: [], samples: false),
        workers: [], releasedBefore: 0)

    static func hub() -> (DashboardHub, RasterLayout) {
        let hub = DashboardHub(coordinator: "tcp://127.0.0.1:1", windowMs: 10, binMs: 1)
        let layout = RasterLayout(catalog: welcome.catalog, perPopulation: 100)
        hub.begin(welcome, layout: layout)
        return (hub, layout)
    }

    static func batch(steps: Int64, raster: [Int64], spikes: [Int], atp: [Double] = [0, 0]) -> DashboardBatch {
        var b = DashboardBatch(populations: 2)
        b.raster = raster
        b.spikes = spikes
        b.atp = atp
        b.stepsDone = steps
        b.epochsDone = UInt64(steps / 15)
        b.firstEpoch = 0
        b.firstStep = 0
        return b
    }

    @Test func itStartsOutWaiting() {
        let hub = DashboardHub(coordinator: "tcp://127.0.0.1:1", windowMs: 1000, binMs: 10)
        hub.waiting("waiting for the run")
        let s = hub.subscribe()
        #expect(s.snapshot.status.state == .waiting)
        #expect(s.snapshot.layout == nil)
        #expect(hub.status.clients == 1)
        hub.unsubscribe(s.id)
        #expect(hub.status.clients == 0)
    }

    @Test func aLatePageGetsTheLastWindowAndTheTotals() {
        let (hub, _) = Self.hub()
        hub.publish(Self.batch(steps: 60, raster: [5, 0, 50, 9], spikes: [3, 1], atp: [2e9, 1e9]))
        hub.publish(Self.batch(steps: 150, raster: [120, 1], spikes: [1, 0], atp: [1e9, 0]))
        let s = hub.subscribe()
        // The window is 10 ms = 100 steps: step 5 has scrolled out, 50 and 120 have not.
        #expect(s.snapshot.raster == [50, 9, 120, 1])
        #expect(s.snapshot.status.spikes == 5)
        #expect(s.snapshot.status.populations.map(\.spikes) == [4, 1])
        // 4 spikes of 8 neurons in 15 ms.
        #expect(abs(s.snapshot.status.populations[0].rateHz - 33.33) < 0.01)
        // The energy frames' ATP over the same 15 ms: 3e9 and 1e9 ATP.
        #expect(s.snapshot.status.populations.map(\.atp) == [3e9, 1e9])
        #expect(abs(s.snapshot.status.populations[0].atpPerS - 2e11) < 1 && abs(s.snapshot.status.atpPerS - 4e11 / 1.5) < 1)
        #expect(s.snapshot.status.tMs == 15)
        #expect(s.snapshot.layout?.rows == 10)
    }

    @Test func updatesAreNumberedAndReachEveryPageInOrder() async {
        let (hub, _) = Self.hub()
        let s = hub.subscribe()
        let first = s.snapshot.status.sequence
        hub.publish(Self.batch(steps: 15, raster: [3, 2], spikes: [1, 0]))
        hub.end(failure: nil)
        hub.close()
        var seen: [DashboardMessage] = []
        for await text in s.updates {
            seen.append(try! JSONDecoder.snakeCase.decode(DashboardMessage.self, from: Data(text.utf8)))
        }
        #expect(seen.map(\.status.sequence) == [first + 1, first + 2])
        #expect(seen.map(\.type) == ["update", "update"])
        #expect(seen[0].raster == [3, 2])
        #expect(seen[1].status.state == .finished)
    }

    @Test func tracesAreKeptForOneWindowAndAnnouncedOnce() async throws {
        let welcome = TapWelcome(
            tap: 0x8000_0000, runID: 7, model: "coba", seed: 3, resolution: 0.1, epochSteps: 15, totalEpochs: 100,
            tSim: 150, shards: 1,
            catalog: RunCatalog(
                populations: [.init(name: "E", size: 8)], heads: [], rhythms: [], samples: true, variables: ["V_m", "g_ex"]),
            workers: [], releasedBefore: 0)
        let hub = DashboardHub(coordinator: "tcp://127.0.0.1:1", windowMs: 10, binMs: 1)
        hub.begin(welcome, layout: RasterLayout(catalog: welcome.catalog, perPopulation: 100))
        let early = hub.subscribe()
        #expect(early.snapshot.layout?.variables == ["V_m", "g_ex"])
        let vm = DashboardMessage.Trace(id: 0, label: "E[3] V_m", population: "E", neuron: 3, variable: "V_m")
        let gex = DashboardMessage.Trace(id: 1, label: "E[3] g_ex", population: "E", neuron: 3, variable: "g_ex")
        var first = DashboardBatch(populations: 1)
        first.stepsDone = 60
        first.traces = [vm, gex]
        first.samples = [5, 0, 5, 1, 50, 0]
        first.values = [-65, 0.5, -64]
        first.sampleCount = 3
        hub.publish(first)
        var second = DashboardBatch(populations: 1)
        second.stepsDone = 150
        second.samples = [120, 1]
        second.values = [0.25]
        second.sampleCount = 1
        hub.publish(second)
        // A late page gets every trace and the last 100 steps of points.
        let late = hub.subscribe()
        #expect(late.snapshot.traces == [vm, gex])
        #expect(late.snapshot.samples == [50, 0, 120, 1] && late.snapshot.values == [-64, 0.25])
        #expect(late.snapshot.status.samples == 4)
        // An early page heard of each trace once, with its first points.
        hub.close()
        var seen: [DashboardMessage] = []
        for await text in early.updates {
            seen.append(try JSONDecoder.snakeCase.decode(DashboardMessage.self, from: Data(text.utf8)))
        }
        #expect(seen.map(\.traces) == [[vm, gex], []])
        #expect(seen.map(\.values) == [[-65, 0.5, -64], [0.25]])
    }

    @Test func aRunWithoutMultimetersHasNoVariables() {
        let (hub, _) = Self.hub()
        let s = hub.subscribe()
        #expect(s.snapshot.layout?.variables == [] && s.snapshot.traces.isEmpty && s.snapshot.samples.isEmpty)
    }

    @Test func theJSONUsesSnakeCase() throws {
        let (hub, _) = Self.hub()
        let json = hub.status.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["state"] as? String == "running")
        #expect(object["epochs_total"] as? Int == 100)
        #expect(object["coordinator"] as? String == "tcp://127.0.0.1:1")
        #expect(json.contains("tcp://"), "slashes are not escaped")
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }
}
