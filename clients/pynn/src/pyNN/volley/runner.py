# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Running ``volley run`` on a model and reading what it writes.

The executable is ``$VOLLEY_BIN`` or ``volley`` on the ``PATH``. A run that exits non-zero
raises with Volley's message: a model Volley refuses (status 2, bad input, e.g. a parameter
value NEST would refuse too) as PyNN's ``InvalidParameterValueError``, anything else as
:class:`VolleyError`. Spike times come back as NEST reports them (``MS_PER_TIC · tics`` of the
stamp), so they compare bit for bit with pyNN.nest's.
"""

import csv
import os
import shutil
import subprocess
from collections import defaultdict

import numpy as np

from pyNN import errors

from . import modelfile


class VolleyError(RuntimeError):
    """``volley run`` failed; ``stderr`` holds what it said."""

    def __init__(self, message, returncode, stderr):
        super().__init__(message)
        self.returncode = returncode
        self.stderr = stderr


def find_binary():
    """The ``volley`` executable: ``$VOLLEY_BIN``, else the one on the ``PATH``."""
    binary = os.environ.get("VOLLEY_BIN") or shutil.which("volley")
    if not binary or not os.access(binary, os.X_OK):
        raise RuntimeError("pyNN.volley needs the volley executable: set VOLLEY_BIN to its path "
                           "or put it on the PATH (build it with `swift build -c release`)")
    return binary


def run(binary, spec, layout, run_dir, grid, threads=1, workers=None):
    """Write the model, run Volley on it and return its :class:`Results`."""
    model_path = os.path.join(run_dir, "model.yaml")
    with open(model_path, "w") as f:
        f.write(modelfile.dump(spec))
    out_dir = os.path.join(run_dir, "out")
    shutil.rmtree(out_dir, ignore_errors=True)   # nothing of an earlier run may be read
    command = [binary, "run", model_path, "--out", out_dir, "--quiet"]
    if threads and threads > 1:
        command += ["--threads", str(threads)]
    if workers:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        message = (f"volley run refused or failed (status {done.returncode}): {done.stderr.strip()}"
                   f"\nmodel: {model_path}\n{layout.legend()}")
        if done.returncode == 2:
            raise errors.InvalidParameterValueError(message)
        raise VolleyError(message, done.returncode, done.stderr)
    return Results(out_dir, layout, grid)


class Results:
    """The spikes and samples of one run, by PyNN population and index within it."""

    def __init__(self, out_dir, layout, grid):
        self._grid = grid
        self._layout = layout
        self._weights_file = os.path.join(out_dir, "weights.h5")
        self._spikes = _read_spikes(os.path.join(out_dir, "spikes.csv"), layout, grid)
        # V_m.csv holds every V_m sample; multimeter.csv (when a multimeter records more than
        # V_m) the other variables, and V_m again.
        self._samples = _read_samples(os.path.join(out_dir, "V_m.csv"), layout, grid, "V_m")
        self._samples.update(_read_samples(os.path.join(out_dir, "multimeter.csv"), layout, grid))

    def spikes(self, population):
        """(indices within the population, times in ms), ordered by time."""
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0))
        return self._spikes.get(population, empty)

    def samples(self, population, variable):
        """(recorded indices ascending, sample steps, values[step, index])."""
        return self._samples[(population, variable)]

    def plastic_weights(self, projection):
        """The final synapses of a plastic projection from ``weights.h5``: (pre population,
        pre index, post population, post index, delay, weight) per synapse, in Volley's order
        (by target, source, delay, then the order they were made in)."""
        try:
            import h5py
        except ImportError:
            raise NotImplementedError("reading plastic weights back needs h5py (pip install h5py)")
        entries = set(self._layout.plastic[projection])
        columns = {name: [] for name in ("source", "target", "delay", "weight")}
        with h5py.File(self._weights_file, "r") as f:
            for group in f["projections"].values():
                if int(group.attrs["projection"]) in entries:
                    for name, values in columns.items():
                        values.append(group[name][:])
        source, target, delay, weight = (np.concatenate(v) if v else np.zeros(0)
                                         for v in columns.values())
        order = np.lexsort((source, target))   # the groups' own order, across groups
        pre = self._layout.cells(source[order])
        post = self._layout.cells(target[order])
        return pre[0], np.array(pre[1]), post[0], np.array(post[1]), delay[order], weight[order]


def _read_spikes(path, layout, grid):
    by_population = defaultdict(lambda: ([], []))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            population, offset = layout.owner(row["population"])
            indices, steps = by_population[population]
            indices.append(offset + int(row["neuron"]))
            steps.append(float(row["t_ms"]))
    spikes = {}
    for population, (indices, times) in by_population.items():
        steps = np.rint(np.asarray(times) * grid.steps_per_ms).astype(np.int64)
        spikes[population] = (np.asarray(indices, dtype=np.int64), grid.ms(steps))
    return spikes


def _read_samples(path, layout, grid, only=None):
    """Samples of V_m.csv (`only` = "V_m") or of multimeter.csv without its V_m rows."""
    if not os.path.exists(path):
        return {}
    columns = defaultdict(lambda: ([], [], []))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            variable = only or row["variable"]
            if only is None and variable == "V_m":
                continue
            population, offset = layout.owner(row["population"])
            index, steps, values = columns[(population, variable)]
            index.append(offset + int(row["neuron"]))
            steps.append(float(row["t_ms"]))
            values.append(float(row[only or "value"]))
    samples = {}
    for key, (index, times, values) in columns.items():
        index = np.asarray(index, dtype=np.int64)
        steps = np.rint(np.asarray(times) * grid.steps_per_ms).astype(np.int64)
        cells, column = np.unique(index, return_inverse=True)
        sample_steps, row = np.unique(steps, return_inverse=True)
        table = np.full((sample_steps.size, cells.size), np.nan)
        table[row, column] = values
        samples[key] = (cells, sample_steps, table)
    return samples
