# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""The tap's control channel: a DEALER to the coordinator, owned by a thread of its own so that
heartbeats go out every 0.25 s however long the analysis of an epoch takes."""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import Any, Dict, Optional

import zmq

from .frames import FrameError, decode_control, encode_control

RUNNING = "running"
#: The coordinator says every epoch is recorded.
FINISHED = "finished"
#: The run failed, the coordinator turned the tap away, or it went silent.
ENDED = "ended"

HEARTBEAT_INTERVAL = 0.25


class ControlThread(threading.Thread):
    """Registers the tap, keeps it alive, and tells the coordinator how far it got."""

    def __init__(self, context: zmq.Context[Any], coordinator: str, hello: Dict[str, Any],
                 liveness_timeout: float, consumer_timeout: Optional[float]) -> None:
        super().__init__(name="volley-tap-control", daemon=True)
        self._context = context
        self._coordinator = coordinator
        self._hello = hello
        self._liveness_timeout = liveness_timeout
        self._consumer_timeout = consumer_timeout
        self._lock = threading.Lock()
        self._stop_requested = threading.Event()
        #: Set when the welcome arrives or the tap's run ends, whichever is first.
        self.answered = threading.Event()
        #: Set when anything from the coordinator arrives: it has registered the tap.
        self.heard = threading.Event()
        self._welcome: Optional[Dict[str, Any]] = None
        self._state = RUNNING
        self._reason = ""
        self._run_id = 0
        self._through: Optional[int] = None
        self._total: Optional[int] = None
        self._leave = False
        self._consumer_seen = time.monotonic()
        self._connect_error: Optional[str] = None

    # Called from the consumer's thread.

    @property
    def welcome(self) -> Optional[Dict[str, Any]]:
        with self._lock:
            return self._welcome

    def state(self) -> tuple[str, str]:
        """The run's state and, once ended, why."""
        with self._lock:
            return self._state, self._reason

    def touch(self) -> None:
        """The consumer is still there (it asked for the next epoch)."""
        with self._lock:
            self._consumer_seen = time.monotonic()

    def report(self, through: int, total: int) -> None:
        """Every epoch below ``through`` is written (sent as ``tapRecorded``, at most every 20 ms
        except for the last)."""
        with self._lock:
            self._through = through if self._through is None else max(self._through, through)
            self._total = total

    def leave(self) -> None:
        """Say goodbye (a lossless tap is then no longer waited for) and stop."""
        with self._lock:
            self._leave = True
        self._stop_requested.set()

    def stop(self) -> None:
        self._stop_requested.set()

    # The thread.

    def run(self) -> None:
        dealer = self._context.socket(zmq.DEALER)
        try:
            dealer.setsockopt(zmq.LINGER, 500)
            dealer.connect(self._coordinator)
        except zmq.ZMQError as e:
            self._end(f"connecting to the coordinator at {self._coordinator}: {e}")
            dealer.close(0)
            return
        sequence = 0

        def send(message: Dict[str, Any]) -> None:
            nonlocal sequence
            with self._lock:
                run_id = self._run_id
            try:
                dealer.send(encode_control(message, run_id=run_id, sequence=sequence), zmq.NOBLOCK)
            except zmq.ZMQError:
                pass  # Not connected yet, or the coordinator is gone: liveness will tell.
            sequence += 1

        send({"tapHello": {"tap": self._hello}})
        last_heard = time.monotonic()
        last_heartbeat = float("-inf")
        last_report = float("-inf")
        reported: Optional[int] = None
        poller = zmq.Poller()
        poller.register(dealer, zmq.POLLIN)
        try:
            while not self._stop_requested.is_set():
                poller.poll(20)
                now = time.monotonic()
                while True:
                    try:
                        frame = dealer.recv(zmq.NOBLOCK)
                    except zmq.Again:
                        break
                    last_heard = now
                    self.heard.set()
                    self._handle(frame)
                with self._lock:
                    state = self._state
                    consumer_alive = (self._consumer_timeout is None
                                      or now - self._consumer_seen <= self._consumer_timeout)
                    through, total = self._through, self._total
                if state == RUNNING and now - last_heard > self._liveness_timeout:
                    self._end(f"the coordinator stopped responding (nothing for {self._liveness_timeout:g} s)")
                if now - last_heartbeat >= HEARTBEAT_INTERVAL and consumer_alive:
                    last_heartbeat = now
                    send({"heartbeat": {}})
                if through is not None and through != reported and (now - last_report >= 0.02 or through == total):
                    last_report = now
                    reported = through
                    send({"tapRecorded": {"through": through}})
            with self._lock:
                leave = self._leave and self._state == RUNNING
            if leave:
                send({"tapLeave": {}})
        finally:
            dealer.close()

    def _handle(self, frame: bytes) -> None:
        try:
            _, message = decode_control(frame)
        except FrameError as e:
            self._end(f"an unreadable message from the coordinator: {e}")
            return
        name, body = next(iter(message.items()))
        body = body if isinstance(body, dict) else {}
        if name == "tapWelcome":
            welcome = body.get("welcome")
            if not isinstance(welcome, dict):
                self._end("an unreadable welcome from the coordinator")
                return
            with self._lock:
                self._welcome = welcome
                run_id = welcome.get("runID", 0)
                self._run_id = run_id if isinstance(run_id, int) else 0
            self.answered.set()
        elif name == "refuse":
            self._end(f"the coordinator turned this tap away: {body.get('reason', '')}")
        elif name == "abort":
            self._end(f"the run failed: {body.get('reason', '')}")
        elif name == "finish":
            with self._lock:
                if self._state == RUNNING:
                    self._state = FINISHED
        # heartbeat and anything newer: the coordinator is alive, nothing else to do.

    def _end(self, reason: str) -> None:
        with self._lock:
            if self._state == RUNNING:
                self._state = ENDED
                self._reason = reason
        self.answered.set()


def hello(lossless: bool, volley_version: str) -> Dict[str, Any]:
    """The ``tap`` object of a ``tapHello`` message."""
    return {"volleyVersion": volley_version, "pid": os.getpid(), "host": socket.gethostname(),
            "lossless": lossless}
