// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyTransport
import VolleyWire

/// The tap's side of the control protocol without sockets, time given as literals.
/// clients/python/tests/test_machine.py holds the same cases for the Python port: keep them in step.
@Suite struct TapMachineTests {
    static let hello = TapHello(volleyVersion: "0.1.0", pid: 77, host: "analyst", lossless: true)
    static let welcome = TapWelcome(
        tap: 0x8000_0005, runID: 11, model: "fake", seed: 3, resolution: 0.1, epochSteps: 10, totalEpochs: 10, tSim: 10,
        shards: 1,
        catalog: RunCatalog(populations: [.init(name: "E", size: 4)], heads: [], rhythms: [], samples: false),
        workers: [TapPeer(worker: 0, tapEndpoint: "tcp://127.0.0.1:9", dataEndpoint: "tcp://127.0.0.1:8", shards: [0])],
        releasedBefore: 0)

    static func control(_ m: ControlMessage) -> TapMachine.Event {
        let header = FrameHeader(kind: .control, runID: 11, source: UInt32.max, count: 0, epoch: 0, sequence: 0)
        return .control(.success((header, m)))
    }

    /// Started at 0 and welcomed at 1, with the given consumer timeout.
    static func watching(consumerTimeout: Double? = 30) -> TapMachine {
        var m = TapMachine(hello: hello, consumerTimeout: consumerTimeout)
        _ = m.handle(.start, now: 0)
        _ = m.handle(.tick, now: 0)
        _ = m.handle(control(.tapWelcome(welcome: welcome)), now: 1)
        return m
    }

    static func sends(_ out: [TapMachine.Directive]) -> [ControlMessage] {
        out.compactMap { if case .send(let m) = $0 { m } else { nil } }
    }

    @Test func introducesItselfOnceAndSubscribesOnTheWelcome() {
        var m = TapMachine(hello: Self.hello)
        #expect(m.handle(.start, now: 0) == [.send(.tapHello(tap: Self.hello))])
        #expect(m.handle(.start, now: 0.1).isEmpty)
        #expect(m.phase == .joining && m.welcome == nil)
        #expect(m.handle(Self.control(.tapWelcome(welcome: Self.welcome)), now: 1) == [.subscribe(Self.welcome)])
        #expect(m.phase == .watching && m.welcome == Self.welcome)
        // A second welcome changes nothing: the tap is subscribed already.
        var other = Self.welcome
        other.runID = 12
        #expect(m.handle(Self.control(.tapWelcome(welcome: other)), now: 1.1).isEmpty)
        #expect(m.welcome?.runID == 11)
    }

    @Test func heartbeatsGoOutEveryQuarterSecondFromTheStart() {
        var m = TapMachine(hello: Self.hello)
        _ = m.handle(.start, now: 0)
        #expect(m.handle(.tick, now: 0) == [.send(.heartbeat)])
        #expect(m.handle(.tick, now: 0.2).isEmpty)
        #expect(m.handle(.tick, now: 0.25) == [.send(.heartbeat)])
        #expect(m.handle(Self.control(.tapWelcome(welcome: Self.welcome)), now: 0.3) == [.subscribe(Self.welcome)])
        #expect(m.handle(.tick, now: 0.4).isEmpty)
        #expect(m.handle(.tick, now: 0.5) == [.send(.heartbeat)])
    }

    /// The structural point of the machine: a consumer busy with one epoch for longer than the
    /// coordinator's liveness timeout does not stop the heartbeats; only one silent for longer
    /// than the consumer timeout (hung) does, and they resume when it is back.
    @Test func aSlowConsumerKeepsTheTapAliveAndAHungOneLetsItGo() {
        var m = Self.watching(consumerTimeout: 30)
        _ = m.handle(.consumerActive, now: 1)
        // The coordinator heartbeats too; then a tick.
        func tick(_ t: Double) -> [TapMachine.Directive] {
            _ = m.handle(Self.control(.heartbeat), now: t)
            return m.handle(.tick, now: t)
        }
        var beats = 0
        for i in 1...100 { beats += Self.sends(tick(1 + Double(i) * 0.25)).count }
        #expect(beats == 100, "a consumer silent for 25 s is still heard for")
        #expect(tick(31) == [.send(.heartbeat)])
        #expect(tick(31.5).isEmpty, "a consumer silent for 30.5 s counts as hung")
        _ = m.handle(.consumerActive, now: 32)
        #expect(tick(32) == [.send(.heartbeat)])
        var never = Self.watching(consumerTimeout: nil)
        _ = never.handle(Self.control(.heartbeat), now: 1000)
        #expect(never.handle(.tick, now: 1000) == [.send(.heartbeat)])
    }

    @Test func progressGoesOutAtMostEvery20MsExceptTheLastEpoch() {
        var m = TapMachine(hello: Self.hello)
        _ = m.handle(.start, now: 0)
        _ = m.handle(.tick, now: 0)
        // Before the welcome there is nothing to report on.
        #expect(m.handle(.consumed(through: 0), now: 0.5).isEmpty)
        _ = m.handle(Self.control(.tapWelcome(welcome: Self.welcome)), now: 1)
        #expect(m.handle(.tick, now: 1) == [.send(.heartbeat), .send(.tapRecorded(through: 0))])
        #expect(m.handle(.consumed(through: 1), now: 1.01).isEmpty)
        #expect(m.handle(.consumed(through: 3), now: 1.015).isEmpty)
        #expect(m.handle(.tick, now: 1.02) == [.send(.tapRecorded(through: 3))])
        #expect(m.handle(.consumed(through: 3), now: 1.1).isEmpty, "reported already")
        #expect(m.handle(.consumed(through: 2), now: 1.2).isEmpty, "progress never goes back")
        #expect(m.handle(.consumed(through: 4), now: 1.3) == [.send(.tapRecorded(through: 4))])
        #expect(m.handle(.consumed(through: 10), now: 1.301) == [.send(.tapRecorded(through: 10))])
    }

    @Test func aCoordinatorSilentForLongerThanTheTimeoutEndsTheTap() {
        var m = Self.watching()
        _ = m.handle(Self.control(.heartbeat), now: 2)
        #expect(m.handle(.tick, now: 5) == [.send(.heartbeat)])
        let out = m.handle(.tick, now: 5.01)
        #expect(out == [.fail(.coordinatorSilent(seconds: 3))])
        #expect(m.phase == .failed && m.failure?.description == "the coordinator stopped responding (nothing for 3 s)")
        #expect(m.handle(.tick, now: 6).isEmpty && m.handle(.leave, now: 6).isEmpty)
    }

    /// Before the coordinator has said anything its silence is the join wait's business (it may
    /// not be up yet, or a CURVE server drops a hello it cannot decrypt without a word). The
    /// wait running out ends nothing: the consumer may wait again.
    @Test func unheardTheTapWaitsAsLongAsTheConsumerDoes() {
        var m = TapMachine(hello: Self.hello)
        _ = m.handle(.start, now: 0)
        _ = m.handle(.awaitWelcome(timeout: 5), now: 0)
        #expect(m.handle(.tick, now: 5) == [.send(.heartbeat)])
        #expect(m.handle(.tick, now: 5.1) == [.welcomeOverdue(seconds: 5)])
        #expect(m.handle(.tick, now: 5.2).isEmpty && m.phase == .joining)
        _ = m.handle(.awaitWelcome(timeout: 0.5), now: 6)
        #expect(m.handle(.tick, now: 6.6) == [.welcomeOverdue(seconds: 0.5), .send(.heartbeat)])
        #expect(m.handle(Self.control(.tapWelcome(welcome: Self.welcome)), now: 7) == [.subscribe(Self.welcome)])
    }

    @Test func heardThenSilentBeforeTheWelcomeEndsTheTap() {
        var m = TapMachine(hello: Self.hello, livenessTimeout: 0.5)
        _ = m.handle(.start, now: 0)
        _ = m.handle(.awaitWelcome(timeout: 60), now: 0)
        _ = m.handle(Self.control(.heartbeat), now: 1)
        #expect(m.handle(.tick, now: 1.5) == [.send(.heartbeat)])
        #expect(m.handle(.tick, now: 1.6) == [.fail(.coordinatorSilent(seconds: 0.5))])
        #expect(m.failure?.description == "the coordinator stopped responding (nothing for 0.5 s)")
    }

    @Test func refusalsAbortsAndUnreadableMessagesEndTheTap() {
        var refused = TapMachine(hello: Self.hello)
        _ = refused.handle(.start, now: 0)
        let why = "volley 0.0.9 cannot tap a volley 0.1.0 run"
        #expect(refused.handle(Self.control(.refuse(reason: why)), now: 1) == [.fail(.refused(why))])
        #expect(refused.failure?.description == "the coordinator turned this tap away: \(why)")
        var aborted = Self.watching()
        #expect(aborted.handle(Self.control(.abort(reason: "worker 1 died")), now: 2)
            == [.fail(.aborted("worker 1 died"))])
        #expect(aborted.failure?.description == "the run failed: worker 1 died")
        var unreadable = Self.watching()
        let out = unreadable.handle(.control(.failure(.badMagic)), now: 2)
        guard case .fail(.unreadable)? = out.first, out.count == 1 else {
            Issue.record("an unreadable message was taken: \(out)")
            return
        }
        #expect(unreadable.failure?.description.hasPrefix("an unreadable message from the coordinator: ") == true)
    }

    @Test func aRefusedLinkEndsTheJoinButNothingAfterTheWelcome() {
        var m = TapMachine(hello: Self.hello)
        _ = m.handle(.start, now: 0)
        let why = "the coordinator uses CURVE keys"
        #expect(m.handle(.linkRefused(why), now: 0.1) == [.fail(.linkRefused(why))])
        #expect(m.failure?.description == why)
        var welcomed = Self.watching()
        #expect(welcomed.handle(.linkRefused("late"), now: 2).isEmpty && welcomed.phase == .watching)
    }

    /// After the finish the consumer drains what is on its way: its last report still goes out,
    /// and neither the coordinator's silence nor a late abort changes how the run ended.
    @Test func theFinishEndsTheRunButNotTheReports() {
        var m = Self.watching()
        #expect(m.handle(Self.control(.finish), now: 2) == [.finished])
        #expect(m.phase == .finished)
        #expect(m.handle(Self.control(.abort(reason: "late")), now: 2.1).isEmpty)
        #expect(m.handle(.tick, now: 10) == [.send(.heartbeat)])
        #expect(m.handle(.consumed(through: 10), now: 10.5) == [.send(.tapRecorded(through: 10))])
        #expect(m.phase == .finished && m.failure == nil)
        var early = TapMachine(hello: Self.hello)
        _ = early.handle(.start, now: 0)
        #expect(early.handle(Self.control(.finish), now: 1) == [.fail(.finishedBeforeWelcome)])
    }

    @Test func leavingSaysGoodbyeOnlyWhileTheRunGoesOn() {
        var joining = TapMachine(hello: Self.hello)
        _ = joining.handle(.start, now: 0)
        #expect(joining.handle(.leave, now: 1) == [.send(.tapLeave), .stop])
        var watching = Self.watching()
        #expect(watching.handle(.leave, now: 2) == [.send(.tapLeave), .stop])
        #expect(watching.phase == .left)
        #expect(watching.handle(.tick, now: 3).isEmpty && watching.handle(.consumed(through: 5), now: 3).isEmpty)
        var finished = Self.watching()
        _ = finished.handle(Self.control(.finish), now: 2)
        #expect(finished.handle(.leave, now: 3) == [.stop])
    }

    @Test func anyMessageCountsAsASignOfLife() {
        var m = Self.watching()
        _ = m.handle(Self.control(.tapJoined(tap: 1, worker: 0)), now: 3.5)
        #expect(m.handle(.tick, now: 6.4) == [.send(.heartbeat)])
        #expect(m.handle(.tick, now: 6.6) == [.fail(.coordinatorSilent(seconds: 3))])
    }
}
