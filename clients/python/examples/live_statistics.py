#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Live firing statistics of a running Volley simulation.

Attaches to a coordinator, collects the spikes as the run produces them, and every N ms of
model time prints each population's firing rate over those N ms and the mean coefficient of
variation of its neurons' inter-spike intervals over a trailing window — computed with Elephant
(``elephant.statistics.mean_firing_rate``, ``isi`` and ``cv`` on ``neo.SpikeTrain`` objects),
or with numpy alone (``--no-elephant``). At the end, the whole run's rates and ISI CVs as the
run's own ``summary.json`` defines them (neurons with at least three spikes), to compare.

    python live_statistics.py --coordinator tcp://127.0.0.1:5555 --every 100
"""

from __future__ import annotations

import argparse
import collections
import sys
from typing import Any, Deque, Dict, List, Optional, Tuple

import numpy as np
from numpy.typing import NDArray

from volley_tap import Epoch, RunEnded, Tap, Welcome

Window = Tuple[float, float]  # (t_start_ms, t_stop_ms)


class Spikes:
    """Spike times of one population over some span: neuron indices and times, as arrays."""

    def __init__(self, neuron: NDArray[np.int64], t_ms: NDArray[np.float64]) -> None:
        self.neuron = neuron
        self.t_ms = t_ms

    @staticmethod
    def join(parts: List[Spikes]) -> Spikes:
        if not parts:
            return Spikes(np.zeros(0, np.int64), np.zeros(0, np.float64))
        return Spikes(np.concatenate([p.neuron for p in parts]), np.concatenate([p.t_ms for p in parts]))


class NumpyStatistics:
    name = "numpy"

    def rate_hz(self, spikes: Spikes, neurons: int, window: Window) -> float:
        return len(spikes.t_ms) / neurons / ((window[1] - window[0]) / 1000.0)

    def mean_cv(self, spikes: Spikes, sample: NDArray[np.int64], window: Window) -> Optional[float]:
        """Mean ISI CV (std / mean, ddof 0) over the sampled neurons with at least three spikes."""
        keep = np.isin(spikes.neuron, sample)
        n, t = spikes.neuron[keep], spikes.t_ms[keep]
        order = np.lexsort((t, n))
        n, t = n[order], t[order]
        same = n[1:] == n[:-1]
        isi, owner = np.diff(t)[same], n[1:][same]
        ids, index, counts = np.unique(owner, return_inverse=True, return_counts=True)
        ok = counts >= 2  # two intervals: three spikes
        if not ok.any():
            return None
        mean = np.bincount(index, isi) / counts
        var = np.maximum(np.bincount(index, isi * isi) / counts - mean * mean, 0.0)
        return float(np.mean(np.sqrt(var[ok]) / mean[ok]))


class ElephantStatistics:
    def __init__(self) -> None:
        import elephant
        import neo
        import quantities as pq
        from elephant.statistics import cv, isi, mean_firing_rate

        self.name = f"Elephant {elephant.__version__}"
        self.neo, self.pq = neo, pq
        self.cv, self.isi, self.mean_firing_rate = cv, isi, mean_firing_rate

    def train(self, times: NDArray[np.float64], window: Window) -> Any:
        return self.neo.SpikeTrain(times, units="ms", t_start=window[0], t_stop=window[1])

    def rate_hz(self, spikes: Spikes, neurons: int, window: Window) -> float:
        # The population's spikes as one train: its rate over the window, per neuron.
        pooled = self.train(np.sort(spikes.t_ms), window)
        return float(self.mean_firing_rate(pooled).rescale(self.pq.Hz).magnitude) / neurons

    def mean_cv(self, spikes: Spikes, sample: NDArray[np.int64], window: Window) -> Optional[float]:
        order = np.lexsort((spikes.t_ms, spikes.neuron))
        n, t = spikes.neuron[order], spikes.t_ms[order]
        starts = np.searchsorted(n, sample, side="left")
        stops = np.searchsorted(n, sample, side="right")
        cvs = []
        for a, b in zip(starts.tolist(), stops.tolist()):
            if b - a >= 3:
                cvs.append(float(self.cv(self.isi(self.train(t[a:b], window)))))
        return float(np.mean(cvs)) if cvs else None


class WholeRun:
    """Spike counts and ISI sums per neuron over everything tapped (as summary.json counts them)."""

    def __init__(self, welcome: Welcome) -> None:
        n = welcome.neurons
        self.offsets = welcome.offsets
        self.count = np.zeros(n, np.int64)
        self.last = np.zeros(n, np.int64)
        self.isi_sum = np.zeros(n)
        self.isi_squares = np.zeros(n)
        self.resolution = welcome.resolution_ms

    def add(self, epoch: Epoch) -> None:
        g, s = epoch.spikes.global_id, epoch.spikes.step
        if not len(g):
            return
        order = np.lexsort((s, g))
        g, s = g[order], s[order]
        first = np.ones(len(g), bool)
        first[1:] = g[1:] != g[:-1]
        previous = np.empty_like(s)
        previous[1:] = s[:-1]
        previous[first] = self.last[g[first]]
        has_previous = ~first | (self.count[g] > 0)
        isi = (s - previous)[has_previous] * self.resolution
        owner = g[has_previous]
        n = len(self.count)
        self.isi_sum += np.bincount(owner, isi, minlength=n)
        self.isi_squares += np.bincount(owner, isi * isi, minlength=n)
        self.count += np.bincount(g, minlength=n)
        last = np.ones(len(g), bool)
        last[:-1] = g[1:] != g[:-1]
        self.last[g[last]] = s[last]

    def figures(self, p: int, span_ms: float) -> Tuple[float, Optional[float]]:
        lo, hi = int(self.offsets[p]), int(self.offsets[p + 1])
        k = self.count[lo:hi]
        rate = float(k.sum()) / (hi - lo) / (span_ms / 1000.0)
        ok = k >= 3
        if not ok.any():
            return rate, None
        m = (k[ok] - 1).astype(float)
        mean = self.isi_sum[lo:hi][ok] / m
        var = np.maximum(self.isi_squares[lo:hi][ok] / m - mean * mean, 0.0)
        return rate, float(np.mean(np.sqrt(var) / mean))


def fmt(x: Optional[float], width: int, digits: int) -> str:
    return f"{x:{width}.{digits}f}" if x is not None else f"{'–':>{width}}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coordinator", required=True, help="the coordinator's endpoint, e.g. tcp://127.0.0.1:5555")
    parser.add_argument("--every", type=float, default=100.0, help="report every this many ms of model time")
    parser.add_argument("--cv-window", type=float, default=500.0, help="ISI CVs over the last this many ms")
    parser.add_argument("--sample", type=int, default=200, help="neurons per population for the ISI CVs")
    parser.add_argument("--populations", default="", help="only these populations, comma-separated")
    parser.add_argument("--lossless", action="store_true", help="miss nothing: the run waits for this tap")
    parser.add_argument("--no-elephant", action="store_true", help="numpy only (where Elephant is not installed)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the run to start")
    args = parser.parse_args()

    stats: Any = NumpyStatistics()
    if not args.no_elephant:
        try:
            stats = ElephantStatistics()
        except ImportError as e:
            print(f"live_statistics: Elephant is not available ({e}); install elephant or use --no-elephant",
                  file=sys.stderr)
            return 2
    populations = [p for p in args.populations.split(",") if p]
    try:
        tap = Tap(args.coordinator, populations=populations, lossless=args.lossless, timeout=args.timeout)
    except RunEnded as e:
        print(f"live_statistics: {e.reason}", file=sys.stderr)
        return 1
    with tap:
        w = tap.welcome
        shown = [i for i, p in enumerate(w.populations) if not populations or p.name in populations]
        samples = {i: np.unique(np.linspace(0, w.populations[i].size - 1, min(args.sample, w.populations[i].size))
                                .astype(np.int64)) for i in shown}
        print(f"live_statistics: {w.model}, {len(w.populations)} populations, {w.resolution_ms:g} ms steps, "
              f"{w.total_epochs} epochs of {w.epoch_ms:g} ms; every {args.every:g} ms with {stats.name} "
              f"(CVs over the last {args.cv_window:g} ms, {args.sample} neurons per population)")
        header = f"{'t (ms)':>15}" + "".join(f"{w.populations[i].name + ' Hz':>10}{w.populations[i].name + ' CV':>8}"
                                             for i in shown) + f"{'missed':>8}"
        print(header, flush=True)
        whole = WholeRun(w)
        window: Dict[int, List[Spikes]] = {i: [] for i in shown}
        # The last --cv-window ms: (t_start_ms, spikes per population) per epoch.
        history: Deque[Tuple[float, Dict[int, Spikes]]] = collections.deque()
        start: Optional[float] = None
        first: Optional[float] = None
        last_stop = 0.0
        failure = None
        try:
            for epoch in tap:
                whole.add(epoch)
                if start is None:
                    start = first = epoch.t_start_ms
                parts = {}
                for i in shown:
                    mine = epoch.spikes.population == i
                    parts[i] = Spikes(epoch.spikes.neuron[mine], epoch.spikes.t_ms[mine])
                    window[i].append(parts[i])
                history.append((epoch.t_start_ms, parts))
                while history[0][0] < epoch.t_stop_ms - args.cv_window - 1e-9:
                    history.popleft()
                last_stop = epoch.t_stop_ms
                if epoch.t_stop_ms - start >= args.every - 1e-9 or epoch.epoch + 1 == w.total_epochs:
                    span = (start, epoch.t_stop_ms)
                    trailing = (history[0][0], epoch.t_stop_ms)
                    line = f"{span[0]:7.1f}–{span[1]:<7.1f}"
                    for i in shown:
                        rate = stats.rate_hz(Spikes.join(window[i]), w.populations[i].size, span)
                        recent = Spikes.join([h[1][i] for h in history])
                        cv = stats.mean_cv(recent, samples[i], trailing)
                        line += f"{rate:10.2f}{fmt(cv, 8, 3)}"
                        window[i] = []
                    print(line + f"{tap.missed_frames:8d}", flush=True)
                    start = epoch.t_stop_ms
        except RunEnded as e:
            failure = e.reason
        if first is not None:
            print(f"whole run as tapped ({first:g}–{last_stop:g} ms, numpy, summary.json's definitions):")
            for i in shown:
                rate, cv = whole.figures(i, last_stop - first)
                print(f"  {w.populations[i].name}: rate_hz {rate:.4f}, cv_isi_mean {fmt(cv, 0, 4).strip()}")
        print(f"live_statistics: {tap.received_frames} frames received, {tap.missed_frames} missed"
              + (f"; the run ended: {failure}" if failure else ""))
        return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
