# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Current sources: ``DCSource`` and ``StepCurrentSource`` as pyNN.nest builds them.

pyNN.nest makes each DCSource a NEST ``dc_generator`` whose start and stop are moved earlier
by ``min_delay`` (read when the source is created) and connects it to its cells with a delay of
``min_delay`` (read when it is injected), so the current reaches the cells at the times the
script gave; a StepCurrentSource is a ``step_current_generator`` treated alike. Volley's
``dc_generator`` is NEST's; the model gives a step current one per step (model.py). Their
parameters may change between runs, as in NEST (see simulator.Epochs). ACSource and
NoisyCurrentSource have no Volley device.
"""

import numpy as np

from pyNN import errors
from pyNN.common import Assembly, Population, PopulationView
from pyNN.parameters import ParameterSpace
from pyNN.standardmodels import build_translations, electrodes
from pyNN.standardmodels.base import ModelNotAvailable

from .simulator import Epochs, state


class DCSource(electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__

    translations = build_translations(
        ('amplitude',  'amplitude', 1000.),
        ('start',      'start'),
        ('stop',       'stop')
    )

    def __init__(self, **parameters):
        state.require_unstarted("a new DCSource")
        self.injections = []   # (cells as (population, indices) pairs, delay in ms)
        self.parameter_space = ParameterSpace(self.default_parameters, self.get_schema(), shape=(1,))
        if parameters:
            self.parameter_space.update(**parameters)
        self.min_delay = state.min_delay
        self.epochs = Epochs({})
        self.set_native_parameters(self.translate(self.parameter_space))
        state.current_sources.append(self)

    def inject_into(self, cells):
        state.require_unstarted("DCSource.inject_into()")
        for id in cells:
            if not id.celltype.injectable:
                raise TypeError("Can't inject current into a spike source.")
        if isinstance(cells, (Population, PopulationView, Assembly)):
            cells = list(cells.all_cells)
        by_population = {}
        for id in cells:
            by_population.setdefault(id.parent, []).append(id.parent.id_to_index(id))
        targets = [(pop, np.array(sorted(indices))) for pop, indices in by_population.items()]
        self.injections.append((targets, state.min_delay))
        state.note_delays(state.min_delay)

    @property
    def native(self):
        return self.epochs.current

    def set_native_parameters(self, parameters):
        native = self.epochs.for_change()
        parameters.evaluate(simplify=True)
        for key, value in parameters.items():
            value = float(value)
            if key in ("start", "stop"):
                # pyNN.nest's _delay_correction: the change needs min_delay to reach the cell
                value = max(value - self.min_delay, 0.0)
                if np.isfinite(value) and not state.grid.on_grid(value):
                    raise errors.InvalidParameterValueError(
                        f"DCSource {key} ({value + self.min_delay} ms) minus min_delay must be a "
                        f"multiple of the time step {state.dt} ms (NEST's dc_generator rule)")
            native[key] = value

    def get_native_parameters(self):
        # As pyNN.nest, which reads them back from NEST: start and stop as corrected above.
        return ParameterSpace(dict(self.native))

    def record(self):
        raise NotImplementedError("pyNN.volley cannot record the current of a DCSource")


class ACSource(ModelNotAvailable):
    pass


class StepCurrentSource(electrodes.StepCurrentSource):
    """A step-wise current, as pyNN.nest's ``step_current_generator``.

    pyNN.nest moves the times earlier by ``min_delay``, moves the last one not after NEST's
    next step to that step, rounds them to the grid and keeps the last amplitude of equal
    times (``_check_step_times``); NEST then sets each amplitude one step before its time.
    Volley has no step current generator: the model gives it one ``dc_generator`` per step of
    constant current (model.py), which reaches the cells identically.
    """

    translations = build_translations(
        ('amplitudes',  'amplitude_values', 1000.),
        ('times',       'amplitude_times')
    )

    def __init__(self, **parameters):
        state.require_unstarted("a new StepCurrentSource")
        self.injections = []
        self.parameter_space = ParameterSpace(self.default_parameters, self.get_schema(), shape=(1,))
        if parameters:
            self.parameter_space.update(**parameters)
        self.min_delay = state.min_delay
        self.epochs = Epochs({"amplitude_values": np.zeros(0), "amplitude_steps": np.zeros(0, int)})
        self.set_native_parameters(self.translate(self.parameter_space))
        state.current_sources.append(self)

    inject_into = DCSource.inject_into
    record = DCSource.record

    def set_native_parameters(self, parameters):
        parameters.evaluate(simplify=True)
        native = self.epochs.for_change()
        times = np.asarray(parameters["amplitude_times"].value, dtype=float)
        values = np.asarray(parameters["amplitude_values"].value, dtype=float)
        if times.size and np.min(times) < 0:
            raise ValueError("Step current cannot accept negative timestamps.")
        if times.size > 1 and np.min(np.diff(times)) <= 0:
            raise ValueError("Step current timestamps should be monotonically increasing.")
        times = np.maximum(times - self.min_delay, 0.0)
        kernel = 0.0 if state.t == 0 else float(state.grid.ms(state.change_step()))
        first = np.searchsorted(times, kernel + state.dt, side="right") - 1
        if first >= 0:
            times[first] = kernel + state.dt
            times, values = times[first:], values[first:]
        steps = np.rint(times / state.dt).astype(np.int64)
        kept = np.append(steps[1:] != steps[:-1], True)   # the last of equal times
        native["amplitude_steps"], native["amplitude_values"] = steps[kept], values[kept]

    def get_native_parameters(self):
        native = self.epochs.current
        # as pyNN.nest, which reads NEST's arrays back
        return ParameterSpace({"amplitude_times": state.grid.ms(native["amplitude_steps"]),
                               "amplitude_values": np.array(native["amplitude_values"])})


class NoisyCurrentSource(ModelNotAvailable):
    pass
