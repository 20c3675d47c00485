# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""The state of a pyNN.volley simulation.

Volley runs a model file from t = 0 to its end, deterministically. So ``run()`` writes the
network built so far as a model, runs ``volley run`` up to the new total time and keeps the
results: a second ``run()`` simulates again from 0 to the longer time, whose first part is
identical to the first run's. That is only the same simulation if the network did not change in
between, so a change after a run (a parameter, a projection, a recording) raises
``NotImplementedError``; ``reset()`` goes back to t = 0, after which anything may change.

Spike sources and current sources are the exception, as they are in NEST: their parameters may
change between runs. NEST applies such a change from its kernel time on, which under pyNN.nest
is the current time plus the ``min_delay`` it simulates ahead; a source keeps the values of
each such epoch (:class:`Epochs`) and the model gives Volley one device per epoch, or the
spike trains the epochs make together.

pyNN.nest reads NEST's kernel ``min_delay`` at several moments (spike-source times, the delay
of its parrot neurons and current sources). With ``min_delay='auto'`` that value changes as
connections are made, and those moments matter for its numbers, so this state keeps the same
value the same way (:meth:`State.note_delays`).
"""

import atexit
import os
import shutil
import tempfile

import numpy as np

from pyNN import common, errors

from . import runner
from .timegrid import TimeGrid

name = "Volley"   # annotates recorded data, as "NEST" does for pyNN.nest


class ID(int, common.IDMixin):
    __doc__ = common.IDMixin.__doc__

    def __init__(self, n):
        """Create an ID object with numerical value `n`."""
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):
    """Everything one pyNN.volley simulation holds between ``setup()`` and ``end()``."""

    def __init__(self):
        super().__init__()
        self.mpi_rank = 0
        self.num_processes = 1   # one Python process drives the run, whatever Volley's layout
        self.workdir = None
        self.configure(0.1, "auto", "auto", threads=1, workers=None, rng_seed=42)

    def configure(self, timestep, min_delay, max_delay, threads, workers, rng_seed):
        """Start a new, empty network (``setup()``)."""
        self.grid = TimeGrid(timestep)
        self.dt = self.grid.ms_per_step
        self._min_delay_setting = min_delay
        self._max_delay_setting = max_delay
        self.threads = threads
        self.workers = workers
        self.rng_seed = rng_seed
        self.binary = None
        self.clear()

    def clear(self):
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.recorders = set()
        self.write_on_end = []
        self.id_counter = 0
        self._connected = False
        self._auto_min = self._auto_max = None
        self.results = None
        self.segment_counter = -1
        self.remove_workdir()
        self.reset()

    def reset(self):
        """Go back to t = 0 (a new segment); the network, its current parameters and its
        recordings stay."""
        self.running = False
        self.t = 0.0
        self.t_start = 0.0
        self.results = None
        self._lead_steps = None
        self.segment_counter += 1
        for source in self.populations + self.current_sources:
            if hasattr(source, "epochs"):
                source.epochs.restart()

    def change_step(self):
        """The first step a source change made now affects: NEST's kernel time under pyNN.nest,
        which simulates ``min_delay`` (read at the segment's first run) ahead."""
        return self.grid.grid_steps(self.t) + self._lead_steps

    # --- NEST's kernel delays ------------------------------------------------------------

    @property
    def min_delay(self):
        """NEST's kernel ``min_delay`` as pyNN.nest would read it now."""
        if self._min_delay_setting != "auto":
            return float(self._min_delay_setting)
        return self._auto_min if self._connected else self.dt

    @property
    def max_delay(self):
        if self._min_delay_setting != "auto":
            return 10.0 if self._max_delay_setting == "auto" else float(self._max_delay_setting)
        return self._auto_max if self._connected else self.dt

    def note_delays(self, delays_ms):
        """Account for connections made with these delays, as NEST's kernel does.

        In 'auto' mode NEST's extrema start at the resolution and the first connection replaces
        them; with an explicit ``min_delay`` a shorter delay is an error, as in NEST.
        """
        # The kernel's extrema are Time values, read back in tics (0.6, where a synapse says
        # 0.6000000000000001).
        delays = self.grid.ms(self.grid.delay_steps(np.atleast_1d(delays_ms)))
        if delays.size == 0:
            return
        low, high = float(delays.min()), float(delays.max())
        if self._min_delay_setting != "auto":
            if low < self.min_delay:
                raise errors.ConnectionError(
                    f"Delay value {low} is invalid: delays must be at least min_delay "
                    f"({self.min_delay} ms, given to setup())")
        elif self._connected:
            self._auto_min, self._auto_max = min(self._auto_min, low), max(self._auto_max, high)
        else:
            self._auto_min, self._auto_max = low, high
        self._connected = True

    # --- running -----------------------------------------------------------------------

    def require_unstarted(self, change):
        """Refuse a change to a network that has already been simulated (see module doc)."""
        if self.t > 0:
            raise NotImplementedError(
                f"pyNN.volley cannot apply {change} after run(): every run() re-simulates the "
                "unchanged network from t = 0 in Volley, so the network cannot change mid-"
                "simulation. Call reset() first (the change then applies from t = 0).")

    def run_until(self, tstop):
        if tstop <= self.t:
            return
        if not self.grid.on_grid(tstop):
            raise ValueError(f"cannot run until t = {tstop} ms: not a multiple of the time step "
                             f"{self.dt} ms")
        from . import model   # the model builder imports the populations, which import this
        if self.workdir is None:
            self.workdir = tempfile.mkdtemp(prefix="pynn-volley-")
        run_dir = os.path.join(self.workdir, f"run{self.segment_counter}")
        if self._lead_steps is None:
            self._lead_steps = int(self.grid.delay_steps(self.min_delay))
        # pyNN.nest simulates min_delay past the time it reports (NEST hands out its recorded
        # data a slice late): plastic weights read back, and spike counts, are those of NEST's
        # kernel time. The recordings are cut at t.
        t_sim = float(self.grid.ms(self.grid.grid_steps(tstop) + self._lead_steps))   # on the grid
        spec, layout = model.build(self, t_sim, run_dir)
        self.results = runner.run(self.binary, spec, layout, run_dir, self.grid,
                                  threads=self.threads, workers=self.workers)
        # pyNN.nest's time: NEST's kernel time (tics, in ms) less min_delay, rounded to 12
        # decimals; what it hands out is what NEST stamped at or before that (6 × 0.1 ms stamps
        # as 0.6000000000000001, which some such times exclude).
        self.t = max(float(np.around(t_sim - self.min_delay, decimals=12)), 0.0)
        self.running = True

    def remove_workdir(self):
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


class Epochs:
    """The values of a source's parameters over time: (first step, values) pairs, the first
    from step 0; the values are a dict of arrays (or numbers) the owner edits."""

    def __init__(self, values):
        self.list = [(0, values)]

    @property
    def current(self):
        return self.list[-1][1]

    def for_change(self):
        """The values to edit for a change made now: the current ones before the first run,
        else those of a new epoch starting at the step the change reaches."""
        if state.t == 0:
            return self.current
        step = state.change_step()
        if self.list[-1][0] != step:
            self.list.append((step, {k: _copy(v) for k, v in self.current.items()}))
        return self.current

    def windows(self):
        """(first step, last step or None, values) of each epoch."""
        ends = [step for step, _ in self.list[1:]] + [None]
        return [(step, end, values) for (step, values), end in zip(self.list, ends)]

    def restart(self):
        self.list = [(0, self.current)]


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


class Connection(common.Connection):
    """One connection of a Projection: its weight and delay in PyNN's units."""

    def __init__(self, projection, index):
        self.projection = projection
        self.index = index

    @property
    def presynaptic_index(self):
        return int(self.projection._listed().pre[self.index])

    @property
    def postsynaptic_index(self):
        return int(self.projection._listed().post[self.index])

    def _get(self, name):
        return self.projection._attribute_values(name)[self.index]

    def _set(self, name, value):
        self.projection._set_one(self.index, name, value)

    weight = property(lambda self: self._get("weight"), lambda self, w: self._set("weight", w))
    delay = property(lambda self: self._get("delay"), lambda self, d: self._set("delay", d))

    def as_tuple(self, *attribute_names):
        return tuple(getattr(self, name) for name in attribute_names)


state = State()   # a singleton, as in every PyNN backend
atexit.register(state.remove_workdir)   # a script need not call end()
