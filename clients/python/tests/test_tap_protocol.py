# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""``Tap`` against a stand-in coordinator (ROUTER) and worker (XPUB) on loopback: the messages
it sends, the subscriptions it makes, and how it ends. The real thing is tested from Swift
(Tests/VolleyClusterTests/PythonTapTests.swift)."""

from __future__ import annotations

import json
import struct
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pytest
import zmq

import volley_tap as vt

RUN = 0xABCDEF
TAP = 0x8000_0005


def spikes_frame(source: int, epoch: int, pairs: Sequence[Tuple[int, int]]) -> bytes:
    return vt.encode_header(vt.KIND_SPIKES, RUN, source, len(pairs), epoch, epoch) + b"".join(
        struct.pack("<II", n, s) for n, s in pairs)


class FakeRun:
    """A coordinator that welcomes one tap and a worker whose sockets it points the tap at."""

    def __init__(self, epochs: int = 3, weights: bool = False) -> None:
        self.context = zmq.Context()
        self.router = self.context.socket(zmq.ROUTER)
        self.router.setsockopt(zmq.LINGER, 0)
        port = self.router.bind_to_random_port("tcp://127.0.0.1")
        self.endpoint = f"tcp://127.0.0.1:{port}"
        self.xpub = self.context.socket(zmq.XPUB)
        self.xpub.setsockopt(zmq.LINGER, 0)
        self.xpub.setsockopt(zmq.XPUB_VERBOSE, 1)
        self.pub_endpoint = f"tcp://127.0.0.1:{self.xpub.bind_to_random_port('tcp://127.0.0.1')}"
        self.epochs = epochs
        self.weights = weights
        self.received: List[Dict[str, Any]] = []
        self.subscriptions: List[bytes] = []
        self.tap_id: Optional[bytes] = None
        self.sequence = 0

    def welcome(self) -> Dict[str, Any]:
        return {"tapWelcome": {"welcome": {
            "tap": TAP, "runID": RUN, "model": "fake", "seed": 3, "resolution": 0.1, "epochSteps": 10,
            "totalEpochs": self.epochs, "tSim": self.epochs * 1.0, "shards": 1, "releasedBefore": 0,
            "catalog": {"populations": [{"name": "E", "size": 4}, {"name": "I", "size": 4}], "heads": [],
                        "rhythms": [], "samples": False, "weights": self.weights},
            "workers": [{"worker": 0, "tapEndpoint": self.pub_endpoint, "dataEndpoint": self.pub_endpoint,
                         "shards": [0]}]}}}

    def send(self, message: Dict[str, Any]) -> None:
        assert self.tap_id is not None
        self.router.send_multipart([self.tap_id, vt.encode_control(message, RUN, 0xFFFFFFFF, self.sequence)])
        self.sequence += 1

    def receive(self, until: Callable[[Dict[str, Any]], bool], timeout: float = 5) -> Dict[str, Any]:
        """Control messages from the tap until one matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.router.poll(50):
                ident, frame = self.router.recv_multipart()
                self.tap_id = ident
                header, message = vt.decode_control(frame)
                assert header.kind == vt.KIND_CONTROL
                self.received.append(message)
                if until(message):
                    return message
        raise AssertionError(f"no such message; got {self.received}")

    def subscriptions_until(self, count: int, timeout: float = 5) -> List[bytes]:
        deadline = time.monotonic() + timeout
        while len(self.subscriptions) < count and time.monotonic() < deadline:
            if self.xpub.poll(50):
                self.subscriptions.append(self.xpub.recv())
        return self.subscriptions

    def close(self) -> None:
        self.router.close(0)
        self.xpub.close(0)
        self.context.term()


@pytest.fixture
def run() -> Any:
    r = FakeRun()
    yield r
    r.close()


def open_tap(run: FakeRun, **kwargs: Any) -> Tuple[threading.Thread, Dict[str, Any]]:
    """Constructs the Tap on a thread (the constructor waits for the welcome)."""
    out: Dict[str, Any] = {}

    def body() -> None:
        try:
            out["tap"] = vt.Tap(run.endpoint, timeout=10, **kwargs)
        except BaseException as e:  # noqa: BLE001 - handed to the test
            out["error"] = e

    t = threading.Thread(target=body)
    t.start()
    return t, out


def test_a_tap_run_from_hello_to_finish(run: FakeRun) -> None:
    registered = threading.Event()
    t, out = open_tap(run, populations=["I"], on_registered=registered.set)
    hello = run.receive(lambda m: "tapHello" in m)["tapHello"]["tap"]
    assert hello["volleyVersion"] == vt.VOLLEY_VERSION and hello["lossless"] is False
    assert isinstance(hello["pid"], int) and isinstance(hello["host"], str)
    run.send({"heartbeat": {}})
    assert registered.wait(5)
    run.send(run.welcome())
    t.join(10)
    tap: vt.Tap = out["tap"]
    assert tap.welcome.tap == TAP and tap.welcome.run_id == RUN and tap.population_names == ["E", "I"]
    # The data topic and the filter subscription that carries the filter. (libzmq replays a
    # SUB's subscriptions in byte order when it connects, so the filter comes first.)
    subs = sorted(run.subscriptions_until(2), key=lambda s: s[5:6] != b"t")
    assert subs[0] == b"\x01VOLYt" + struct.pack("<I", TAP)
    assert subs[1][:10] == b"\x01VOLYf" + struct.pack("<I", TAP)
    assert json.loads(subs[1][10:]) == {"kinds": ["spikes"], "populations": ["I"], "neurons": []}
    topic = subs[0][1:]
    for epoch in range(3):
        run.xpub.send_multipart([topic, spikes_frame(0, epoch, [(4 + epoch, 10 * epoch + 2)])])
    epochs = []
    for e in tap:
        epochs.append(e)
        if len(epochs) == 3:
            run.send({"finish": {}})
    assert [e.epoch for e in epochs] == [0, 1, 2]
    assert [e.spikes.neuron.tolist() for e in epochs] == [[0], [1], [2]]
    assert [e.spikes.population.tolist() for e in epochs] == [[1], [1], [1]]
    assert epochs[2].spikes.t_ms.tolist() == pytest.approx([2.3])
    assert tap.missed_frames == 0 and tap.received_frames == 3
    assert run.receive(lambda m: m.get("tapRecorded", {}).get("through") == 3)
    assert any("heartbeat" in m for m in run.received)
    tap.close()
    # Finished: no goodbye needed.
    time.sleep(0.1)
    while run.router.poll(10):
        run.received.append(vt.decode_control(run.router.recv_multipart()[1])[1])
    assert not any("tapLeave" in m for m in run.received)


def test_missing_frames_are_counted(run: FakeRun) -> None:
    t, out = open_tap(run)
    run.receive(lambda m: "tapHello" in m)
    run.send(run.welcome())
    t.join(10)
    tap: vt.Tap = out["tap"]
    topic = next(s[1:] for s in run.subscriptions_until(2) if s[5:6] == b"t")
    for epoch in (0, 2):
        run.xpub.send_multipart([topic, spikes_frame(0, epoch, [])])
    got = [next(tap), next(tap), next(tap)]
    assert [(e.epoch, e.missing_frames) for e in got] == [(0, 0), (1, 1), (2, 0)]
    assert tap.missed_frames == 1
    run.send({"finish": {}})
    assert list(tap) == []
    tap.close()


def test_a_lossless_tap_subscribes_to_the_data_and_filters_itself(run: FakeRun) -> None:
    t, out = open_tap(run, lossless=True, populations=["E"], neurons=[(1, 1)])
    assert run.receive(lambda m: "tapHello" in m)["tapHello"]["tap"]["lossless"] is True
    run.send(run.welcome())
    t.join(10)
    tap: vt.Tap = out["tap"]
    subs = run.subscriptions_until(2)
    assert subs[0] == b"\x01" + vt.encode_header(vt.KIND_SPIKES, RUN, 0, 0)[:20]
    assert subs[1] == b"\x01VOLYhi" + struct.pack("<I", TAP)
    run.xpub.send(spikes_frame(0, 0, [(1, 0), (2, 0), (5, 1)]))
    run.xpub.send(spikes_frame(0, 1, [(1, 12)]))
    e0, e1 = next(tap), next(tap)
    assert e0.spikes.global_id.tolist() == [1] and e1.spikes.step.tolist() == [12]
    # The consumer asked for more: epoch 0 is written; the lossless run is held to it.
    run.receive(lambda m: m.get("tapRecorded", {}).get("through") == 1)
    tap.close()
    assert run.receive(lambda m: "tapLeave" in m)


def weights_frame(source: int, epoch: int, records: Sequence[Tuple[int, int, int, int, float]]) -> bytes:
    """(step, source, target, projection, weight) records."""
    return vt.encode_header(vt.KIND_WEIGHTS, RUN, source, len(records), epoch, epoch) + b"".join(
        struct.pack("<QIIIId", st, s, t, p, 0, w) for st, s, t, p, w in records)


def test_a_lossless_tap_subscribes_to_weights_and_filters_them_by_target() -> None:
    run = FakeRun(epochs=1, weights=True)
    try:
        t, out = open_tap(run, lossless=True, kinds=["spikes", "weights"], populations=["I"])
        run.receive(lambda m: "tapHello" in m)
        run.send(run.welcome())
        t.join(10)
        tap: vt.Tap = out["tap"]
        assert tap.welcome.weights
        subs = sorted(run.subscriptions_until(3))
        assert subs == sorted([b"\x01" + vt.encode_header(vt.KIND_SPIKES, RUN, 0, 0)[:20],
                               b"\x01" + vt.encode_header(vt.KIND_WEIGHTS, RUN, 0, 0)[:20],
                               b"\x01VOLYhi" + struct.pack("<I", TAP)])
        # A worker sends an epoch's weights before its spikes; the epoch needs both.
        run.xpub.send(weights_frame(0, 0, [(3, 5, 2, 1, 0.5), (1, 0, 4, 0, 1.5), (1, 6, 7, 0, 2.5)]))
        run.xpub.send(spikes_frame(0, 0, [(5, 3)]))
        e = next(tap)
        # I is neurons 4–7: records into them, in canonical order; the one into E's 2 is dropped.
        assert [(int(r["step"]), int(r["target"]), float(r["weight"])) for r in e.weights] == \
            [(1, 4, 1.5), (1, 7, 2.5)]
        assert tap.received_frames == 2 and tap.missed_frames == 0
        tap.close()
    finally:
        run.close()


def test_a_tap_asks_the_workers_for_weights(run: FakeRun) -> None:
    t, out = open_tap(run, kinds=["weights"])
    run.receive(lambda m: "tapHello" in m)
    run.send(run.welcome())
    t.join(10)
    tap: vt.Tap = out["tap"]
    subs = run.subscriptions_until(2)
    flt = next(s for s in subs if s[5:6] == b"f")
    assert json.loads(flt[10:]) == {"kinds": ["weights"], "populations": [], "neurons": []}
    tap.close()


def test_a_lossless_tap_raises_on_a_gap(run: FakeRun) -> None:
    t, out = open_tap(run, lossless=True)
    run.receive(lambda m: "tapHello" in m)
    run.send(run.welcome())
    t.join(10)
    tap: vt.Tap = out["tap"]
    run.subscriptions_until(2)
    run.xpub.send(spikes_frame(0, 0, []))
    run.xpub.send(spikes_frame(0, 2, []))
    assert next(tap).epoch == 0
    with pytest.raises(vt.StreamError, match="epochs 1–1 never arrived"):
        next(tap)
    tap.close()


def test_abort_ends_the_iteration_with_the_reason(run: FakeRun) -> None:
    t, out = open_tap(run)
    run.receive(lambda m: "tapHello" in m)
    run.send(run.welcome())
    t.join(10)
    tap: vt.Tap = out["tap"]
    run.send({"abort": {"reason": "worker 1 (pid 9 on x) exited with SIGKILL"}})
    with pytest.raises(vt.RunEnded, match="the run failed: worker 1 .* SIGKILL"):
        next(tap)
    tap.close()


def test_a_refusal_ends_the_constructor(run: FakeRun) -> None:
    t, out = open_tap(run)
    run.receive(lambda m: "tapHello" in m)
    run.send({"refuse": {"reason": "volley 0.0.9 cannot tap a volley 0.1.0 run"}})
    t.join(10)
    assert isinstance(out.get("error"), vt.RunEnded)
    assert "turned this tap away: volley 0.0.9" in out["error"].reason


def test_a_silent_coordinator_ends_the_tap(run: FakeRun) -> None:
    t, out = open_tap(run, liveness_timeout=0.5)
    run.receive(lambda m: "tapHello" in m)
    run.send(run.welcome())
    t.join(10)
    tap: vt.Tap = out["tap"]
    started = time.monotonic()
    with pytest.raises(vt.RunEnded, match="stopped responding"):
        next(tap)
    assert time.monotonic() - started < 3
    tap.close()


def test_no_coordinator_times_out() -> None:
    # Never heard, the coordinator may not be up yet: its silence is the welcome timeout's
    # business, however short the liveness timeout (TapMachine's rule, the same in Swift).
    started = time.monotonic()
    with pytest.raises(vt.WelcomeTimeout, match="no welcome from the coordinator within 0.5 s"):
        vt.Tap("tcp://127.0.0.1:1", timeout=0.5, liveness_timeout=0.1)
    assert time.monotonic() - started < 3


def test_a_coordinator_heard_then_silent_before_the_welcome_ends_the_tap(run: FakeRun) -> None:
    t, out = open_tap(run, liveness_timeout=0.3)
    run.receive(lambda m: "tapHello" in m)
    started = time.monotonic()
    run.send({"heartbeat": {}})
    t.join(10)
    assert isinstance(out.get("error"), vt.RunEnded) and not isinstance(out["error"], vt.WelcomeTimeout)
    assert "stopped responding (nothing for 0.3 s)" in out["error"].reason
    assert time.monotonic() - started < 3


def test_a_filter_that_does_not_fit_the_run_leaves(run: FakeRun) -> None:
    t, out = open_tap(run, populations=["X"])
    run.receive(lambda m: "tapHello" in m)
    run.send(run.welcome())
    t.join(10)
    assert isinstance(out.get("error"), vt.FilterError)
    assert run.receive(lambda m: "tapLeave" in m)


def test_lossless_rhythms_are_refused_before_connecting() -> None:
    with pytest.raises(vt.FilterError, match="no rhythms"):
        vt.Tap("tcp://127.0.0.1:1", kinds=["spikes", "rhythms"], lossless=True)


def test_lossless_energy_is_refused_before_connecting() -> None:
    # The data sockets a lossless tap reads carry no energy frames (volley tap refuses it too).
    started = time.monotonic()
    with pytest.raises(vt.FilterError, match="lossless tap .* no energy frames; leave out energy") as e:
        vt.Tap("tcp://127.0.0.1:1", kinds=["spikes", "energy"], lossless=True, timeout=10)
    assert "lossless" in str(e.value) and time.monotonic() - started < 1


def energy_frame(source: int, epoch: int, entries: Sequence[Tuple[int, int, int, int, float, float, float, float]]
                 ) -> bytes:
    """(population, neurons, spikes, synaptic_events, na_charge, k_charge, pump_charge, atp) entries."""
    return vt.encode_header(vt.KIND_ENERGY, RUN, source, len(entries), epoch, epoch) + b"".join(
        struct.pack("<IIQQdddd", *e) for e in entries)


def test_a_tap_asks_the_workers_for_energy_and_gets_it_per_epoch() -> None:
    run = FakeRun(epochs=2)
    try:
        t, out = open_tap(run, kinds=["spikes", "energy"], populations=["I"])
        run.receive(lambda m: "tapHello" in m)
        run.send(run.welcome())
        t.join(10)
        tap: vt.Tap = out["tap"]
        subs = run.subscriptions_until(2)
        flt = next(s for s in subs if s[5:6] == b"f")
        assert json.loads(flt[10:]) == {"kinds": ["spikes", "energy"], "populations": ["I"], "neurons": []}
        topic = next(s[1:] for s in subs if s[5:6] == b"t")
        # The workers select energy records by population: only I's come.
        run.xpub.send_multipart([topic, energy_frame(0, 0, [(1, 4, 2, 160, 0.0, 0.0, 0.0, 2.5e6)])])
        run.xpub.send_multipart([topic, spikes_frame(0, 0, [(5, 3), (6, 3)])])
        run.xpub.send_multipart([topic, spikes_frame(0, 1, [])])
        # An epoch without energy to report still has its (empty) frame.
        run.xpub.send_multipart([topic, energy_frame(0, 1, [])])
        e0, e1 = next(tap), next(tap)
        assert e0.energy.dtype == vt.ENERGY_DTYPE
        assert e0.energy.tolist() == [(1, 4, 2, 160, 0.0, 0.0, 0.0, 2.5e6)] and len(e0.spikes) == 2
        assert len(e1.energy) == 0 and e1.missing_frames == 0
        assert tap.received_frames == 4 and tap.missed_frames == 0
        tap.close()
    finally:
        run.close()
