# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""A tap's side of the control protocol as a pure value: what the coordinator says, what the
consumer did and the passing of time in, directives out. :class:`~volley_tap.control.ControlThread`
is the shell that carries them out, on a thread of its own so that heartbeats never wait for the
consumer.

Twin: Sources/VolleyTransport/TapMachine.swift (and TapFailure.swift); this is a line-by-line port
of it — the same phases, events, directives, rules and constants — and tests/test_machine.py
mirrors Tests/VolleyTransportTests/TapMachineTests.swift case for case. The two tap clients are
one protocol only while these agree: change them together. Messages are the wire's JSON objects
(``{"heartbeat": {}}``) where Swift has ``ControlMessage``; Swift's ``.control(.failure)`` is
:class:`Unreadable` here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Union

from .liveness import Liveness

# Phases: where the tap is.
#: Introduced; the welcome comes once every worker has joined.
JOINING = "joining"
#: Welcomed: subscribed to the workers, reporting how far the consumer got.
WATCHING = "watching"
#: The coordinator says every epoch is recorded; the consumer drains what is on its way (its last
#: progress report still goes out).
FINISHED = "finished"
#: The tap said goodbye.
LEFT = "left"
FAILED = "failed"

Message = Dict[str, Any]


# Events: what happened.

@dataclass(frozen=True)
class Start:
    """Introduce the tap to the coordinator."""


@dataclass(frozen=True)
class Control:
    """A control message from the coordinator."""
    message: Message


@dataclass(frozen=True)
class Unreadable:
    """A control frame from the coordinator that cannot be read, and why."""
    reason: str


@dataclass(frozen=True)
class LinkRefused:
    """The link can never be admitted (the Swift client's socket monitor tells; pyzmq's does not)."""
    reason: str


@dataclass(frozen=True)
class AwaitWelcome:
    """The consumer waits for the welcome for up to ``timeout`` seconds from now."""
    timeout: float


@dataclass(frozen=True)
class ConsumerActive:
    """The consumer asked for more: it is not hung."""


@dataclass(frozen=True)
class Consumed:
    """The consumer has written every epoch below ``through``."""
    through: int


@dataclass(frozen=True)
class Leave:
    """The consumer leaves the run."""


@dataclass(frozen=True)
class Tick:
    pass


Event = Union[Start, Control, Unreadable, LinkRefused, AwaitWelcome, ConsumerActive, Consumed, Leave, Tick]


@dataclass(frozen=True)
class Failure:
    """Why a tap's run ended before its finish. ``kind`` is one of ``unreadable``, ``refused``,
    ``aborted``, ``coordinatorSilent`` (``detail``: the seconds), ``linkRefused``,
    ``finishedBeforeWelcome``; ``description`` is the message both clients print."""
    kind: str
    detail: Union[str, float] = ""

    @property
    def description(self) -> str:
        if self.kind == "unreadable":
            return f"an unreadable message from the coordinator: {self.detail}"
        if self.kind == "refused":
            return f"the coordinator turned this tap away: {self.detail}"
        if self.kind == "aborted":
            return f"the run failed: {self.detail}"
        if self.kind == "coordinatorSilent":
            return f"the coordinator stopped responding (nothing for {float(self.detail):g} s)"
        if self.kind == "finishedBeforeWelcome":
            return "the run finished before this tap was welcomed"
        return str(self.detail)


# Directives: what to do.

@dataclass(frozen=True)
class Send:
    message: Message


@dataclass(frozen=True)
class Subscribe:
    """Subscribe to the workers the welcome names; outgoing frames carry its run id from now on."""
    welcome: Message


@dataclass(frozen=True)
class WelcomeOverdue:
    """The consumer's wait for the welcome ran out. Not an ending: it may wait again."""
    seconds: float


@dataclass(frozen=True)
class Finished:
    """Every epoch is recorded: once what is on its way has arrived, the consumer is done."""


@dataclass(frozen=True)
class Fail:
    """The tap's run is over, for this reason."""
    failure: Failure


@dataclass(frozen=True)
class Stop:
    """Nothing more to say: close the control socket."""


Directive = Union[Send, Subscribe, WelcomeOverdue, Finished, Fail, Stop]


class TapMachine:
    """The tap's control protocol; ``handle(event, now)`` returns the directives to carry out."""

    def __init__(self, hello: Message, heartbeat_interval: float = 0.25, liveness_timeout: float = 3.0,
                 consumer_timeout: Optional[float] = 30.0, report_interval: float = 0.02) -> None:
        self.hello = hello
        #: A consumer silent for this long counts as hung: heartbeats stop, so the coordinator lets
        #: the tap go rather than hold a lossless run for it forever. None: never.
        self.consumer_timeout = consumer_timeout
        #: Progress reports go out at most this often, except the one for the last epoch.
        self.report_interval = report_interval
        self.phase = JOINING
        self.welcome: Optional[Message] = None
        self.failure: Optional[Failure] = None
        #: The coordinator's liveness, and this tap's heartbeats.
        self.liveness = Liveness(heartbeat_interval, liveness_timeout)
        self._started = False
        self._welcome_deadline: Optional[Tuple[float, float]] = None
        self._consumer_seen: Optional[float] = None
        #: The furthest progress the consumer has told of, and the last sent.
        self._consumed: Optional[int] = None
        self._reported: Optional[int] = None
        self._last_report: Optional[float] = None

    def handle(self, event: Event, now: float) -> List[Directive]:
        if self.phase in (LEFT, FAILED):
            return []
        if isinstance(event, Start):
            if self._started:
                return []
            self._started = True
            self._consumer_seen = now
            return [Send({"tapHello": {"tap": self.hello}})]
        if isinstance(event, Unreadable):
            self.liveness.seen(now)
            return self._fail(Failure("unreadable", event.reason))
        if isinstance(event, Control):
            self.liveness.seen(now)
            return self._control(event.message, now)
        if isinstance(event, LinkRefused):
            return self._fail(Failure("linkRefused", event.reason)) if self.phase == JOINING else []
        if isinstance(event, AwaitWelcome):
            self._consumer_seen = now
            if self.phase == JOINING:
                self._welcome_deadline = (now + event.timeout, event.timeout)
            return []
        if isinstance(event, ConsumerActive):
            self._consumer_seen = now
            return []
        if isinstance(event, Consumed):
            self._consumer_seen = now
            self._consumed = event.through if self._consumed is None else max(self._consumed, event.through)
            return self._report(now)
        if isinstance(event, Leave):
            # After the end there is no one to say goodbye to.
            goodbye: List[Directive] = [Send({"tapLeave": {}})] if self.phase in (JOINING, WATCHING) else []
            self.phase = LEFT
            return goodbye + [Stop()]
        return self._tick(now)

    def _control(self, message: Message, now: float) -> List[Directive]:
        name, body = next(iter(message.items()))
        body = body if isinstance(body, dict) else {}
        if name == "tapWelcome":
            if self.phase != JOINING:
                return []
            welcome = body.get("welcome")
            if not isinstance(welcome, dict):
                # Swift's decoder refuses such a frame; here the machine does.
                return self._fail(Failure("unreadable", "a welcome that is not an object"))
            self.phase = WATCHING
            self.welcome = welcome
            self._welcome_deadline = None
            self._consumer_seen = now
            return [Subscribe(welcome)]
        if name == "refuse":
            return [] if self.phase == FINISHED else self._fail(Failure("refused", str(body.get("reason", ""))))
        if name == "abort":
            return [] if self.phase == FINISHED else self._fail(Failure("aborted", str(body.get("reason", ""))))
        if name == "finish":
            if self.phase == WATCHING:
                self.phase = FINISHED
                return [Finished()]
            if self.phase == JOINING:
                # No welcome can follow: waiting out the join timeout would only hide that.
                return self._fail(Failure("finishedBeforeWelcome"))
            return []
        # A heartbeat, or anything newer: the coordinator is alive, nothing else to do.
        return []

    def _tick(self, now: float) -> List[Directive]:
        # After the finish the coordinator may be gone already: its silence no longer matters.
        if self.phase != FINISHED and self.liveness.silent(now):
            return self._fail(Failure("coordinatorSilent", self.liveness.timeout))
        out: List[Directive] = []
        if self.phase == JOINING and self._welcome_deadline is not None and now > self._welcome_deadline[0]:
            timeout = self._welcome_deadline[1]
            self._welcome_deadline = None
            out.append(WelcomeOverdue(timeout))
        if self._consumer_present(now) and self.liveness.heartbeat_due(now):
            out.append(Send({"heartbeat": {}}))
        return out + self._report(now)

    def _consumer_present(self, now: float) -> bool:
        """While joining, the consumer is waiting for the welcome, so it is there."""
        if self.phase == JOINING or self.consumer_timeout is None or self._consumer_seen is None:
            return True
        return now - self._consumer_seen <= self.consumer_timeout

    def _report(self, now: float) -> List[Directive]:
        through = self._consumed
        if self.phase not in (WATCHING, FINISHED) or through is None or through == self._reported:
            return []
        total = self.welcome.get("totalEpochs") if self.welcome is not None else None
        if self._last_report is not None and now - self._last_report < self.report_interval and through != total:
            return []
        self._last_report = now
        self._reported = through
        return [Send({"tapRecorded": {"through": through}})]

    def _fail(self, why: Failure) -> List[Directive]:
        self.phase = FAILED
        self.failure = why
        return [Fail(why)]
