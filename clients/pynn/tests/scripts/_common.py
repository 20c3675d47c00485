# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""What the comparison scripts share: the backend from the command line, and saving results.

Usage of every script: ``SCRIPT.py BACKEND OUT.pkl [workers=N] [options]``, BACKEND being
``volley`` or ``nest``. pyNN.nest runs with ``spike_precision='on_grid'``, the grid-based NEST
models that Volley has (pyNN.volley's only setting).
"""

import pickle
import sys

import numpy as np


def simulator():
    """(sim module, setup keyword arguments, output path, remaining arguments)."""
    backend, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if backend == "nest":
        import pyNN.nest as sim
        extra = {"spike_precision": "on_grid"}
    else:
        import pyNN.volley as sim
        extra = {}
    for arg in list(args):
        if arg.startswith("workers="):
            args.remove(arg)
            extra["workers"] = int(arg.split("=")[1])
    return sim, extra, out, args


def save(out, populations, projections=(), **more):
    """Every recorded spike train and signal, and each projection's connections."""
    data = dict(more)
    for population in populations:
        for k, segment in enumerate(population.get_data().segments):
            data[f"{population.label}/{k}/spikes"] = [np.asarray(st.times) for st in segment.spiketrains]
            for signal in segment.analogsignals:
                data[f"{population.label}/{k}/{signal.name}"] = np.asarray(signal)
    for name, projection in projections:
        data[f"{name}/connections"] = projection.get(["weight", "delay"], format="list")
    with open(out, "wb") as f:
        pickle.dump(data, f)
