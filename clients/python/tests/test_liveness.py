# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""The one liveness rule every machine applies, time given as literals: the same cases as
Tests/VolleyWireTests/LivenessTests.swift."""

from __future__ import annotations

from typing import List

from volley_tap.liveness import Liveness


def due(liveness: Liveness, times: List[float]) -> List[bool]:
    return [liveness.heartbeat_due(t) for t in times]


def test_the_first_heartbeat_is_due_at_once_then_every_interval() -> None:
    l = Liveness(heartbeat_interval=0.25, timeout=3)
    assert l.last_heartbeat is None
    # Asking when one is not due does not count as sending it (10.3 is not due, 10.5 is).
    assert due(l, [10, 10.1, 10.249, 10.25, 10.3, 10.5]) == [True, False, False, True, False, True]
    assert l.last_heartbeat == 10.5


def test_a_peer_never_heard_is_never_silent() -> None:
    l = Liveness(timeout=3)
    assert not l.heard and l.silence(1000) is None and not l.silent(1000)


def test_a_peer_is_silent_only_strictly_past_the_timeout_since_its_last_word() -> None:
    l = Liveness(timeout=3)
    l.seen(1)
    assert l.heard and l.silence(2.5) == 1.5
    assert not l.silent(4), "exactly the timeout is not yet silence"
    assert l.silent(4.01)
    l.seen(4.01)
    assert not l.silent(7) and l.silent(7.02)


def test_heartbeats_and_silence_are_independent() -> None:
    l = Liveness(heartbeat_interval=1, timeout=0.5)
    assert due(l, [0]) == [True]
    assert not l.heard, "sending is not hearing"
    l.seen(0.2)
    assert due(l, [0.9]) == [False], "hearing is not sending"
    assert l.silent(0.9)
