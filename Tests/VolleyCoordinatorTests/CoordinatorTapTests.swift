// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyCoordinator
import VolleyCore
import VolleyRuntime
import VolleyWire

/// Taps as the coordinator sees them: welcomed once the workers are known, waited for at the
/// start, a lossless one waited for all along, and none of them able to stop the run.
@Suite struct CoordinatorTapTests {
    typealias M = CoordinatorMachineTests

    static func tapHello(lossless: Bool) -> Result<(FrameHeader, ControlMessage), WireError> {
        M.message(.tapHello(tap: TapHello(volleyVersion: volleyVersion, pid: 77, host: "analyst", lossless: lossless)))
    }

    static func welcome(in out: [CoordinatorMachine.Directive], to tap: [UInt8]) -> TapWelcome? {
        for d in out { if case .send(.tapWelcome(let w), let to) = d, to == tap { return w } }
        return nil
    }

    static func releases(_ out: [CoordinatorMachine.Directive]) -> [(UInt64, UInt64)] {
        out.compactMap { d in
            if case .send(.release(let from, let through, _), [1]) = d { return (from, through) }
            return nil
        }
    }

    /// Two workers joined and ready, a tap registered before them; nothing released yet.
    static func withTap(lossless: Bool) -> (CoordinatorMachine, TapWelcome) {
        var m = M.machine()
        let early = m.handle(.control(from: [7], tapHello(lossless: lossless)), now: 0)
        #expect(welcome(in: early, to: [7]) == nil, "welcomed before the workers were known")
        _ = m.handle(.control(from: [1], M.hello(101)), now: 0)
        let out = m.handle(.control(from: [2], M.hello(102)), now: 0)
        let w = welcome(in: out, to: [7])!
        _ = m.handle(.control(from: [1], M.message(.ready(worker: 0))), now: 1)
        let ready = m.handle(.control(from: [2], M.message(.ready(worker: 1))), now: 1)
        #expect(releases(ready).isEmpty, "epoch 0 released before the tap reached the workers")
        return (m, w)
    }

    @Test func aTapIsToldWhereTheWorkersAreAndWhatTheRunIs() {
        let (_, w) = Self.withTap(lossless: false)
        #expect(w.tap >= TapTopic.firstID)
        #expect(w.runID == 11 && w.shards == 4 && w.totalEpochs == 100 && w.epochSteps == 15)
        #expect(w.workers.map(\.shards) == [[0, 2], [1, 3]])
        #expect(w.catalog.populations.map(\.name) == ["E", "I"])
    }

    @Test func theFirstEpochWaitsUntilEveryWorkerHasSeenTheTap() {
        var (m, w) = Self.withTap(lossless: false)
        #expect(Self.releases(m.handle(.control(from: [1], M.message(.tapJoined(tap: w.tap, worker: 0))), now: 1.1)).isEmpty)
        let out = m.handle(.control(from: [2], M.message(.tapJoined(tap: w.tap, worker: 1))), now: 1.2)
        #expect(Self.releases(out).map(\.1) == [20])
        #expect(m.phase == .running)
    }

    @Test func aLosslessTapHoldsTheReleaseWindowToWhatItHasWritten() {
        var (m, w) = Self.withTap(lossless: true)
        _ = m.handle(.control(from: [1], M.message(.tapJoined(tap: w.tap, worker: 0))), now: 1.1)
        _ = m.handle(.control(from: [2], M.message(.tapJoined(tap: w.tap, worker: 1))), now: 1.2)
        var released: UInt64 = 20
        for k in 0..<UInt64(20) {
            released = Self.releases(m.handle(.recorded(epoch: k, spikes: []), now: 2)).last?.1 ?? released
        }
        #expect(released == 20, "released past what the lossless tap has written")
        let out = m.handle(.control(from: [7], M.message(.tapRecorded(through: 20))), now: 2.1)
        #expect(Self.releases(out).map(\.1) == [40])
    }

    @Test func aSilentTapIsLetGoAndTheRunGoesOn() {
        var (m, w) = Self.withTap(lossless: true)
        _ = m.handle(.control(from: [1], M.message(.tapJoined(tap: w.tap, worker: 0))), now: 1.1)
        _ = m.handle(.control(from: [2], M.message(.tapJoined(tap: w.tap, worker: 1))), now: 1.2)
        for k in 0..<UInt64(20) { _ = m.handle(.recorded(epoch: k, spikes: []), now: 2) }
        _ = m.handle(.control(from: [1], M.message(.heartbeat)), now: 4.5)
        _ = m.handle(.control(from: [2], M.message(.heartbeat)), now: 4.5)
        let out = m.handle(.tick, now: 4.6)
        #expect(out.contains { if case .notice(let s) = $0 { s.contains("stopped responding") } else { false } })
        #expect(Self.releases(out).map(\.1) == [40], "the run did not go on without the tap")
        #expect(m.phase == .running && m.taps.taps.isEmpty)
    }

    @Test func aTapNoWorkerSeesIsTurnedAwayAndTheRunStarts() {
        var (m, _) = Self.withTap(lossless: false)
        _ = m.handle(.control(from: [7], M.message(.heartbeat)), now: 10)
        _ = m.handle(.control(from: [1], M.message(.heartbeat)), now: 10)
        _ = m.handle(.control(from: [2], M.message(.heartbeat)), now: 10)
        let out = m.handle(.tick, now: 10.1)
        #expect(out.contains { if case .send(.refuse(let r), [7]) = $0 { r.contains("tap endpoints") } else { false } })
        #expect(Self.releases(out).map(\.1) == [20])
    }

    @Test func theEndWaitsBrieflyForTapsThatKeepUp() {
        var m = M.running(epochs: 10)
        let out = m.handle(.control(from: [7], Self.tapHello(lossless: false)), now: 2)
        let w = Self.welcome(in: out, to: [7])!
        _ = m.handle(.control(from: [1], M.message(.tapJoined(tap: w.tap, worker: 0))), now: 2)
        _ = m.handle(.control(from: [2], M.message(.tapJoined(tap: w.tap, worker: 1))), now: 2)
        var last: [CoordinatorMachine.Directive] = []
        for k in 0..<UInt64(10) { last = m.handle(.recorded(epoch: k, spikes: []), now: 3) }
        #expect(!last.contains(.send(.finish, to: [1])), "finished before the tap had the last epoch")
        let done = m.handle(.control(from: [7], M.message(.tapRecorded(through: 10))), now: 3.1)
        #expect(done.contains(.send(.finish, to: [1])))
        // A tap that does not keep up gets a second, not more.
        var slow = M.running(epochs: 10)
        let w2 = Self.welcome(in: slow.handle(.control(from: [7], Self.tapHello(lossless: false)), now: 2), to: [7])!
        _ = slow.handle(.control(from: [1], M.message(.tapJoined(tap: w2.tap, worker: 0))), now: 2)
        _ = slow.handle(.control(from: [2], M.message(.tapJoined(tap: w2.tap, worker: 1))), now: 2)
        for k in 0..<UInt64(10) { _ = slow.handle(.recorded(epoch: k, spikes: []), now: 3) }
        for who: [UInt8] in [[1], [2], [7]] { _ = slow.handle(.control(from: who, M.message(.heartbeat)), now: 4.05) }
        #expect(slow.handle(.tick, now: 4.1).contains(.send(.finish, to: [1])))
    }

    @Test func aFailedRunTellsItsTaps() {
        var (m, _) = Self.withTap(lossless: false)
        let out = m.handle(.interrupted("SIGINT"), now: 2)
        #expect(out.contains { if case .send(.abort, [7]) = $0 { true } else { false } })
    }
}
