# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Projections: connections listed one by one, or one of Volley's connection rules.

PyNN's connectors (the same Python code pyNN.nest runs, drawing from the same PyNN RNGs)
produce the connections one post-synaptic cell at a time through ``_convergent_connect``; the
projection keeps them as rows and the model lists them explicitly, so Volley gets exactly
pyNN.nest's connections. Where a Volley rule produces the same set — all-to-all and one-to-one
between whole populations with one weight and delay — or where the script asks Volley to draw
(a ``NativeRNG``), the projection keeps the rule instead (:class:`Rule`).

Weights get pyNN.nest's treatment: translated to pA or nS, negated for inhibitory synapses
onto conductance-based cells (NEST's convention), scaled back to mV for the cells whose
synaptic input is a voltage jump (``receptor_scale``).
"""

from collections import defaultdict, deque

import numpy as np

from pyNN import common
from pyNN.space import Space

from . import simulator
from .populations import root_cells
from .simulator import Connection
from .synapses import STDPMechanism, StaticSynapse

NOT_CONNECTION_PARAMETERS = ("tau_minus", "dendritic_delay_fraction", "w_min_always_zero_in_NEST")


class Rows:
    """Connections one by one: pre and post indices (in the projection's pre and post) and the
    native value of each synaptic parameter, in NEST's order (by source, then as they were
    made: pyNN.nest's ``connections`` and ``get(format='list')`` order)."""

    def __init__(self):
        self._chunks = []
        self._joined = None

    def add(self, pre, post, parameters):
        self._chunks.append((pre, post, parameters))
        self._joined = None

    def _join(self):
        if self._joined is None:
            if self._chunks:
                pre = np.concatenate([c[0] for c in self._chunks])
                order = np.argsort(pre, kind="stable")
                self._joined = (pre[order], np.concatenate([c[1] for c in self._chunks])[order],
                                {name: np.concatenate([c[2][name] for c in self._chunks])[order]
                                 for name in self._chunks[0][2]})
            else:
                self._joined = (np.zeros(0, int), np.zeros(0, int),
                                {"weight": np.zeros(0), "delay": np.zeros(0)})
            self._chunks = [self._joined]
        return self._joined

    pre = property(lambda self: self._join()[0])
    post = property(lambda self: self._join()[1])
    parameters = property(lambda self: self._join()[2])

    def __len__(self):
        return sum(len(c[0]) for c in self._chunks)


class Rule:
    """A Volley connection rule: ``conn_spec`` and the synaptic ``weight`` and ``delay``
    (numbers or Volley distributions), plus the size when it is known without drawing."""

    def __init__(self, conn_spec, weight, delay, size, rebuild=None):
        self.conn_spec = conn_spec
        self.weight = weight
        self.delay = delay
        self.size = size
        self.rebuild = rebuild   # for a deterministic rule: the PyNN connector that lists it
        self.listed = False


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population,
                 connector, synapse_type=None, source=None, receptor_type=None,
                 space=Space(), label=None):
        simulator.state.require_unstarted("a new Projection")
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population,
                                   connector, synapse_type, source, receptor_type, space, label)
        if source is not None:
            raise NotImplementedError("pyNN.volley has point neurons only: no spike source "
                                      f"'{source}' within the cell")
        if not isinstance(self.synapse_type, (StaticSynapse, STDPMechanism)):
            raise NotImplementedError(
                f"pyNN.volley has no synapse type {type(self.synapse_type).__name__}")
        self._rows = Rows()
        self._rule = None
        self.synapse_type._set_tau_minus(_roots_of(self.post))
        connector.connect(self)
        simulator.state.note_delays(self._delay_bounds())
        simulator.state.projections.append(self)

    # --- making connections -------------------------------------------------------------

    @property
    def _inhibitory_conductance(self):
        return self.receptor_type == 'inhibitory' and self.post.conductance_based

    @property
    def _receptor_scale(self):
        return getattr(getattr(self.post, "celltype", None), "receptor_scale", 1.0)

    def _convergent_connect(self, presynaptic_indices, postsynaptic_index,
                            location_selector=None, **connection_parameters):
        """Connect one post-synaptic cell (what every PyNN connector calls), as pyNN.nest."""
        if location_selector is not None:
            raise NotImplementedError("pyNN.volley has point neurons only: no location_selector")
        for name in NOT_CONNECTION_PARAMETERS:
            connection_parameters.pop(name, None)
        weight = connection_parameters["weight"]
        if self._inhibitory_conductance:
            # NEST wants negative values for inhibitory weights, even if these are conductances
            weight = weight * -1
            if "Wmax" in connection_parameters:
                connection_parameters["Wmax"] = connection_parameters["Wmax"] * -1
        connection_parameters["weight"] = weight * self._receptor_scale
        pre = np.asarray(presynaptic_indices, dtype=np.int64)
        parameters = {name: np.broadcast_to(np.asarray(value, dtype=float), pre.shape).copy()
                      for name, value in connection_parameters.items()}
        self._rows.add(pre, np.full(pre.shape, postsynaptic_index, dtype=np.int64), parameters)

    def _connect_rule(self, rule):
        self._rule = rule

    def _delay_bounds(self):
        if self._rule is None:
            return self._rows.parameters["delay"]
        delay = self._rule.delay
        if self._rule.size == 0:
            return []
        return [delay.lower_bound() if hasattr(delay, "lower_bound") else delay]

    def _listed(self):
        """The connections as rows; a deterministic rule is listed once by PyNN's own
        connector (the model keeps using the rule unless the rows are then changed)."""
        if self._rule is not None and not self._rule.listed:
            if self._rule.rebuild is None:
                raise NotImplementedError(
                    "Volley draws this projection's connections at run time "
                    f"({self._rule.conn_spec['rule']}, NativeRNG); pyNN.volley cannot list them")
            self._rule.rebuild(self)
            self._rule.listed = True
        return self._rows

    def _edited(self):
        """The rows, to be changed: from now on the model lists them instead of the rule."""
        rows = self._listed()
        self._rule = None
        return rows

    # --- reading and changing connections ---------------------------------------------

    def __len__(self):
        if self._rule is not None and self._rule.size is not None:
            return self._rule.size
        return len(self._listed())

    def __getitem__(self, i):
        if isinstance(i, (int, np.integer)):
            if not 0 <= i < len(self):
                raise IndexError(f"{i} > {len(self) - 1}")
            return Connection(self, int(i))
        return [Connection(self, j) for j in range(*i.indices(len(self)))]

    @property
    def connections(self):
        return (Connection(self, i) for i in range(len(self)))

    def _attribute_values(self, name):
        """One value per connection, in PyNN's units as pyNN.nest reads them from NEST."""
        rows = self._listed()
        if name == "presynaptic_index":
            return rows.pre
        if name == "postsynaptic_index":
            return rows.post
        if name == "weight" and isinstance(self.synapse_type, STDPMechanism) and \
                simulator.state.t > 0:
            values = self._plastic_weights(rows)
        else:
            values = rows.parameters[name]
        if name == "weight":
            return values * (-0.001 if self._inhibitory_conductance else 0.001)
        if name == "delay":
            return simulator.state.grid.round_delay(values)
        return values

    def _plastic_weights(self, rows):
        """The weights at the end of the last run (weights.h5), in the rows' order: Volley and
        the rows agree on the order of the synapses between one pair of cells with one delay."""
        pre_pop, pre_index, post_pop, post_index, delay, weight = \
            simulator.state.results.plastic_weights(self)
        pre_of, post_of = _positions(self.pre), _positions(self.post)
        steps = simulator.state.grid.delay_steps(delay)
        found = defaultdict(deque)
        for key in zip(pre_pop, pre_index, post_pop, post_index, steps, weight):
            found[(pre_of[(id(key[0]), key[1])], post_of[(id(key[2]), key[3])], key[4])].append(key[5])
        row_steps = simulator.state.grid.delay_steps(rows.parameters["delay"])
        return np.array([found[(i, j, d)].popleft()
                         for i, j, d in zip(rows.pre.tolist(), rows.post.tolist(), row_steps.tolist())])

    def _get_attributes_as_list(self, names):
        """As pyNN.nest lists them: in the rows' (NEST's) order, as floats."""
        columns = np.column_stack([np.asarray(self._attribute_values(name), dtype=float)
                                   for name in names])
        return [tuple(row) for row in columns.tolist()]

    def _get_attributes_as_arrays(self, names, multiple_synapses='sum'):
        operation = common.Projection.MULTI_SYNAPSE_OPERATIONS[multiple_synapses]
        rows = self._listed()
        arrays = []
        for name in names:
            if name.endswith("s"):   # weights --> weight, delays --> delay
                name = name[:-1]
            array = np.full((self.pre.size, self.post.size), np.nan)
            for i, j, value in zip(rows.pre, rows.post, self._attribute_values(name)):
                array[i, j] = value if np.isnan(array[i, j]) else operation(array[i, j], value)
            arrays.append(array)
        return arrays

    def _set_attributes(self, parameter_space):
        """Projection.set(), as pyNN.nest: weights negated for inhibitory conductances (but,
        as there, not rescaled by ``receptor_scale``)."""
        simulator.state.require_unstarted("Projection.set()")
        rows = self._edited()
        parameter_space.evaluate(mask=(slice(None), self.post._mask_local))
        for name, value in parameter_space.items():
            if name == "tau_minus":
                self.synapse_type._set_tau_minus(_roots_of(self.post))
                continue
            value = np.asarray(value, dtype=float)
            values = value[rows.pre, rows.post] if value.ndim == 2 else np.full(len(rows.pre), value)
            if name == "weight" and self._inhibitory_conductance:
                values = values * -1
            rows.parameters[name] = values
        simulator.state.note_delays(rows.parameters["delay"])

    def _set_one(self, index, name, value):
        """``connection.weight = w``: pyNN.nest sets NEST's weight to ``w · 1000`` as is."""
        simulator.state.require_unstarted("a connection's weight or delay")
        rows = self._edited()
        rows.parameters[name][index] = value * 1000.0 if name == "weight" else value
        if name == "delay":
            simulator.state.note_delays(value)

    def _set_initial_value_array(self, variable, value):
        raise NotImplementedError("pyNN.volley cannot set initial values of synapses")


def _positions(cells):
    """{(id of root population, index in it): position in `cells`}."""
    roots, which, index = root_cells(cells)
    return {(id(roots[w]), int(i)): k for k, (w, i) in enumerate(zip(which, index))}


def _roots_of(cells):
    roots, which, index = root_cells(cells)
    return [(root, index[which == k]) for k, root in enumerate(roots)]


def listed_by_pynn(connector_class):
    """Re-list a deterministic rule's connections with PyNN's own connector code."""
    def rebuild(projection):
        connector_class.connect(projection._connector, projection)
    return rebuild
