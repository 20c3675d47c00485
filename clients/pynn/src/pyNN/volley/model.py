# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""The Volley model file of a PyNN network (docs/configuration.md is its format).

- A PyNN Population becomes one Volley population per run of consecutive cells that share
  every parameter, initial value and injected current source ("segments": Volley's parameters
  are per population, and a ``dc_generator`` drives whole populations). A homogeneous
  population is one segment, named ``p<k>``; segments are ``p<k>_<j>``.
- ``SpikeSourceArray`` is a ``volley_spike_source`` population; ``SpikeSourcePoisson`` a
  ``parrot_neuron`` population fed by ``poisson_generator`` devices (pyNN.nest's parrots).
- ``DCSource`` is a ``dc_generator`` device per epoch, ``StepCurrentSource`` one per step of
  constant current; projections are explicit connection lists or Volley rules
  (projections.py); STDP projections get a ``synapse_models`` entry each.
- Recording: spikes of the recorded populations, one multimeter per recorded segment.
"""

import os

import numpy as np

from .populations import root_cells
from .synapses import STDPMechanism

INLINE_ROWS = 64   # longer connection lists go to .npy files beside the model
POISSON_ORIGIN = 1.0   # ms: pyNN.nest's poisson_generator 'origin' (its extra_parameters)
# Measured against NEST 3.10: an amplitude a current generator takes at step i (a step
# current's next value, or a DCSource changed at that kernel step) is a window boundary at step
# i + 1 of Volley's dc_generator.
CURRENT_CHANGE_OFFSET = 1


class Layout:
    """Which Volley population holds which cells of which PyNN population, and which
    connection entries make each plastic projection."""

    def __init__(self):
        self.segments = {}   # PyNN population -> [(name, first, stop)]
        self.plastic = {}    # PyNN projection -> indices of its entries in `connections`
        self._owner = {}     # Volley name -> (PyNN population, first)
        self._starts = []    # first global id of each Volley population, in file order
        self._names = []
        self._next = 0

    def add(self, population, name, first, stop):
        self.segments.setdefault(population, []).append((name, first, stop))
        self._owner[name] = (population, first)
        self._starts.append(self._next)
        self._names.append(name)
        self._next += stop - first

    def owner(self, name):
        return self._owner[name]

    def cells(self, gids):
        """(PyNN population, index) of each of Volley's global neuron ids (populations in file
        order, each from its first neuron), as two lists."""
        k = np.searchsorted(self._starts, gids, side="right") - 1
        owners = [self._owner[self._names[j]] for j in k]
        return ([population for population, _ in owners],
                [first + int(g - self._starts[j]) for (_, first), g, j in zip(owners, gids, k)])

    def legend(self):
        return "Volley populations: " + ", ".join(
            f"{name} = {population.label}[{a}:{b}]"
            for population, segments in self.segments.items() for name, a, b in segments)


def build(state, t_sim, directory):
    """The model (a dict) for `state`'s network run to `t_sim`, and its :class:`Layout`.

    Connection lists too long to write inline are saved in `directory`.
    """
    os.makedirs(directory, exist_ok=True)
    builder = _Builder(state, t_sim, directory)
    return builder.spec, builder.layout


class _Builder:

    def __init__(self, state, t_sim, directory):
        self.state = state
        self.t_sim = t_sim
        self.directory = directory
        self.layout = Layout()
        self.populations, self.devices, self.synapse_models = {}, {}, {}
        # Projections first, so that an entry's index among them is its index in the file
        # (weights.h5 names plastic projections by it); devices' connections after them.
        self.connections, self.device_connections = [], []
        for k, population in enumerate(state.populations):
            self._population(k, population)
        for k, source in enumerate(state.current_sources):
            self._current_source(k, source)
        for k, projection in enumerate(state.projections):
            first = len(self.connections)
            self._projection(k, projection)
            if isinstance(projection.synapse_type, STDPMechanism):
                self.layout.plastic[projection] = list(range(first, len(self.connections)))
        self.spec = {
            "name": "pynn",
            "simulation": {"resolution": state.dt, "t_sim": t_sim, "seed": state.rng_seed},
            "populations": self.populations,
            "devices": self.devices,
            "synapse_models": self.synapse_models,
            "connections": self.connections + self.device_connections,
            "recording": self._recording(),
        }

    # --- populations -----------------------------------------------------------------------

    def _population(self, k, population):
        celltype = population.celltype
        if celltype.nest_model in ("volley_spike_source", "parrot_neuron"):
            if population._parrot_delay is None:   # pyNN.nest connects its parrots at the first run
                population._parrot_delay = self.state.min_delay
            self.layout.add(population, f"p{k}", 0, population.size)
            if celltype.nest_model == "volley_spike_source":
                self.populations[f"p{k}"] = {"model": "volley_spike_source", "n": population.size,
                                             "spike_times": self._spike_times(population)}
            else:
                self.populations[f"p{k}"] = {"model": "parrot_neuron", "n": population.size}
                self._poisson_generators(f"p{k}", population)
            return
        bounds = _segment_bounds(population, self.state.current_sources)
        for j, (first, stop) in enumerate(bounds):
            name = f"p{k}" if len(bounds) == 1 else f"p{k}_{j}"
            self.layout.add(population, name, first, stop)
            params = {n: float(v[first]) for n, v in population._native.items()}
            params.update({n: float(v[first]) for n, v in population._initial_native.items()
                           if n in celltype.volley_state})
            entry = {"model": celltype.nest_model, "n": int(stop - first), "params": params}
            v_m = population._initial_native.get("V_m")
            if v_m is not None and np.any(v_m[first:stop] != v_m[first]):
                # Initial potentials drawn by the script, one per cell (Volley's V_m list).
                entry["V_m"] = [float(x) for x in v_m[first:stop]]
            self.populations[name] = entry

    def _spike_times(self, population):
        """The times NEST's spike generator and parrot (pyNN.nest) would emit, each written
        half a step before its grid time so that Volley stamps it in exactly that step.

        A generator emits the spikes of each epoch whose stamps lie after the epoch's first
        step (and at or before the next epoch's), and none at or before t = 0.
        """
        grid = self.state.grid
        parrot = int(grid.delay_steps(population._parrot_delay))
        trains = [[] for _ in range(population.size)]
        for first, end, values in population.epochs.windows():
            for train, times in zip(trains, values["spike_times"]):
                steps = grid.stamp_steps(np.asarray(times.value, dtype=float))
                steps = steps[(steps > first) & ((steps <= end) if end is not None else True)]
                train += [(s + parrot - 0.5) * grid.ms_per_step for s in steps.tolist()]
        return trains

    def _poisson_generators(self, name, population):
        """Generators for each block of cells alike and each epoch, NEST's windows intersected:
        a spike generator is active at the steps (origin + start, origin + stop], and an epoch
        from its first step on, so an epoch starting at step K covers (K - 1, …]."""
        grid = self.state.grid
        for first_step, end_step, values in population.epochs.windows():
            table = np.column_stack([values[n] for n in ("rate", "start", "stop")])
            starts = [0] + list(np.flatnonzero(np.any(table[1:] != table[:-1], axis=1)) + 1)
            for first, stop in zip(starts, starts[1:] + [population.size]):
                rate, start, end = table[first] + [0.0, POISSON_ORIGIN, POISSON_ORIGIN]
                start = max(start, float(grid.ms(first_step - 1))) if first_step else start
                if end_step is not None:
                    end = min(end, float(grid.ms(end_step - 1)))
                if end <= start or start >= self.t_sim:
                    continue
                device = f"{name}_poisson{len(self.devices)}"
                self.devices[device] = {"model": "poisson_generator", "params": {
                    "rate": float(rate),
                    "start": self._device_time(start, "SpikeSourcePoisson start"),
                    "stop": self._device_time(end, "SpikeSourcePoisson start + duration")}}
                connection = {"source": device, "target": name, "syn_spec": {
                    "weight": 1.0, "delay": self._delay(population._parrot_delay)}}
                if stop - first < population.size:
                    connection["neurons"] = {"first": int(first), "count": int(stop - first)}
                self.device_connections.append(connection)

    def _device_time(self, t, what):
        """A device's start or stop: on the grid as NEST requires, `inf` past the run's end
        (a device starting there is left out)."""
        if t >= self.t_sim:
            return float("inf")
        if not self.state.grid.on_grid(t):
            raise ValueError(f"{what} ({t} ms) must be a multiple of the time step "
                             f"{self.state.dt} ms")
        return float(self.state.grid.ms(self.state.grid.grid_steps(t)))

    def _delay(self, delay_ms):
        """A delay rounded to the grid as NEST rounds it, written as an exact grid time."""
        return self.state.grid.round_delay(delay_ms)

    # --- current sources ---------------------------------------------------------------

    def _current_source(self, k, source):
        if "amplitude_steps" in source.epochs.current:
            self._step_current(k, source)
        else:
            self._dc_current(k, source)

    def _step_current(self, k, source):
        """A dc_generator per step of a StepCurrentSource. NEST sets each amplitude in the
        step before its time, skipping times at or before its clock when they were set (each
        epoch's first step); an amplitude holds until the next one."""
        grid = self.state.grid
        changes = []
        for first, end, values in source.epochs.windows():
            for stamp, amplitude in zip(values["amplitude_steps"].tolist(), values["amplitude_values"]):
                if stamp > first and (end is None or stamp - 1 < end):
                    changes.append((stamp - 1, float(amplitude)))
        ends = [step for step, _ in changes[1:]] + [None]
        for (step, amplitude), end in zip(changes, ends):
            self._dc_device(f"step{k}_{step}", source, amplitude, float(grid.ms(step + CURRENT_CHANGE_OFFSET)),
                            float("inf") if end is None else float(grid.ms(end + CURRENT_CHANGE_OFFSET)))

    def _dc_current(self, k, source):
        """A dc_generator per epoch, NEST's window [start, stop) intersected with the epoch's
        steps."""
        grid = self.state.grid
        for first, end, values in source.epochs.windows():
            start = max(values["start"], float(grid.ms(first + CURRENT_CHANGE_OFFSET)))
            stop = values["stop"] if end is None else \
                min(values["stop"], float(grid.ms(end + CURRENT_CHANGE_OFFSET)))
            self._dc_device(f"dc{k}_{first}" if first else f"dc{k}", source, values["amplitude"],
                            start, stop)

    def _dc_device(self, device, source, amplitude, start, stop):
        """A dc_generator of `amplitude` (pA) over [start, stop) ms, connected as `source` is.
        NEST 3.10 drives the cells the same with start 0 as with start one step later, where
        Volley would start one step earlier: 0 is written as one step."""
        start = max(start, self.state.dt)
        if amplitude == 0.0 or stop <= start or start >= self.t_sim:
            return
        self.devices[device] = {"model": "dc_generator", "params": {
            "amplitude": amplitude, "start": self._device_time(start, "current start"),
            "stop": self._device_time(stop, "current stop")}}
        for targets, delay in source.injections:
            names = []
            for population, indices in targets:
                names += [n for n, a, b in self.layout.segments[population]
                          if np.any((indices >= a) & (indices < b))]
            self.device_connections.append({
                "source": device, "target": _one_or_list(names),
                "syn_spec": {"weight": 1.0, "delay": self._delay(delay)}})

    # --- projections -------------------------------------------------------------------

    def _projection(self, k, projection):
        syn_spec = {}
        if isinstance(projection.synapse_type, STDPMechanism):
            model = f"stdp{k}"
            params = _stdp_parameters(projection)
            self.synapse_models[model] = {"model": "stdp_synapse", "params": params}
            syn_spec["synapse_model"] = model
            rows = projection._rows.parameters if projection._rule is None else {}
            for name, value in params.items():
                if name in rows and np.any(rows[name] != value):
                    raise NotImplementedError(
                        f"pyNN.volley takes one value of the STDP parameter '{name}' per "
                        "projection (a Volley synapse type); these connections differ")
        rule = projection._rule
        if rule is not None:
            self.connections.append({
                "source": _one_or_list(self._names(projection.pre)),
                "target": _one_or_list(self._names(projection.post)),
                "conn_spec": rule.conn_spec,
                "syn_spec": {**syn_spec, "weight": _value(rule.weight),
                             "delay": _value(rule.delay, self._delay)}})
            return
        self._explicit(k, projection, syn_spec)

    def _names(self, cells):
        roots, _, _ = root_cells(cells)
        return [name for root in roots for name, _, _ in self.layout.segments[root]]

    def _explicit(self, k, projection, syn_spec):
        rows = projection._rows
        if len(rows) == 0:
            return
        pre_roots, pre_which, pre_index = root_cells(projection.pre)
        offsets = np.cumsum([0] + [r.size for r in pre_roots])
        source = offsets[pre_which[rows.pre]] + pre_index[rows.pre]
        sources = _one_or_list([n for r in pre_roots for n, _, _ in self.layout.segments[r]])
        post_roots, post_which, post_index = root_cells(projection.post)
        target_root, target_index = post_which[rows.post], post_index[rows.post]
        weight = rows.parameters["weight"]
        delay = self._delay(rows.parameters["delay"])
        for r, root in enumerate(post_roots):
            for name, first, stop in self.layout.segments[root]:
                mine = (target_root == r) & (target_index >= first) & (target_index < stop)
                if not np.any(mine):
                    continue
                table = np.column_stack([source[mine], target_index[mine] - first,
                                         weight[mine], delay[mine]]).astype("<f8")
                self.connections.append({
                    "source": sources, "target": name,
                    "conn_spec": {"rule": "explicit", "columns": ["source", "target", "weight", "delay"],
                                  "rows": self._rows(table, f"projection{k}_{name}.npy")},
                    "syn_spec": dict(syn_spec)})

    def _rows(self, table, filename):
        if len(table) <= INLINE_ROWS:
            return [[int(s), int(t), float(w), float(d)] for s, t, w, d in table]
        np.save(os.path.join(self.directory, filename), np.ascontiguousarray(table))
        return {"file": filename}

    # --- recording ---------------------------------------------------------------------

    def _recording(self):
        spikes, multimeters = [], []
        for population in self.state.populations:
            recorded = {}
            for variable, ids in population.recorder.recorded.items():
                if ids:
                    recorded[variable.name] = population.id_to_index(np.array(sorted(ids), dtype=int))
            if "spikes" in recorded:
                spikes += [name for name, _, _ in self.layout.segments[population]]
            analog = [v for v in recorded if v != "spikes"]
            if not analog:
                continue
            variables = sorted({population.celltype.variable_map[v] for v in analog})
            indices = np.unique(np.concatenate([recorded[v] for v in analog]))
            for name, first, stop in self.layout.segments[population]:
                mine = indices[(indices >= first) & (indices < stop)] - first
                if mine.size:
                    multimeters.append({"population": name, "neurons": mine.tolist(),
                                        "record_from": variables,
                                        "interval": population.recorder.sampling_interval})
        return {"spikes": spikes, "multimeters": multimeters}


def _segment_bounds(population, current_sources):
    """(first, stop) of each run of cells alike in parameters, initial state and currents."""
    n = population.size
    change = np.zeros(n, dtype=bool)
    change[:1] = True
    # Initial V_m may differ from cell to cell within one Volley population (a V_m list).
    arrays = list(population._native.values()) + [
        v for name, v in population._initial_native.items() if name != "V_m"]
    for source in current_sources:
        for targets, _ in source.injections:
            for target, indices in targets:
                if target is population:
                    member = np.zeros(n)
                    np.add.at(member, indices, 1)
                    arrays.append(member)
    for array in arrays:
        change[1:] |= array[1:] != array[:-1]
    starts = np.flatnonzero(change)
    return list(zip(starts.tolist(), np.append(starts[1:], n).tolist()))


def _stdp_parameters(projection):
    native = projection.synapse_type.native_parameters
    params = {}
    for name in STDPMechanism.volley_parameters:
        value = native[name]
        if not value.is_homogeneous:
            raise NotImplementedError(
                f"pyNN.volley takes one value of the STDP parameter '{name}' per projection")
        value.shape = (1,)
        params[name] = float(value.evaluate(simplify=True))
    if projection._inhibitory_conductance:
        params["Wmax"] = -params["Wmax"]   # NEST: Wmax has the weight's sign
    return params


def _value(value, convert=float):
    return value.spec() if hasattr(value, "spec") else float(convert(value))


def _one_or_list(names):
    return names[0] if len(names) == 1 else names
