# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""One epoch of a run as a tap hands it over: numpy arrays, in the order of a run's outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Tuple

import numpy as np
from numpy.typing import NDArray

from .assembler import RawEpoch
from .frames import ENERGY_DTYPE, WEIGHT_DTYPE, Activations
from .selection import Selection
from .welcome import Welcome

_LOW32 = np.uint64(0xFFFF_FFFF)
_SHIFT = np.uint64(32)


@dataclass(frozen=True)
class Spikes:
    """Spikes ordered by (step, global id), like a run's ``spikes.csv``."""

    #: Population index (into ``Welcome.populations``).
    population: NDArray[np.int64]
    #: 0-based neuron index within its population.
    neuron: NDArray[np.int64]
    #: Time stamp in ms: ``(step + 1) * resolution`` (NEST's convention, the end of the step).
    t_ms: NDArray[np.float64]
    #: Emission step (exact; ``t_ms`` is derived from it).
    step: NDArray[np.int64]
    #: Global neuron id (populations numbered in file order).
    global_id: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.step)

    @staticmethod
    def from_keys(keys: NDArray[np.uint64], offsets: NDArray[np.int64], resolution_ms: float) -> Spikes:
        """From the engine's spike keys ``step << 32 | global id``, vectorised."""
        gid = (keys & _LOW32).astype(np.int64)
        step = (keys >> _SHIFT).astype(np.int64)
        population = np.searchsorted(offsets, gid, side="right").astype(np.int64) - 1
        np.clip(population, 0, len(offsets) - 1, out=population)
        t_ms = np.asarray((step + 1) * resolution_ms, dtype=np.float64)
        return Spikes(population, gid - offsets[population], t_ms, step, gid)


@dataclass(frozen=True)
class Epoch:
    """Everything a tap received of one epoch (``d_min`` of model time)."""

    epoch: int
    t_start_ms: float
    t_stop_ms: float
    spikes: Spikes
    #: Multimeter samples, dtype ``SAMPLE_DTYPE``, by (stamp, population, neuron, variable);
    #: ``samples["variable"]`` indexes ``variables``.
    samples: NDArray[Any]
    #: Attention-head outputs, by (step, source).
    activations: Activations
    #: The rhythms' phase and frequency at the epoch's first step, dtype ``RHYTHM_DTYPE``.
    rhythms: NDArray[Any]
    #: Frames of this epoch that never arrived (the tap was too slow).
    missing_frames: int
    #: The run's recordables (``Welcome.variables``), so that a sample can be named.
    variables: Tuple[str, ...] = ()
    #: Plastic synapses' weight records, dtype ``WEIGHT_DTYPE``, by (step, source, projection,
    #: target): ``step`` is the presynaptic spike's emission step (t_ms = (step + 1) * resolution).
    weights: NDArray[Any] = field(default_factory=lambda: np.zeros(0, dtype=WEIGHT_DTYPE))
    #: Each population's part of the energy budget over this epoch, dtype ``ENERGY_DTYPE``: one
    #: record per population, by population (``population`` indexes ``Welcome.populations``),
    #: every field summed over the shards whose frames arrived, in shard order. Summed over the
    #: epochs of a run, ``spikes`` and ``synaptic_events`` are summary.json's figures for the
    #: population exactly, the charges and ``atp`` to rounding (``neurons`` is the population's
    #: size in every epoch). Empty unless ``kinds`` has ``"energy"``.
    energy: NDArray[Any] = field(default_factory=lambda: np.zeros(0, dtype=ENERGY_DTYPE))

    def samples_of(self, variable: str) -> NDArray[Any]:
        """The samples of one recordable (``"V_m"``, ``"g_ex"``, …); empty if the run does not
        record it."""
        if variable not in self.variables:
            return self.samples[:0]
        keep: NDArray[np.bool_] = self.samples["variable"] == self.variables.index(variable)
        return self.samples[keep]

    def sample_names(self) -> list[str]:
        """Each sample's recordable by name (``"?"`` for an index the run's catalogue lacks)."""
        names = list(self.variables)
        return [names[v] if v < len(names) else "?" for v in self.samples["variable"].tolist()]

    @staticmethod
    def build(raw: RawEpoch, welcome: Welcome, offsets: NDArray[np.int64],
              selection: Optional[Selection] = None) -> Epoch:
        """Turns a raw epoch into arrays; ``selection`` filters on this side (lossless taps read
        the data sockets, which carry everything)."""
        keys, samples, activations, rhythms = raw.keys, raw.samples, raw.activations, raw.rhythms
        weights, energy = raw.weights, raw.energy
        if selection is not None:
            flt = selection.filter
            if not flt.wants("spikes"):
                keys = keys[:0]
            elif len(keys):
                keys = keys[selection.neurons((keys & _LOW32).astype(np.int64))]
            if not flt.wants("samples"):
                samples = samples[:0]
            elif len(samples):
                pop = samples["population"].astype(np.int64)
                known = pop < len(welcome.populations)
                gid = np.where(known, offsets[np.minimum(pop, len(offsets) - 1)] + samples["neuron"], 0)
                samples = samples[known & selection.neurons(gid.astype(np.int64))]
            if not flt.wants("activations"):
                activations = Activations.empty()
            elif len(activations):
                keep = np.flatnonzero(selection.heads(activations.source))
                activations = Activations(activations.source[keep], activations.step[keep],
                                          [activations.vectors[i] for i in keep])
            if not flt.wants("rhythms"):
                rhythms = rhythms[:0]
            if not flt.wants("weights"):
                weights = weights[:0]
            elif len(weights):
                weights = weights[selection.weights(weights)]
            if not flt.wants("energy"):
                energy = energy[:0]
            elif len(energy):
                energy = energy[selection.populations(energy["population"].astype(np.int64))]
        # The wire counts a resumed run's epochs from its cut.
        start = (welcome.first_epoch + raw.epoch) * welcome.epoch_steps
        return Epoch(
            epoch=raw.epoch,
            t_start_ms=start * welcome.resolution_ms,
            t_stop_ms=min((start + welcome.epoch_steps) * welcome.resolution_ms, welcome.t_sim_ms),
            spikes=Spikes.from_keys(keys, offsets, welcome.resolution_ms),
            samples=samples,
            activations=activations,
            rhythms=rhythms,
            missing_frames=raw.missing_frames,
            variables=welcome.variables,
            weights=weights,
            energy=energy,
        )
