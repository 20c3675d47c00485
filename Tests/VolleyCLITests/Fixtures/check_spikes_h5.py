# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Checks a run's spikes.h5 against its spikes.csv, independently of Volley.

Usage: check_spikes_h5.py DIR POPULATIONS   (POPULATIONS: the recorded ones, comma-separated)

SONATA's layout (root magic and version, one group per recorded population, float64 timestamps
in ms, uint64 node ids, sorting = by_time as libsonata's enum), then every population's
(node_id, t) pairs equal to spikes.csv's rows with t rounded to 3 decimals; and, if libsonata is
installed, that its SpikeReader returns the same spikes. Prints what it checked; exits 1 naming
the first difference.
"""
import csv
import sys

import h5py
import numpy as np


def fail(message):
    print("spikes.h5: " + message)
    sys.exit(1)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


directory, populations = sys.argv[1], sorted(p for p in sys.argv[2].split(",") if p)
rows = {p: [] for p in populations}
with open(directory + "/spikes.csv", newline="") as f:
    for row in csv.DictReader(f):
        rows.setdefault(row["population"], []).append((int(row["neuron"]), round(float(row["t_ms"]), 3)))

with h5py.File(directory + "/spikes.h5", "r") as f:
    if f.attrs.get("magic") != 0x0A7A:
        fail(f"root attribute magic is {f.attrs.get('magic')!r}, not 0x0A7A")
    if list(f.attrs.get("version", [])) != [0, 1]:
        fail(f"root attribute version is {f.attrs.get('version')!r}, not [0, 1]")
    groups = sorted(f["spikes"].keys())
    if groups != populations:
        fail(f"populations {groups}, expected {populations}")
    for p in groups:
        group = f["spikes"][p]
        timestamps, node_ids = group["timestamps"], group["node_ids"]
        if timestamps.dtype != np.float64 or node_ids.dtype != np.uint64:
            fail(f"{p}: dtypes {timestamps.dtype}, {node_ids.dtype}; expected float64, uint64")
        if text(timestamps.attrs.get("units")) != "ms":
            fail(f"{p}: timestamps units {timestamps.attrs.get('units')!r}")
        members = h5py.check_enum_dtype(group.attrs.get_id("sorting").dtype)
        if members != {"none": 0, "by_id": 1, "by_time": 2} or group.attrs["sorting"] != 2:
            fail(f"{p}: sorting {group.attrs['sorting']!r} of {members!r}, expected by_time")
        t = timestamps[:]
        if np.any(np.diff(t) < 0):
            fail(f"{p}: timestamps are not in time order")
        pairs = [(n, round(x, 3)) for n, x in zip(node_ids[:].tolist(), t.tolist())]
        if pairs != rows[p]:
            first = next((i for i, (a, b) in enumerate(zip(pairs, rows[p])) if a != b), min(len(pairs), len(rows[p])))
            fail(f"{p}: {len(pairs)} spikes, spikes.csv has {len(rows[p])}; first difference at row {first}")
print(f"h5py: {sum(len(rows[p]) for p in populations)} spikes in {len(populations)} populations equal spikes.csv")

try:
    import libsonata
except ImportError:
    print("libsonata: not installed, not checked")
    sys.exit(0)
reader = libsonata.SpikeReader(directory + "/spikes.h5")
if sorted(reader.get_population_names()) != populations:
    fail(f"libsonata reads populations {reader.get_population_names()}")
for p in populations:
    population = reader[p]
    if population.sorting != "by_time" or population.time_units != "ms":
        fail(f"{p}: libsonata reads sorting {population.sorting}, units {population.time_units}")
    if [(n, round(t, 3)) for n, t in population.get()] != rows[p]:
        fail(f"{p}: libsonata's spikes differ from spikes.csv")
print("libsonata: the same spikes")
