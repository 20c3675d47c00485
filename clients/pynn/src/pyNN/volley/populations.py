# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Population, PopulationView and Assembly for Volley.

A Population keeps its cells' native (NEST) parameters and initial state as one array per name,
evaluated exactly where and as pyNN.nest evaluates them (so random values drawn by PyNN's RNGs
are the same numbers); the model builder turns them into Volley populations when the network
runs.
"""

import logging

import numpy as np

from pyNN import common, errors
from pyNN.parameters import ParameterSpace, Sequence, simplify
from pyNN.random import RandomDistribution
from pyNN.standardmodels import StandardCellType

from . import simulator
from .recording import Recorder

logger = logging.getLogger("PyNN")


def _as_arrays(parameter_space, size):
    """Evaluate native parameters as pyNN.nest's ``_build_params`` does: one array per name."""
    parameter_space.shape = (size,)
    if parameter_space.is_homogeneous:
        parameter_space.evaluate(simplify=True)
    else:
        parameter_space.evaluate(mask=None)
    arrays = {}
    for name, value in parameter_space.items():
        if isinstance(value, Sequence) or (isinstance(value, np.ndarray) and value.dtype == object):
            array = np.empty(size, dtype=object)
            array[:] = [value] * size if isinstance(value, Sequence) else list(value)
        else:
            array = np.broadcast_to(np.asarray(value, dtype=float), (size,)).copy()
        arrays[name] = array
    return arrays


class PopulationMixin:
    """Parameter access shared by Population and PopulationView, on the root population."""

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def _root(self):
        """The Population at the root of the views, and this object's indices in it."""
        if isinstance(self, Population):
            return self, np.arange(self.size)
        return self.grandparent, self.index_in_grandparent(np.arange(self.size))

    def _get_parameters(self, *names):
        if self.celltype.computed_parameters_include(names):
            native_names = self.celltype.get_native_names()
        else:
            native_names = self.celltype.get_native_names(*names)
        return self.celltype.reverse_translate(self._get_native_parameters(*native_names))

    def _get_native_parameters(self, *names):
        root, indices = self._root()
        values = {}
        for name in names:
            array = root._native[name][indices]
            values[name] = list(array) if array.dtype == object else simplify(array)
        return ParameterSpace(values, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        """parameter_space holds native parameters"""
        root, indices = self._root()
        if hasattr(root, "epochs"):   # a spike source: may change between runs, as in NEST
            root._native = root.epochs.for_change()
        else:
            simulator.state.require_unstarted("a parameter change (set())")
        for name, array in _as_arrays(parameter_space, self.size).items():
            root._native[name][indices] = array
        if self.celltype.nest_model == "volley_spike_source":
            root._check_spike_times()


class Assembly(common.Assembly):
    __doc__ = common.Assembly.__doc__
    _simulator = simulator


class PopulationView(PopulationMixin, common.PopulationView):
    __doc__ = common.PopulationView.__doc__
    _simulator = simulator
    _assembly_class = Assembly


class Population(PopulationMixin, common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def __init__(self, size, cellclass, cellparams=None, structure=None,
                 initial_values={}, label=None):
        simulator.state.require_unstarted("a new Population")
        super().__init__(size, cellclass, cellparams, structure, initial_values, label)
        simulator.state.populations.append(self)

    def _create_cells(self):
        if not (isinstance(self.celltype, StandardCellType) and hasattr(self.celltype, "nest_model")):
            raise NotImplementedError(
                f"pyNN.volley has no model for the cell type {type(self.celltype).__name__}")
        first = simulator.state.id_counter
        self.all_cells = np.array([simulator.ID(i) for i in range(first, first + self.size)],
                                  dtype=simulator.ID)
        self._mask_local = np.ones(self.size, dtype=bool)
        for id in self.all_cells:
            id.parent = self
        simulator.state.id_counter += self.size
        self.celltype.parameter_space.shape = (self.size,)   # as pyNN.nest, before translating
        self._native = _as_arrays(self.celltype.native_parameters, self.size)
        self._initial_native = {}
        if getattr(self.celltype, "uses_parrot", False):   # spike sources
            self.epochs = simulator.Epochs(self._native)
            self._parrot_delay = None   # fixed at the first run, as pyNN.nest connects parrots
        if self.celltype.nest_model == "volley_spike_source":
            self._check_spike_times()

    def _check_spike_times(self):
        """NEST's spike generator refuses unsorted times and a time of exactly 0."""
        for times in self._native["spike_times"]:
            t = np.asarray(times.value, dtype=float)
            if np.any(np.diff(t) < 0):
                raise errors.InvalidParameterValueError(
                    "Spike times given to SpikeSourceArray must be in increasing order")
            if np.any(t == 0.0):
                raise errors.InvalidParameterValueError(
                    "a SpikeSourceArray spike time equals min_delay (pyNN.nest shifts it to 0, "
                    "which NEST's spike_generator refuses)")

    def _set_initial_value_array(self, variable, value):
        simulator.state.require_unstarted(f"initialize({variable}=...)")
        if variable in getattr(self.celltype, "initial_values_ignored", {}):
            logger.warning("NEST does not allow setting an initial value for %s" % variable)
            return
        native = self.celltype.variable_map[variable]
        if isinstance(value.base_value, RandomDistribution) and value.base_value.rng.parallel_safe:
            local_values = value.evaluate()[self._mask_local]
        else:
            local_values = value._partially_evaluate(self._mask_local, simplify=True)
        values = np.broadcast_to(np.asarray(local_values, dtype=float), (self.size,)).copy()
        if native not in self.celltype.volley_state and np.any(values != 0.0):
            raise NotImplementedError(
                f"Volley's {self.celltype.nest_model} starts {native} at 0; pyNN.volley cannot "
                f"initialize {variable} of {type(self.celltype).__name__} to another value")
        self._initial_native[native] = values


def root_cells(cells):
    """Where the cells of a Population, PopulationView or Assembly live.

    Returns ``(roots, which, index)``: the root Populations in order of first appearance, and
    for each cell (in the order of `cells`) the position of its root in ``roots`` and its index
    in that root.
    """
    parts = cells.populations if isinstance(cells, common.Assembly) else [cells]
    roots, which, index = [], [], []
    for part in parts:
        root, indices = part._root()
        position = next((k for k, r in enumerate(roots) if r is root), None)
        if position is None:
            position = len(roots)
            roots.append(root)
        which.append(np.full(len(indices), position, dtype=np.int64))
        index.append(np.asarray(indices, dtype=np.int64))
    return roots, np.concatenate(which), np.concatenate(index)
