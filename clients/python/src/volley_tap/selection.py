# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Tap filters: what a tap asks for, and the same filter compiled to masks over global ids
(Sources/VolleyTap/TapFilter.swift and TapSelection.swift)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Tuple, Union

import numpy as np
from numpy.typing import NDArray

from .welcome import Welcome

KINDS = ("spikes", "activations", "samples", "rhythms", "weights", "energy")

#: A neuron range as the API takes it: ``(first, last)`` inclusive, ``range(a, b)``, ``7`` or ``"0-99"``.
NeuronSpec = Union[Tuple[int, int], range, int, str]


class FilterError(ValueError):
    """A filter that does not fit the run (an unknown population, a range past its end, …)."""


def _range(spec: NeuronSpec) -> Tuple[int, int]:
    if isinstance(spec, bool):
        raise FilterError(f"not a neuron range: {spec!r}")
    if isinstance(spec, int):
        first, last = spec, spec
    elif isinstance(spec, range):
        if spec.step != 1 or len(spec) == 0:
            raise FilterError(f"a neuron range must be contiguous and not empty: {spec!r}")
        first, last = spec.start, spec.stop - 1
    elif isinstance(spec, str):
        parts = spec.split("-")
        try:
            values = [int(p) for p in parts]
        except ValueError:
            raise FilterError(f"'{spec}' is not a range like 0-99") from None
        if len(values) not in (1, 2):
            raise FilterError(f"'{spec}' is not a range like 0-99")
        first, last = values[0], values[-1]
    else:
        try:
            first, last = (int(x) for x in spec)
        except (TypeError, ValueError):
            raise FilterError(f"not a neuron range: {spec!r}") from None
    if first < 0 or last < first:
        raise FilterError(f"neuron range {first}-{last} is empty or negative")
    return first, last


@dataclass(frozen=True)
class Filter:
    """What a tap asks the workers for. Empty ``populations``: all of them; empty ``neurons``:
    every neuron of each selected population. Ranges are inclusive 0-based indices within a
    population and apply to every selected population."""

    kinds: Tuple[str, ...] = ("spikes",)
    populations: Tuple[str, ...] = ()
    neurons: Tuple[Tuple[int, int], ...] = ()

    @staticmethod
    def make(kinds: Iterable[str] = ("spikes",), populations: Iterable[str] = (),
             neurons: Iterable[NeuronSpec] = ()) -> Filter:
        if isinstance(kinds, str):
            kinds = [kinds]
        if isinstance(populations, str):
            populations = [populations]
        if isinstance(neurons, (str, int, range)):
            neurons = [neurons]
        ks = tuple(kinds)
        for k in ks:
            if k not in KINDS:
                raise FilterError(f"unknown kind '{k}'; choose from {', '.join(KINDS)}")
        if not ks:
            raise FilterError("a tap must ask for at least one kind of event")
        return Filter(ks, tuple(str(p) for p in populations), tuple(_range(r) for r in neurons))

    def wants(self, kind: str) -> bool:
        return kind in self.kinds

    def to_json(self) -> bytes:
        """The filter as the workers read it (the encoding of Swift's ``TapFilter``)."""
        return json.dumps({"kinds": list(self.kinds), "populations": list(self.populations),
                           "neurons": [{"first": a, "last": b} for a, b in self.neurons]},
                          separators=(",", ":")).encode("utf-8")


class Selection:
    """A filter checked against a run and compiled to boolean masks over global neuron and
    head indices, so that a lossless tap filters on its own side with one fancy index."""

    def __init__(self, flt: Filter, welcome: Welcome) -> None:
        self.filter = flt
        names = [p.name for p in welcome.populations]
        head_names = [h.name for h in welcome.heads]
        for p in flt.populations:
            if p not in names and p not in head_names:
                raise FilterError(f"unknown population '{p}'; the model has {', '.join(names + head_names)}")
        selected = [not flt.populations or n in flt.populations for n in names]
        head_selected = [not flt.populations or n in flt.populations for n in head_names]
        if not flt.kinds:
            raise FilterError("a tap must ask for at least one kind of event")
        sizes = [p.size for p in welcome.populations] + [h.size for h in welcome.heads]
        chosen = [s for s, on in zip(sizes, selected + head_selected) if on]
        largest = max(chosen, default=0)
        for first, last in flt.neurons:
            if last >= largest:
                raise FilterError(f"neuron range {first}-{last} goes past the selected populations "
                                  f"(largest: {largest} neurons)")
        #: Which populations (indices into ``Welcome.populations``) the filter selects at all.
        self.population_mask: NDArray[np.bool_] = np.array(selected, dtype=bool)
        self.neuron_mask = self._mask([p.size for p in welcome.populations], selected, flt.neurons)
        self.head_mask = self._mask([h.size for h in welcome.heads], head_selected, flt.neurons)
        self.offsets = welcome.offsets

    @staticmethod
    def _mask(sizes: list[int], selected: list[bool], ranges: Tuple[Tuple[int, int], ...]) -> NDArray[np.bool_]:
        mask = np.zeros(sum(sizes), dtype=bool)
        offset = 0
        for size, on in zip(sizes, selected):
            if on:
                for first, last in ranges or ((0, size - 1),):
                    mask[offset + min(first, size):offset + min(last + 1, size)] = True
            offset += size
        return mask

    def neurons(self, global_ids: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which of these global neuron ids the filter selects."""
        inside = global_ids < len(self.neuron_mask)
        out = np.zeros(len(global_ids), dtype=bool)
        out[inside] = self.neuron_mask[global_ids[inside]]
        return out

    def weights(self, records: NDArray[Any]) -> NDArray[np.bool_]:
        """Which of these weight records (dtype ``WEIGHT_DTYPE``) the filter selects: by the
        *target* neuron, as the workers filter them."""
        return self.neurons(records["target"].astype(np.int64))

    def populations(self, populations: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which of these population indices the filter selects (energy records are selected
        by population, as the workers select them; neuron ranges do not apply)."""
        inside = populations < len(self.population_mask)
        out = np.zeros(len(populations), dtype=bool)
        out[inside] = self.population_mask[populations[inside]]
        return out

    def heads(self, heads: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which of these global head indices the filter selects."""
        inside = heads < len(self.head_mask)
        out = np.zeros(len(heads), dtype=bool)
        out[inside] = self.head_mask[heads[inside]]
        return out
