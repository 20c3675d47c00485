# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Simulation set-up and control: ``setup``, ``run``, ``reset``, ``end`` and the state queries."""

from pyNN import common
from pyNN.common.control import DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.recording import get_io

from . import runner, simulator


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """Should be called at the very beginning of a script.

    `extra_params` (Volley's; pyNN.nest's names where they exist):

    `threads`:
        threads per Volley process (``volley run --threads``)
    `workers`:
        run the network in this many Volley worker processes (``volley run --workers``); the
        results are identical to one process
    `rng_seed`:
        the seed of everything Volley draws (Poisson sources, NativeRNG rules); default 42,
        pyNN.nest's
    `max_delay`:
        as in PyNN
    `spike_precision`:
        'on_grid' (the only one: Volley has no precise-timing models; pyNN.nest's default is
        'off_grid', which makes its IF_curr_exp, IF_curr_delta and SpikeSourcePoisson NEST's
        ``*_ps`` models)

    pyNN.nest's `verbosity`, `t_flush` and `recording_precision` are accepted and have nothing
    to do here (``reset()`` is exact in Volley).
    """
    common.setup(timestep, min_delay, **extra_params)
    precision = extra_params.get("spike_precision", "on_grid")
    if precision != "on_grid":
        raise NotImplementedError(
            f"spike_precision={precision!r}: Volley has no precise-timing (off-grid) models")
    simulator.state.configure(
        timestep, min_delay, extra_params.get("max_delay", "auto"),
        threads=extra_params.get("threads") or 1, workers=extra_params.get("workers"),
        rng_seed=extra_params.get("rng_seed", 42))
    simulator.state.binary = runner.find_binary()
    return rank()


def end(compatible_output=True):
    """Write the data requested with `record(..., to_file=...)` and remove Volley's files."""
    for population, variables, filename in simulator.state.write_on_end:
        population.write_data(get_io(filename), variables)
    simulator.state.write_on_end = []
    simulator.state.remove_workdir()


run, run_until = common.build_run(simulator)
run_for = run

reset = common.build_reset(simulator)

initialize = common.initialize

get_current_time, get_time_step, get_min_delay, get_max_delay, \
    num_processes, rank = common.build_state_queries(simulator)
