# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Energy frames from a real distributed run: a coordinator and two workers of the ``volley``
binary named by ``VOLLEY_BIN`` (skipped without it), tapped live by this client. Per population,
the epochs' energy adds up to summary.json's ``energy`` budget, as
Tests/VolleyClusterTests/EnergyTapTests.swift checks for ``volley tap --kinds energy``, and the
merged records are exactly those a Swift tap on the same run writes."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import volley_tap as vt

VOLLEY_BIN = os.environ.get("VOLLEY_BIN", "")
REPOSITORY = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(
    not (VOLLEY_BIN and os.access(VOLLEY_BIN, os.X_OK)),
    reason="VOLLEY_BIN is not set to a volley executable (e.g. .build/release/volley)")

#: Brunel at a tenth of its size for 150 ms: 100 epochs of 1.5 ms, a few seconds.
MODEL = [str(REPOSITORY / "configs" / "brunel.yaml"), "--set", "parameters.order=250", "--t-sim", "150",
         "--seed", "9"]
EPOCHS = 100
SHARDS = 2


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


class Process:
    """A ``volley`` child whose output goes to a log file."""

    def __init__(self, args: List[str], log: Path) -> None:
        self.log = log
        self._file = open(log, "wb")
        self.process = subprocess.Popen([VOLLEY_BIN] + args, stdout=self._file, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return True
            if self.process.poll() is not None:
                return text in self.output()
            time.sleep(0.02)
        return False

    def wait(self, timeout: float) -> Optional[int]:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._file.close()


def coordinator_endpoint(coordinator: Process) -> str:
    assert coordinator.wait_for("coordinator on tcp://", 30), coordinator.output()
    line = next(l for l in coordinator.output().splitlines() if "coordinator on tcp://" in l)
    rest = line[line.index("tcp://"):]
    for stop in (",", " "):
        rest = rest.split(stop)[0]
    return rest


class Receiver(threading.Thread):
    """A tap on its own thread, summing the energy it receives per population name."""

    def __init__(self, endpoint: str, **kwargs: Any) -> None:
        super().__init__(daemon=True)
        self.endpoint = endpoint
        self.kwargs = kwargs
        self.registered = threading.Event()
        self.sums: Dict[str, Dict[str, Any]] = {}
        #: (epoch, population, neurons, spikes, synaptic_events, na_charge, atp) per record, in order.
        self.records: List[Tuple[int, str, int, int, int, float, float]] = []
        self.epochs: List[int] = []
        self.spikes = 0
        self.missed = -1
        self.received = -1
        self.error: Optional[BaseException] = None

    def run(self) -> None:
        try:
            with vt.Tap(self.endpoint, timeout=60, on_registered=self.registered.set, **self.kwargs) as tap:
                names = tap.population_names
                for epoch in tap:
                    self.epochs.append(epoch.epoch)
                    self.spikes += len(epoch.spikes)
                    assert epoch.energy.dtype == vt.ENERGY_DTYPE
                    assert epoch.energy["population"].tolist() == sorted(set(epoch.energy["population"].tolist()))
                    for r in epoch.energy:
                        self.records.append((epoch.epoch, names[int(r["population"])], int(r["neurons"]),
                                             int(r["spikes"]), int(r["synaptic_events"]), float(r["na_charge"]),
                                             float(r["atp"])))
                        s = self.sums.setdefault(names[int(r["population"])], {
                            "atp": 0.0, "na_charge": 0.0, "synaptic_events": 0, "spikes": 0, "records": 0,
                            "neurons": set()})
                        s["atp"] += float(r["atp"])
                        s["na_charge"] += float(r["na_charge"])
                        s["synaptic_events"] += int(r["synaptic_events"])
                        s["spikes"] += int(r["spikes"])
                        s["records"] += 1
                        s["neurons"].add(int(r["neurons"]))
                self.missed = tap.missed_frames
                self.received = tap.received_frames
        except BaseException as e:  # noqa: BLE001 - handed to the test
            self.error = e
            self.registered.set()


def test_live_energy_adds_up_to_the_runs_budget(tmp_path: Path) -> None:
    processes: List[Process] = []
    try:
        coordinator = Process(["coordinator"] + MODEL + ["--listen", "tcp://127.0.0.1:*", "--workers", str(SHARDS),
                                                         "--out", str(tmp_path / "out")], tmp_path / "c.log")
        processes.append(coordinator)
        endpoint = coordinator_endpoint(coordinator)
        everything = Receiver(endpoint, kinds=["spikes", "energy"])
        inhibitory = Receiver(endpoint, kinds=["energy"], populations=["I"])
        for r in (everything, inhibitory):
            r.start()
            # Registered before the workers join: the run waits for no tap, but a tap it knows
            # of from the start sees epoch 0.
            assert r.registered.wait(60) and r.error is None, r.error
        # The Swift tap on the same run, for comparison.
        processes.append(Process(["tap", "--coordinator", endpoint, "--kinds", "energy", "--format", "jsonl",
                                  "--out", str(tmp_path / "swift.jsonl"), "--report", str(tmp_path / "swift.json")],
                                 tmp_path / "tap.log"))
        deadline = time.monotonic() + 60
        while coordinator.output().count(") registered") < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert coordinator.output().count(") registered") == 3, coordinator.output()
        for i in range(SHARDS):
            processes.append(Process(["worker", "--coordinator", endpoint], tmp_path / f"w{i}.log"))
        assert coordinator.wait(120) == 0, coordinator.output()
        for child in processes[1:]:
            assert child.wait(30) == 0, child.output()
        for r in (everything, inhibitory):
            r.join(60)
            assert not r.is_alive(), "the tap did not end"
            assert r.error is None, repr(r.error)
    finally:
        for child in processes:
            child.kill()

    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    budget: Dict[str, Dict[str, Any]] = summary["energy"]["populations"]
    assert set(budget) == {"E", "I"}

    # Every epoch, nothing missed: one spikes and one energy frame per shard and epoch.
    assert everything.epochs == list(range(EPOCHS))
    assert everything.missed == 0 and everything.received == 2 * SHARDS * EPOCHS
    assert set(everything.sums) == {"E", "I"}
    for p, b in budget.items():
        tapped = everything.sums[p]
        assert close(tapped["atp"], b["atp"]), (p, tapped, b)
        assert tapped["synaptic_events"] == b["synaptic_events"], (p, tapped, b)
        assert tapped["records"] == EPOCHS, "one merged record per population and epoch"
        # Every epoch, the shards' neurons of a population add up to the population.
        assert tapped["neurons"] == {summary["populations"][p]["n"]}, (p, tapped)
    # The spikes the energy frames count are the run's spikes.
    for p in ("E", "I"):
        assert everything.sums[p]["spikes"] == summary["populations"][p]["spikes"]
    assert everything.spikes == sum(summary["populations"][p]["spikes"] for p in ("E", "I"))

    # A tap filtered to I gets I's records only, the same ones.
    assert inhibitory.epochs == list(range(EPOCHS))
    assert inhibitory.missed == 0 and inhibitory.received == SHARDS * EPOCHS
    assert set(inhibitory.sums) == {"I"}
    assert inhibitory.sums["I"]["atp"] == everything.sums["I"]["atp"]
    assert inhibitory.sums["I"]["synaptic_events"] == everything.sums["I"]["synaptic_events"]
    assert inhibitory.records == [r for r in everything.records if r[1] == "I"]

    # The Swift tap merged the shards' records into exactly the same ones.
    report = json.loads((tmp_path / "swift.json").read_text())
    assert report["frames_missed"] == 0 and report["epochs_written"] == EPOCHS
    lines = [json.loads(line) for line in (tmp_path / "swift.jsonl").read_text().splitlines()]
    swift = [(o["population"], o["neurons"], o["spikes"], o["synaptic_events"], o.get("na_charge_pC", 0.0), o["atp"])
             for o in lines if o["kind"] == "energy"]
    assert swift == [r[1:] for r in everything.records]
