# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""``Tap``: watch a running Volley simulation from Python (Sources/VolleyTransport/TapClient.swift
and TapSession.swift are the reference)."""

from __future__ import annotations

import collections
import struct
import time
from types import TracebackType
from typing import Any, Callable, Deque, Iterable, Iterator, List, Optional, Type

import zmq

from .assembler import EpochAssembler, StreamError, streams
from .control import ENDED, FINISHED, ControlThread, hello
from .epoch import Epoch
from .frames import (KIND_ACTIVATIONS, KIND_SAMPLES, KIND_SPIKES, KIND_WEIGHTS, MAGIC, FrameError,
                     decode_data_frame, topic)
from .selection import Filter, FilterError, NeuronSpec, Selection
from .welcome import Welcome

#: The volley version this client introduces itself with: a coordinator admits taps of its own
#: version only.
VOLLEY_VERSION = "0.1.0"


class RunEnded(Exception):
    """The run failed or was interrupted, the coordinator turned the tap away, or went silent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WelcomeTimeout(RunEnded, TimeoutError):
    """No welcome within the timeout (the coordinator welcomes taps once every worker joined)."""


def data_topic(tap: int) -> bytes:
    """``VOLYt`` and the tap id: the first part of every message a worker sends this tap."""
    return MAGIC + b"t" + struct.pack("<I", tap)


def filter_topic(tap: int, flt: Filter) -> bytes:
    """``VOLYf``, the tap id, then the filter's JSON: the subscription that carries the filter."""
    return MAGIC + b"f" + struct.pack("<I", tap) + flt.to_json()


def hello_topic(subscriber: int) -> bytes:
    """``VOLYhi`` and a subscriber id: the last subscription of a data-socket subscriber."""
    return MAGIC + b"hi" + struct.pack("<I", subscriber)


class Tap:
    """A tap on a running simulation: registers with the coordinator, waits for its welcome,
    subscribes to the workers, and yields the run's epochs in order.

    ``kinds``: any of "spikes", "activations", "samples", "rhythms", "weights", "energy".
    ``populations``: names (empty: all). ``neurons``: ranges within each selected population, e.g.
    ``[(0, 99)]`` or ``["0-99"]`` (inclusive; empty: all); weight records are selected by their
    target neuron, energy records by population only (a population's whole budget).
    ``lossless``: read the workers' own data sockets and be waited for like a worker — nothing
    is missed, the run goes at the tap's pace; register before the run starts to see every epoch.
    The data sockets carry no rhythms and no energy: a lossless tap cannot ask for them.
    ``timeout``: seconds to wait for the welcome (it comes once every worker has joined).
    ``on_registered`` is called once the coordinator has answered, i.e. knows the tap, while the
    constructor waits for the welcome.

    Iterating yields :class:`Epoch` objects and ends when the run finishes; it raises
    :class:`RunEnded` if the run is aborted, the tap refused, or the coordinator silent for
    ``liveness_timeout`` seconds. Use as a context manager (or call :meth:`close`): leaving
    early tells the coordinator.
    """

    def __init__(self, coordinator: str, kinds: Iterable[str] = ("spikes",), populations: Iterable[str] = (),
                 neurons: Iterable[NeuronSpec] = (), lossless: bool = False, timeout: float = 60.0, *,
                 liveness_timeout: float = 3.0, consumer_timeout: Optional[float] = 30.0,
                 receive_high_water_mark: int = 100_000, volley_version: str = VOLLEY_VERSION,
                 on_registered: Optional[Callable[[], None]] = None,
                 context: Optional[zmq.Context[Any]] = None) -> None:
        self.filter = Filter.make(kinds, populations, neurons)
        self.lossless = lossless
        if lossless and self.filter.wants("rhythms"):
            raise FilterError("a lossless tap reads the data sockets, which carry no rhythms; "
                              "leave out rhythms (the run's rhythms.csv has them) or tap without lossless")
        if lossless and self.filter.wants("energy"):
            raise FilterError("a lossless tap reads the data sockets, which carry no energy frames; "
                              "leave out energy (the run's summary.json has the budget) or tap without lossless")
        self._own_context = context is None
        self._context: zmq.Context[Any] = zmq.Context() if context is None else context
        self._data: Optional[zmq.Socket[Any]] = None
        self._closed = False
        self._done = False
        self._ready: Deque[Epoch] = collections.deque()
        self._yielded: Optional[int] = None
        self._failure: Optional[Exception] = None
        self._control = ControlThread(self._context, coordinator, hello(lossless, volley_version),
                                      liveness_timeout, consumer_timeout)
        self._control.start()
        try:
            self.welcome = self._join(timeout, on_registered)
            self.selection = Selection(self.filter, self.welcome)
            self._subscribe(receive_high_water_mark)
        except FilterError:
            self._control.leave()
            self.close()
            raise
        except BaseException:
            self.close()
            raise
        self._offsets = self.welcome.offsets
        self._assembler = EpochAssembler(streams(self.welcome, self.filter, lossless), self.welcome.total_epochs,
                                         strict=lossless)
        self._last_progress = time.monotonic()

    # Joining.

    def _join(self, timeout: float, on_registered: Optional[Callable[[], None]]) -> Welcome:
        # The control thread's machine decides when the wait has run out, as it does in Swift.
        overdue = self._control.await_welcome(timeout)
        while not self._control.answered.wait(0.02):
            if on_registered is not None and self._control.heard.is_set():
                on_registered()
                on_registered = None
            if self._control.overdue > overdue:
                raise WelcomeTimeout(f"no welcome from the coordinator within {timeout:g} s "
                                     "(is a coordinator running there, with its workers?)")
        if on_registered is not None and self._control.heard.is_set():
            on_registered()
        document = self._control.welcome
        state, reason = self._control.state()
        if document is None or state == ENDED:
            raise RunEnded(reason or "the run ended before the tap was welcomed")
        try:
            return Welcome.from_json(document)
        except (KeyError, TypeError, ValueError) as e:
            raise RunEnded(f"an unreadable welcome from the coordinator: {e!r}") from e

    def _subscribe(self, high_water_mark: int) -> None:
        w = self.welcome
        s = self._context.socket(zmq.SUB)
        self._data = s
        s.setsockopt(zmq.RCVHWM, high_water_mark)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.RECONNECT_IVL, 10)
        if self.lossless:
            # Spikes are always taken: they are the clock epochs are settled by.
            for shard in range(w.shards):
                s.setsockopt(zmq.SUBSCRIBE, topic(KIND_SPIKES, w.run_id, shard))
            if self.filter.wants("samples") and w.samples:
                for shard in range(w.shards):
                    s.setsockopt(zmq.SUBSCRIBE, topic(KIND_SAMPLES, w.run_id, shard))
            if self.filter.wants("weights") and w.weights:
                for shard in range(w.shards):
                    s.setsockopt(zmq.SUBSCRIBE, topic(KIND_WEIGHTS, w.run_id, shard))
            if self.filter.wants("activations") and w.heads:
                for shard in range(w.shards):
                    s.setsockopt(zmq.SUBSCRIBE, topic(KIND_ACTIVATIONS, w.run_id, shard))
            # The hello last: a worker that sees it knows the data topics are in place.
            s.setsockopt(zmq.SUBSCRIBE, hello_topic(w.tap))
            for p in w.workers:
                s.connect(p.data_endpoint)
        else:
            # The data topic first: a worker that sees the filter knows it is in place.
            s.setsockopt(zmq.SUBSCRIBE, data_topic(w.tap))
            s.setsockopt(zmq.SUBSCRIBE, filter_topic(w.tap, self.filter))
            for p in w.workers:
                if not p.tap_endpoint:
                    raise RunEnded(f"worker {p.worker} has no tap socket (an older volley?)")
                s.connect(p.tap_endpoint)

    # What the tap has seen.

    @property
    def missed_frames(self) -> int:
        """Frames that never arrived, over every epoch handed out so far."""
        return self._assembler.missing_frames

    @property
    def received_frames(self) -> int:
        return self._assembler.received_frames

    @property
    def population_names(self) -> List[str]:
        return [p.name for p in self.welcome.populations]

    # Iterating.

    def __iter__(self) -> Iterator[Epoch]:
        return self

    def __next__(self) -> Epoch:
        if self._yielded is not None:
            # The consumer is back: the epoch it had is written.
            self._control.report(self._yielded + 1)
        self._control.touch()
        epoch = self._next()
        self._yielded = epoch.epoch
        return epoch

    def _next(self) -> Epoch:
        total = self.welcome.total_epochs
        while True:
            if self._ready:
                return self._ready.popleft()
            if self._failure is not None:
                failure, self._failure = self._failure, None
                raise failure
            if self._done or self._closed:
                raise StopIteration
            state, reason = self._control.state()
            try:
                self._receive(timeout_ms=20)
            except StreamError as e:
                # A lossless stream broke: hand out what is whole, then raise.
                self._failure = e
                self._done = True
            self._settle(self._assembler.settled())
            if self._ready:
                continue
            if state == FINISHED:
                # Frames may still be on their way: wait until every stream has delivered its
                # last epoch, or nothing has come for a second.
                if self._assembler.next >= total or time.monotonic() - self._last_progress > 1:
                    self._settle(self._assembler.finish())
                    self._done = True
                    self._control.report(total)
            elif state == ENDED:
                self._done = True
                raise RunEnded(reason)

    def _settle(self, raws: Iterable[Any]) -> None:
        selection = self.selection if self.lossless else None
        for raw in raws:
            self._ready.append(Epoch.build(raw, self.welcome, self._offsets, selection))
            self._last_progress = time.monotonic()

    def _receive(self, timeout_ms: int, limit: int = 2000) -> None:
        """Waits up to ``timeout_ms`` for data, then takes up to ``limit`` waiting messages."""
        s = self._data
        assert s is not None
        if not s.poll(timeout_ms, zmq.POLLIN):
            return
        run_id = self.welcome.run_id
        accept = self._assembler.accept
        for _ in range(limit):
            try:
                parts = s.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            try:
                header, payload = decode_data_frame(parts[-1])
            except FrameError as e:
                raise FrameError(f"a malformed frame from a worker: {e}") from e
            if header.run_id == run_id:
                accept(header, payload)

    # Leaving.

    def close(self) -> None:
        """Leaves the run (if it is still going) and closes the sockets."""
        if self._closed:
            return
        self._closed = True
        state, _ = self._control.state()
        if not self._done and state not in (FINISHED, ENDED) and self._control.is_alive():
            self._control.leave()
        else:
            self._control.stop()
        self._control.join(timeout=2)
        if self._data is not None:
            self._data.close(0)
        if self._own_context:
            self._context.term()

    def __enter__(self) -> Tap:
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], value: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
