#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Taps a run and writes what it received with the columns and number formats of the run's own
``spikes.csv`` (``population,neuron,t_ms``), plus a JSON report, and with ``--samples`` the
multimeters' samples with the columns of ``multimeter.csv`` (``population,neuron,t_ms,variable,value``,
each sample named by its recordable), and with ``--weights`` the weight recorders' records with the
columns of ``weights.csv`` (``t_ms,source,target,weight``), and with ``--energy`` each epoch's energy
records as JSON lines (``{"epoch":0,"population":"E","neurons":…,"spikes":…,"synaptic_events":…,
"na_charge_pC":…,"k_charge_pC":…,"pump_charge_pC":…,"atp":…}``). The Swift cluster test
(Tests/VolleyClusterTests/PythonTapTests.swift) compares them with the run's files.

    receive_run.py --coordinator tcp://127.0.0.1:5555 --out tap.csv --report tap.json [--lossless]
                   [--samples samples.csv] [--weights weights.csv] [--energy energy.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Dict, List, TextIO

import numpy as np

from volley_tap import Epoch, RunEnded, Spikes, Tap


class TimeText:
    """Step stamps as ms with exactly the decimals of the resolution, by integer arithmetic (as
    Sources/VolleyTap/Output/TimeFormatter.swift writes them)."""

    def __init__(self, resolution: float) -> None:
        k, scale = 0, 1.0
        while k < 9 and abs(round(resolution * scale) - resolution * scale) > 1e-9 * scale:
            k += 1
            scale *= 10
        self.decimals = max(k, 1)
        self.ticks_per_ms = 10 ** self.decimals
        self.ticks_per_step = int(round(resolution * self.ticks_per_ms))

    def strings(self, stamps: np.ndarray) -> List[str]:
        ticks = stamps.astype(np.int64) * self.ticks_per_step
        whole, frac = np.divmod(ticks, self.ticks_per_ms)
        d = self.decimals
        return [f"{w}.{f:0{d}d}" for w, f in zip(whole.tolist(), frac.tolist())]


def write(out: TextIO, spikes: Spikes, names: List[str], time_text: TimeText) -> None:
    if len(spikes) == 0:
        return
    pops = [names[p] for p in spikes.population.tolist()]
    times = time_text.strings(spikes.step + 1)
    out.write("".join(f"{p},{n},{t}\n" for p, n, t in zip(pops, spikes.neuron.tolist(), times)))


def write_samples(out: TextIO, epoch: Epoch, names: List[str], time_text: TimeText) -> None:
    s = epoch.samples
    if len(s) == 0:
        return
    pops = [names[p] for p in s["population"].tolist()]
    times = time_text.strings(s["stamp"])
    out.write("".join(f"{p},{n},{t},{v},{x!r}\n" for p, n, t, v, x in
                      zip(pops, s["neuron"].tolist(), times, epoch.sample_names(), s["value"].tolist())))


def write_weights(out: TextIO, epoch: Epoch, time_text: TimeText) -> None:
    w = epoch.weights
    if len(w) == 0:
        return
    times = time_text.strings(w["step"] + 1)
    out.write("".join(f"{t},{s},{d},{x!r}\n" for t, s, d, x in
                      zip(times, w["source"].tolist(), w["target"].tolist(), w["weight"].tolist())))


def write_energy(out: TextIO, epoch: Epoch, names: List[str]) -> None:
    for r in epoch.energy:
        p = int(r["population"])
        out.write(json.dumps({
            "epoch": epoch.epoch, "population": names[p] if p < len(names) else None, "neurons": int(r["neurons"]),
            "spikes": int(r["spikes"]), "synaptic_events": int(r["synaptic_events"]),
            "na_charge_pC": float(r["na_charge"]), "k_charge_pC": float(r["k_charge"]),
            "pump_charge_pC": float(r["pump_charge"]), "atp": float(r["atp"])}) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--coordinator", required=True)
    parser.add_argument("--out", help="CSV file (omit to only count)")
    parser.add_argument("--report", help="JSON report")
    parser.add_argument("--lossless", action="store_true")
    parser.add_argument("--populations", default="")
    parser.add_argument("--neurons", default="")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--samples", help="CSV file of the multimeters' samples (asks for samples too)")
    parser.add_argument("--weights", help="CSV file of the weight recorders' records (asks for weights too)")
    parser.add_argument("--energy", help="JSON lines of each epoch's energy per population (asks for energy too)")
    args = parser.parse_args()
    populations = [p for p in args.populations.split(",") if p]
    neurons = [r for r in args.neurons.split(",") if r]
    report: Dict[str, Any] = {"spikes": 0, "epochs": 0, "first_epoch": None, "missed_frames": 0, "received_frames": 0,
              "failure": None, "samples": 0, "weights": 0, "energy": 0}
    out = open(args.out, "w") if args.out else None
    samples_out = open(args.samples, "w") if args.samples else None
    weights_out = open(args.weights, "w") if args.weights else None
    energy_out = open(args.energy, "w") if args.energy else None
    kinds = ("spikes",) + (("samples",) if samples_out else ()) + (("weights",) if weights_out else ()) + \
        (("energy",) if energy_out else ())

    def registered() -> None:
        # The cluster test starts the workers only after this line: the tap then sees epoch 0.
        print("receive_run: registered", file=sys.stderr, flush=True)

    started = time.monotonic()
    try:
        with Tap(args.coordinator, kinds=kinds, populations=populations, neurons=neurons, lossless=args.lossless,
                 timeout=args.timeout, on_registered=registered) as tap:
            print(f"receive_run: tap {tap.welcome.tap} on {tap.welcome.model}, {tap.welcome.total_epochs} epochs",
                  file=sys.stderr, flush=True)
            report["total_epochs"] = tap.welcome.total_epochs
            names = tap.population_names
            time_text = TimeText(tap.welcome.resolution_ms)
            report["variables"] = list(tap.welcome.variables)
            if out:
                out.write("population,neuron,t_ms\n")
            if samples_out:
                samples_out.write("population,neuron,t_ms,variable,value\n")
            if weights_out:
                weights_out.write("t_ms,source,target,weight\n")
            try:
                for epoch in tap:
                    if report["first_epoch"] is None:
                        report["first_epoch"] = epoch.epoch
                    report["epochs"] += 1
                    report["spikes"] += len(epoch.spikes)
                    report["samples"] += len(epoch.samples)
                    report["weights"] += len(epoch.weights)
                    report["energy"] += len(epoch.energy)
                    if out:
                        write(out, epoch.spikes, names, time_text)
                    if samples_out:
                        write_samples(samples_out, epoch, names, time_text)
                    if weights_out:
                        write_weights(weights_out, epoch, time_text)
                    if energy_out:
                        write_energy(energy_out, epoch, names)
            except RunEnded as e:
                report["failure"] = e.reason
            report["missed_frames"] = tap.missed_frames
            report["received_frames"] = tap.received_frames
    except RunEnded as e:
        report["failure"] = e.reason
    finally:
        if out:
            out.close()
        if samples_out:
            samples_out.close()
        if weights_out:
            weights_out.close()
        if energy_out:
            energy_out.close()
    report["seconds"] = round(time.monotonic() - started, 3)
    text = json.dumps(report)
    if args.report:
        with open(args.report, "w") as f:
            f.write(text + "\n")
    print(f"receive_run: {text}", file=sys.stderr)
    return 0 if report["failure"] is None else 1


if __name__ == "__main__":
    sys.exit(main())
