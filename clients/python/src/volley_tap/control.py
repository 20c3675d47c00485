# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""The tap's control channel: a DEALER to the coordinator, owned by a thread of its own so that
heartbeats go out every 0.25 s however long the analysis of an epoch takes. It is the shell around
:class:`~volley_tap.machine.TapMachine` (as Sources/VolleyTransport/TapControlLoop.swift is for the
Swift client): it feeds the machine what arrives, what the consumer posted and the time, and carries
out its directives."""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import Any, Dict, List, Optional

import zmq

from .frames import FrameError, decode_control, encode_control
from .machine import (FAILED, FINISHED as FINISHED_PHASE, AwaitWelcome, Consumed, ConsumerActive, Control, Event,
                      Leave, Send, Start, Stop, Subscribe, TapMachine, Tick, Unreadable, WelcomeOverdue)

RUNNING = "running"
#: The coordinator says every epoch is recorded.
FINISHED = "finished"
#: The run failed, the coordinator turned the tap away, or it went silent.
ENDED = "ended"

#: How long the thread waits for the coordinator between looks at the consumer's events (s).
POLL_INTERVAL = 0.02


class ControlThread(threading.Thread):
    """Registers the tap, keeps it alive, and tells the coordinator how far it got."""

    def __init__(self, context: zmq.Context[Any], coordinator: str, hello: Dict[str, Any],
                 liveness_timeout: float, consumer_timeout: Optional[float]) -> None:
        super().__init__(name="volley-tap-control", daemon=True)
        self._context = context
        self._coordinator = coordinator
        self._machine = TapMachine(hello, liveness_timeout=liveness_timeout, consumer_timeout=consumer_timeout)
        self._lock = threading.Lock()
        self._inbox: List[Event] = []
        self._stop_requested = threading.Event()
        #: Set when the welcome arrives or the tap's run ends, whichever is first.
        self.answered = threading.Event()
        #: Set when anything from the coordinator arrives: it has registered the tap.
        self.heard = threading.Event()
        self._welcome: Optional[Dict[str, Any]] = None
        self._state = RUNNING
        self._reason = ""
        self._overdue = 0

    # Called from the consumer's thread.

    @property
    def welcome(self) -> Optional[Dict[str, Any]]:
        with self._lock:
            return self._welcome

    def state(self) -> tuple[str, str]:
        """The run's state and, once ended, why."""
        with self._lock:
            return self._state, self._reason

    @property
    def overdue(self) -> int:
        """How many of the consumer's waits for the welcome have run out."""
        with self._lock:
            return self._overdue

    def await_welcome(self, timeout: float) -> int:
        """The consumer waits up to ``timeout`` s for the welcome; returns :attr:`overdue` as it was,
        so that the wait has run out once it grows."""
        with self._lock:
            self._inbox.append(AwaitWelcome(timeout))
            return self._overdue

    def touch(self) -> None:
        """The consumer is still there (it asked for the next epoch)."""
        self._post(ConsumerActive())

    def report(self, through: int) -> None:
        """Every epoch below ``through`` is written (sent as ``tapRecorded``, at most every 20 ms
        except for the last)."""
        self._post(Consumed(through))

    def leave(self) -> None:
        """Say goodbye (a lossless tap is then no longer waited for) and stop."""
        self._post(Leave())
        self._stop_requested.set()

    def stop(self) -> None:
        self._stop_requested.set()

    def _post(self, event: Event) -> None:
        with self._lock:
            # Activity and progress still waiting are merged with the newest, so that a consumer
            # calling in a tight loop does not pile them up.
            last = self._inbox[-1] if self._inbox else None
            if isinstance(event, ConsumerActive) and isinstance(last, ConsumerActive):
                return
            if isinstance(event, Consumed) and isinstance(last, Consumed):
                self._inbox[-1] = Consumed(max(last.through, event.through))
                return
            self._inbox.append(event)

    # The thread.

    def run(self) -> None:
        dealer = self._context.socket(zmq.DEALER)
        try:
            dealer.setsockopt(zmq.LINGER, 500)
            dealer.connect(self._coordinator)
        except zmq.ZMQError as e:
            with self._lock:
                self._state, self._reason = ENDED, f"connecting to the coordinator at {self._coordinator}: {e}"
            self.answered.set()
            dealer.close(0)
            return
        sequence = 0
        run_id = 0

        def send(message: Dict[str, Any]) -> None:
            nonlocal sequence
            try:
                dealer.send(encode_control(message, run_id=run_id, sequence=sequence), zmq.NOBLOCK)
            except zmq.ZMQError:
                pass  # Not connected yet, or the coordinator is gone: liveness will tell.
            sequence += 1

        machine = self._machine
        poller = zmq.Poller()
        poller.register(dealer, zmq.POLLIN)
        events: List[Event] = [Start()]
        try:
            while True:
                # Read before the inbox: whatever was posted before stop() is still carried out.
                stop = self._stop_requested.is_set()
                while True:
                    try:
                        frame = dealer.recv(zmq.NOBLOCK)
                    except zmq.Again:
                        break
                    events.append(self._event(frame))
                with self._lock:
                    events += self._inbox
                    self._inbox = []
                events.append(Tick())
                now = time.monotonic()
                overdue = 0
                done = False
                for event in events:
                    for directive in machine.handle(event, now):
                        if isinstance(directive, Send):
                            send(directive.message)
                        elif isinstance(directive, Subscribe):
                            welcome_run_id = directive.welcome.get("runID", 0)
                            run_id = welcome_run_id if isinstance(welcome_run_id, int) else 0
                        elif isinstance(directive, WelcomeOverdue):
                            overdue += 1
                        elif isinstance(directive, Stop):
                            done = True
                        # Finished and Fail: the consumer reads them from the state.
                events = []
                self._publish(overdue)
                if done or stop:
                    break
                poller.poll(int(POLL_INTERVAL * 1000))
        finally:
            dealer.close()

    @staticmethod
    def _event(frame: bytes) -> Event:
        try:
            _, message = decode_control(frame)
        except FrameError as e:
            return Unreadable(str(e))
        return Control(message)

    def _publish(self, overdue: int) -> None:
        """What the consumer's thread sees of the machine."""
        m = self._machine
        with self._lock:
            self._welcome = m.welcome
            self._overdue += overdue
            if m.phase == FAILED and m.failure is not None:
                self._state, self._reason = ENDED, m.failure.description
            elif m.phase == FINISHED_PHASE:
                self._state = FINISHED
        if m.liveness.heard:
            self.heard.set()
        if m.welcome is not None or m.phase == FAILED:
            self.answered.set()


def hello(lossless: bool, volley_version: str) -> Dict[str, Any]:
    """The ``tap`` object of a ``tapHello`` message."""
    return {"volleyVersion": volley_version, "pid": os.getpid(), "host": socket.gethostname(),
            "lossless": lossless}
