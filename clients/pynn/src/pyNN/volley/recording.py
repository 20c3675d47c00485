# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Recording: which cells and variables the model records, and reading them back for Neo.

PyNN's ``Recorder`` builds the Neo blocks; this class feeds it from the files of the last
``volley run``, in pyNN.nest's form: spike times as NEST stamps them, and signals that start
with the cell's initial value at t = 0 followed by NEST's multimeter samples at Δ, 2Δ, … up to
the current time.
"""

import numpy as np

from pyNN import recording

from . import simulator


class Recorder(recording.Recorder):
    _simulator = simulator

    def __init__(self, population, file=None):
        super().__init__(population, file)
        self._cleared_at = 0.0
        self._counted_from = 0.0

    def _record(self, variable, new_ids, sampling_interval=None):
        simulator.state.require_unstarted(f"recording of '{variable.name}'")
        if variable.location is not None:
            raise NotImplementedError("pyNN.volley has point neurons only: no recording locations")
        if sampling_interval is not None:
            if not simulator.state.grid.on_grid(sampling_interval):
                raise ValueError(f"sampling_interval {sampling_interval} ms is not a multiple of "
                                 f"the time step {simulator.state.dt} ms")
            self.sampling_interval = sampling_interval

    def _reset(self):
        simulator.state.require_unstarted("a change of what is recorded")

    def _clear_simulator(self):
        self._cleared_at = simulator.state.t
        # NEST's recorder forgets its events up to its kernel time, so pyNN.nest's counts
        # start there (its spike trains start at t: it keeps the overrun for them).
        self._counted_from = float(simulator.state.grid.ms(simulator.state.change_step()))

    def store_to_cache(self, annotations=None):
        super().store_to_cache(annotations)
        self._cleared_at = 0.0
        self._counted_from = 0.0

    def _window(self, times):
        return (times > self._cleared_at) & (times <= simulator.state.t)

    def _get_spiketimes(self, ids, clear=False):
        indices, times = simulator.state.results.spikes(self.population)
        cells = self.population.all_cells[indices].astype(np.int64)   # plain ints, as NEST's
        keep = self._window(times) & np.isin(cells, np.asarray(ids, dtype=int))
        return cells[keep], times[keep]

    def _local_count(self, variable, filter_ids=None):
        # pyNN.nest counts every event of NEST's recorder, up to its kernel time (min_delay
        # past t), where its spike trains stop at t.
        ids = sorted(self.filter_recorded(variable, filter_ids))
        indices, times = simulator.state.results.spikes(self.population)
        cells = self.population.all_cells[indices].astype(np.int64)
        kernel_time = simulator.state.grid.ms(simulator.state.change_step())
        keep = (times > self._counted_from) & (times <= kernel_time) & np.isin(cells, np.asarray(ids, dtype=int))
        cells = cells[keep]
        counted = dict(zip(*np.unique(cells, return_counts=True)))
        return {int(id): int(counted.get(int(id), 0)) for id in ids}

    def _get_all_signals(self, variable, ids, clear=False):
        if len(ids) == 0:
            return np.array([]), None
        celltype = self.population.celltype
        native = celltype.variable_map[variable.name]
        indices, steps, values = simulator.state.results.samples(self.population, native)
        columns = np.searchsorted(indices, self.population.id_to_index(np.asarray(ids, dtype=int)))
        grid = simulator.state.grid
        interval_steps = grid.grid_steps(self.sampling_interval)
        first_step = grid.grid_steps(self._cleared_at)
        rows = (steps % interval_steps == 0) & (steps > first_step) & \
            (grid.ms(steps) <= simulator.state.t)   # NEST's stamps against pyNN.nest's t
        signal = values[rows][:, columns] * celltype.scale_factors[variable.name]
        ignored = getattr(celltype, "initial_values_ignored", {})
        if self._cleared_at == 0.0 and variable.name in ignored:
            initial = [ignored[variable.name]] * len(ids)
        elif self._cleared_at == 0.0:
            # NEST records nothing at t = 0; pyNN.nest adds the initial value there.
            initial = [id.get_initial_value(variable.name) for id in ids]
        else:
            initial = values[steps == first_step][0, columns] * celltype.scale_factors[variable.name]
        return np.vstack([np.asarray(initial, dtype=float), signal]), None
