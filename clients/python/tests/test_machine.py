# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""The tap's side of the control protocol without sockets, time given as literals: the same cases,
in the same order, as Tests/VolleyTransportTests/TapMachineTests.swift. Keep them in step."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from volley_tap.machine import (FAILED, FINISHED, JOINING, LEFT, WATCHING, AwaitWelcome, Consumed, ConsumerActive,
                                Control, Directive, Fail, Failure, Finished, Leave, LinkRefused, Send, Start, Stop,
                                Subscribe, TapMachine, Tick, Unreadable, WelcomeOverdue)

HELLO = {"volleyVersion": "0.1.0", "pid": 77, "host": "analyst", "lossless": True}
WELCOME: Dict[str, Any] = {
    "tap": 0x8000_0005, "runID": 11, "model": "fake", "seed": 3, "resolution": 0.1, "epochSteps": 10,
    "totalEpochs": 10, "tSim": 10, "shards": 1, "releasedBefore": 0,
    "catalog": {"populations": [{"name": "E", "size": 4}], "heads": [], "rhythms": [], "samples": False},
    "workers": [{"worker": 0, "tapEndpoint": "tcp://127.0.0.1:9", "dataEndpoint": "tcp://127.0.0.1:8", "shards": [0]}]}

HEARTBEAT = Send({"heartbeat": {}})


def control(name: str, body: Optional[Dict[str, Any]] = None) -> Control:
    return Control({name: {} if body is None else body})


def welcome_message(welcome: Dict[str, Any] = WELCOME) -> Control:
    return control("tapWelcome", {"welcome": welcome})


def watching(consumer_timeout: Optional[float] = 30.0) -> TapMachine:
    """Started at 0 and welcomed at 1, with the given consumer timeout."""
    m = TapMachine(HELLO, consumer_timeout=consumer_timeout)
    m.handle(Start(), 0)
    m.handle(Tick(), 0)
    m.handle(welcome_message(), 1)
    return m


def sends(out: List[Directive]) -> List[Dict[str, Any]]:
    return [d.message for d in out if isinstance(d, Send)]


def recorded(through: int) -> Send:
    return Send({"tapRecorded": {"through": through}})


def test_introduces_itself_once_and_subscribes_on_the_welcome() -> None:
    m = TapMachine(HELLO)
    assert m.handle(Start(), 0) == [Send({"tapHello": {"tap": HELLO}})]
    assert m.handle(Start(), 0.1) == []
    assert m.phase == JOINING and m.welcome is None
    assert m.handle(welcome_message(), 1) == [Subscribe(WELCOME)]
    assert m.phase == WATCHING and m.welcome == WELCOME
    # A second welcome changes nothing: the tap is subscribed already.
    assert m.handle(welcome_message(dict(WELCOME, runID=12)), 1.1) == []
    assert m.welcome is not None and m.welcome["runID"] == 11


def test_heartbeats_go_out_every_quarter_second_from_the_start() -> None:
    m = TapMachine(HELLO)
    m.handle(Start(), 0)
    assert m.handle(Tick(), 0) == [HEARTBEAT]
    assert m.handle(Tick(), 0.2) == []
    assert m.handle(Tick(), 0.25) == [HEARTBEAT]
    assert m.handle(welcome_message(), 0.3) == [Subscribe(WELCOME)]
    assert m.handle(Tick(), 0.4) == []
    assert m.handle(Tick(), 0.5) == [HEARTBEAT]


def test_a_slow_consumer_keeps_the_tap_alive_and_a_hung_one_lets_it_go() -> None:
    """The structural point of the machine: a consumer busy with one epoch for longer than the
    coordinator's liveness timeout does not stop the heartbeats; only one silent for longer than
    the consumer timeout (hung) does, and they resume when it is back."""
    m = watching(consumer_timeout=30)
    m.handle(ConsumerActive(), 1)

    def tick(t: float) -> List[Directive]:
        # The coordinator heartbeats too; then a tick.
        m.handle(control("heartbeat"), t)
        return m.handle(Tick(), t)

    beats = sum(len(sends(tick(1 + i * 0.25))) for i in range(1, 101))
    assert beats == 100, "a consumer silent for 25 s is still heard for"
    assert tick(31) == [HEARTBEAT]
    assert tick(31.5) == [], "a consumer silent for 30.5 s counts as hung"
    m.handle(ConsumerActive(), 32)
    assert tick(32) == [HEARTBEAT]
    never = watching(consumer_timeout=None)
    never.handle(control("heartbeat"), 1000)
    assert never.handle(Tick(), 1000) == [HEARTBEAT]


def test_progress_goes_out_at_most_every_20_ms_except_the_last_epoch() -> None:
    m = TapMachine(HELLO)
    m.handle(Start(), 0)
    m.handle(Tick(), 0)
    # Before the welcome there is nothing to report on.
    assert m.handle(Consumed(0), 0.5) == []
    m.handle(welcome_message(), 1)
    assert m.handle(Tick(), 1) == [HEARTBEAT, recorded(0)]
    assert m.handle(Consumed(1), 1.01) == []
    assert m.handle(Consumed(3), 1.015) == []
    assert m.handle(Tick(), 1.02) == [recorded(3)]
    assert m.handle(Consumed(3), 1.1) == [], "reported already"
    assert m.handle(Consumed(2), 1.2) == [], "progress never goes back"
    assert m.handle(Consumed(4), 1.3) == [recorded(4)]
    assert m.handle(Consumed(10), 1.301) == [recorded(10)]


def test_a_coordinator_silent_for_longer_than_the_timeout_ends_the_tap() -> None:
    m = watching()
    m.handle(control("heartbeat"), 2)
    assert m.handle(Tick(), 5) == [HEARTBEAT]
    assert m.handle(Tick(), 5.01) == [Fail(Failure("coordinatorSilent", 3.0))]
    assert m.phase == FAILED and m.failure is not None
    assert m.failure.description == "the coordinator stopped responding (nothing for 3 s)"
    assert m.handle(Tick(), 6) == [] and m.handle(Leave(), 6) == []


def test_unheard_the_tap_waits_as_long_as_the_consumer_does() -> None:
    """Before the coordinator has said anything its silence is the join wait's business (it may
    not be up yet, or a CURVE server drops a hello it cannot decrypt without a word). The wait
    running out ends nothing: the consumer may wait again."""
    m = TapMachine(HELLO)
    m.handle(Start(), 0)
    m.handle(AwaitWelcome(5), 0)
    assert m.handle(Tick(), 5) == [HEARTBEAT]
    assert m.handle(Tick(), 5.1) == [WelcomeOverdue(5)]
    assert m.handle(Tick(), 5.2) == [] and m.phase == JOINING
    m.handle(AwaitWelcome(0.5), 6)
    assert m.handle(Tick(), 6.6) == [WelcomeOverdue(0.5), HEARTBEAT]
    assert m.handle(welcome_message(), 7) == [Subscribe(WELCOME)]


def test_heard_then_silent_before_the_welcome_ends_the_tap() -> None:
    m = TapMachine(HELLO, liveness_timeout=0.5)
    m.handle(Start(), 0)
    m.handle(AwaitWelcome(60), 0)
    m.handle(control("heartbeat"), 1)
    assert m.handle(Tick(), 1.5) == [HEARTBEAT]
    assert m.handle(Tick(), 1.6) == [Fail(Failure("coordinatorSilent", 0.5))]
    assert m.failure is not None
    assert m.failure.description == "the coordinator stopped responding (nothing for 0.5 s)"


def test_refusals_aborts_and_unreadable_messages_end_the_tap() -> None:
    refused = TapMachine(HELLO)
    refused.handle(Start(), 0)
    why = "volley 0.0.9 cannot tap a volley 0.1.0 run"
    assert refused.handle(control("refuse", {"reason": why}), 1) == [Fail(Failure("refused", why))]
    assert refused.failure is not None and refused.failure.description == f"the coordinator turned this tap away: {why}"
    aborted = watching()
    assert aborted.handle(control("abort", {"reason": "worker 1 died"}), 2) == [
        Fail(Failure("aborted", "worker 1 died"))]
    assert aborted.failure is not None and aborted.failure.description == "the run failed: worker 1 died"
    unreadable = watching()
    out = unreadable.handle(Unreadable("not a Volley frame (bad magic)"), 2)
    assert len(out) == 1 and isinstance(out[0], Fail) and out[0].failure.kind == "unreadable", out
    assert unreadable.failure is not None
    assert unreadable.failure.description.startswith("an unreadable message from the coordinator: ")
    # Only here: Swift's decoder refuses a welcome that is not an object before the machine sees it.
    malformed = TapMachine(HELLO)
    malformed.handle(Start(), 0)
    assert malformed.handle(control("tapWelcome", {"welcome": 3}), 1) == [
        Fail(Failure("unreadable", "a welcome that is not an object"))]


def test_a_refused_link_ends_the_join_but_nothing_after_the_welcome() -> None:
    m = TapMachine(HELLO)
    m.handle(Start(), 0)
    why = "the coordinator uses CURVE keys"
    assert m.handle(LinkRefused(why), 0.1) == [Fail(Failure("linkRefused", why))]
    assert m.failure is not None and m.failure.description == why
    welcomed = watching()
    assert welcomed.handle(LinkRefused("late"), 2) == [] and welcomed.phase == WATCHING


def test_the_finish_ends_the_run_but_not_the_reports() -> None:
    """After the finish the consumer drains what is on its way: its last report still goes out,
    and neither the coordinator's silence nor a late abort changes how the run ended."""
    m = watching()
    assert m.handle(control("finish"), 2) == [Finished()]
    assert m.phase == FINISHED
    assert m.handle(control("abort", {"reason": "late"}), 2.1) == []
    assert m.handle(Tick(), 10) == [HEARTBEAT]
    assert m.handle(Consumed(10), 10.5) == [recorded(10)]
    assert m.phase == FINISHED and m.failure is None
    early = TapMachine(HELLO)
    early.handle(Start(), 0)
    assert early.handle(control("finish"), 1) == [Fail(Failure("finishedBeforeWelcome"))]


def test_leaving_says_goodbye_only_while_the_run_goes_on() -> None:
    joining = TapMachine(HELLO)
    joining.handle(Start(), 0)
    assert joining.handle(Leave(), 1) == [Send({"tapLeave": {}}), Stop()]
    w = watching()
    assert w.handle(Leave(), 2) == [Send({"tapLeave": {}}), Stop()]
    assert w.phase == LEFT
    assert w.handle(Tick(), 3) == [] and w.handle(Consumed(5), 3) == []
    finished = watching()
    finished.handle(control("finish"), 2)
    assert finished.handle(Leave(), 3) == [Stop()]


def test_any_message_counts_as_a_sign_of_life() -> None:
    m = watching()
    m.handle(control("tapJoined", {"tap": 1, "worker": 0}), 3.5)
    assert m.handle(Tick(), 6.4) == [HEARTBEAT]
    assert m.handle(Tick(), 6.6) == [Fail(Failure("coordinatorSilent", 3.0))]
