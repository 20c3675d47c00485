# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Puts a tap's frames back together into whole epochs, in order, and counts what is missing
(a port of Sources/VolleyTap/TapEpochAssembler.swift).

Every shard sends every tap one frame per kind and epoch, empty or not, and the frames of one
worker arrive in order: once a stream has delivered epoch e, whatever of it before e is not in
hand is lost. A tap that joins mid-run starts at the first epoch every stream has delivered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
from numpy.typing import NDArray

from .frames import (ENERGY_DTYPE, KIND_ACTIVATIONS, KIND_ENERGY, KIND_NAMES, KIND_RHYTHMS, KIND_SAMPLES,
                     KIND_SPIKES, KIND_WEIGHTS, RHYTHM_DTYPE, SAMPLE_DTYPE, SPIKE_DTYPE, WEIGHT_DTYPE, Activations,
                     Header)
from .selection import Filter
from .welcome import Welcome

#: One stream of frames: (kind, source shard).
Stream = Tuple[int, int]


class StreamError(RuntimeError):
    """A lossless tap's stream broke: a frame is missing or repeated."""


def streams(welcome: Welcome, flt: Filter, lossless: bool) -> List[Stream]:
    """The streams a tap can expect. Rhythms come from shard 0 only, and only over tap sockets;
    so does energy (from every shard)."""
    out: List[Stream] = []
    for s in range(welcome.shards):
        if flt.wants("spikes"):
            out.append((KIND_SPIKES, s))
        if flt.wants("activations") and welcome.heads:
            out.append((KIND_ACTIVATIONS, s))
        if flt.wants("samples") and welcome.samples:
            out.append((KIND_SAMPLES, s))
        if flt.wants("weights") and welcome.weights:
            out.append((KIND_WEIGHTS, s))
    if flt.wants("energy") and not lossless:
        for s in range(welcome.shards):
            out.append((KIND_ENERGY, s))
    if flt.wants("rhythms") and welcome.rhythms and not lossless:
        out.append((KIND_RHYTHMS, 0))
    return out


@dataclass
class RawEpoch:
    """One epoch as the frames carried it, merged across shards and sorted as a run's outputs
    are: spike keys ``step << 32 | global id`` ascending, activations by (step, source),
    samples by (stamp, population, neuron, variable), weight records by (step, source, projection,
    target), stable; energy records merged over shards, one per population, by population."""

    epoch: int
    keys: NDArray[np.uint64]
    samples: NDArray[Any]
    activations: Activations
    rhythms: NDArray[Any]
    missing_frames: int
    weights: NDArray[Any] = field(default_factory=lambda: np.zeros(0, dtype=WEIGHT_DTYPE))
    energy: NDArray[Any] = field(default_factory=lambda: np.zeros(0, dtype=ENERGY_DTYPE))


@dataclass
class _Pending:
    spikes: List[NDArray[Any]] = field(default_factory=list)
    samples: List[NDArray[Any]] = field(default_factory=list)
    activations: List[Activations] = field(default_factory=list)
    rhythms: List[NDArray[Any]] = field(default_factory=list)
    weights: List[NDArray[Any]] = field(default_factory=list)
    #: Energy records as they arrived, with their shard, until the epoch is handed out.
    energy: List[Tuple[int, NDArray[Any]]] = field(default_factory=list)
    received: int = 0


def _stream_name(stream: Stream) -> str:
    return f"{KIND_NAMES.get(stream[0], stream[0])} of shard {stream[1]}"


class EpochAssembler:
    def __init__(self, streams: List[Stream], total_epochs: int, strict: bool) -> None:
        self.streams = streams
        self.total_epochs = total_epochs
        #: Lossless: a gap or a repeat raises StreamError instead of being counted.
        self.strict = strict
        self._index: Dict[Stream, int] = {s: i for i, s in enumerate(streams)}
        self._first: List[Optional[int]] = [None] * len(streams)
        self._last: List[Optional[int]] = [None] * len(streams)
        self._waiting = len(streams)
        self._pending: Dict[int, _Pending] = {}
        #: The first epoch handed out (None until every stream has delivered a frame).
        self.start: Optional[int] = None
        #: The next epoch to hand out.
        self.next = 0
        self.received_frames = 0
        self.missing_frames = 0
        #: Frames older than what their stream had already delivered (never expected).
        self.stale_frames = 0

    def accept(self, header: Header, payload: Any) -> None:
        """Takes one decoded frame; frames of streams not asked for, or of epochs already handed
        out, are ignored."""
        i = self._index.get((header.kind, header.source))
        epoch = header.epoch
        if i is None or epoch >= self.total_epochs:
            return
        last = self._last[i]
        if last is not None:
            if epoch <= last:
                if self.strict:
                    raise StreamError(f"{_stream_name(self.streams[i])}: epoch {epoch} again after {last}")
                self.stale_frames += 1
                return
            if self.strict and epoch != last + 1:
                raise StreamError(f"{_stream_name(self.streams[i])}: epochs {last + 1}–{epoch - 1} never arrived")
        else:
            self._first[i] = epoch
            self._waiting -= 1
        self._last[i] = epoch
        self.received_frames += 1
        if self.start is None and self._waiting == 0:
            s = max(f for f in self._first if f is not None)
            self.start = s
            self.next = s
            self._pending = {e: p for e, p in self._pending.items() if e >= s}
        if self.start is not None and epoch < self.start:
            return
        entry = self._pending.get(epoch)
        if entry is None:
            entry = self._pending[epoch] = _Pending()
        entry.received += 1
        if header.kind == KIND_SPIKES:
            if len(payload):
                entry.spikes.append(payload)
        elif header.kind == KIND_SAMPLES:
            if len(payload):
                entry.samples.append(payload)
        elif header.kind == KIND_WEIGHTS:
            if len(payload):
                entry.weights.append(payload)
        elif header.kind == KIND_ENERGY:
            if len(payload):
                entry.energy.append((header.source, payload))
        elif header.kind == KIND_ACTIVATIONS:
            if len(payload):
                entry.activations.append(payload)
        elif header.kind == KIND_RHYTHMS:
            entry.rhythms.append(payload)

    def _low_water(self) -> int:
        """The epoch every stream has delivered (−1 if one has delivered nothing)."""
        lows = [-1 if v is None else v for v in self._last]
        return min(lows) if lows else self.total_epochs

    def settled(self) -> List[RawEpoch]:
        """Epochs that are complete, or whose missing frames can no longer come, in order."""
        if self.start is None:
            return []
        out: List[RawEpoch] = []
        low = self._low_water()
        while self.next < self.total_epochs and self.next <= low:
            out.append(self._take(self.next))
            self.next += 1
        return out

    def finish(self) -> List[RawEpoch]:
        """The run is over: every epoch still open is handed out, what never came counted missing."""
        if self.start is None:
            firsts = [f for f in self._first if f is not None]
            s = min(firsts) if firsts else self.total_epochs
            self.start = s
            self.next = s
        out: List[RawEpoch] = []
        while self.next < self.total_epochs:
            out.append(self._take(self.next))
            self.next += 1
        return out

    def _take(self, epoch: int) -> RawEpoch:
        entry = self._pending.pop(epoch, None) or _Pending()
        missing = len(self.streams) - entry.received
        self.missing_frames += missing
        keys = _concat(entry.spikes, SPIKE_DTYPE).view("<u8")
        keys.sort()
        samples = _concat(entry.samples, SAMPLE_DTYPE)
        if len(samples) > 1:
            samples = samples[np.lexsort((samples["variable"], samples["neuron"], samples["population"], samples["stamp"]))]
        weights = _concat(entry.weights, WEIGHT_DTYPE)
        if len(weights) > 1:
            # lexsort is stable: records of one synapse and spike keep their shard's order.
            weights = weights[np.lexsort((weights["target"], weights["projection"], weights["source"], weights["step"]))]
        # Summed in shard order, so the sums do not depend on which frame came first.
        energy = merge_energy([p for _, p in sorted(entry.energy, key=lambda part: part[0])])
        return RawEpoch(epoch, keys, samples, _merge_activations(entry.activations),
                        _concat(entry.rhythms, RHYTHM_DTYPE), missing, weights, energy)


def _concat(parts: List[NDArray[Any]], dtype: np.dtype[Any]) -> NDArray[Any]:
    if not parts:
        return np.zeros(0, dtype=dtype)
    # Always a fresh, writable, contiguous copy (the parts are read-only views of frames).
    return np.concatenate(parts) if len(parts) > 1 else parts[0].copy()


def merge_energy(parts: List[NDArray[Any]]) -> NDArray[Any]:
    """Energy records of one epoch (dtype ``ENERGY_DTYPE``) from any number of shards, merged to
    one record per population, by population: every field summed, in the order given (the first
    record of a population, then each later one added to it, as Swift's ``EnergyRecord.merged``
    does). Pass the parts in shard order for sums that do not depend on arrival order."""
    records = _concat(parts, ENERGY_DTYPE)
    if len(records) == 0:
        return records
    populations, index = np.unique(records["population"], return_inverse=True)
    index = index.reshape(-1)
    # Each record's rank among the records of its population: sum rank by rank, so that within
    # a population the additions happen in the records' order (and no two at once).
    order = np.argsort(index, kind="stable")
    counts = np.bincount(index, minlength=len(populations))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(len(records), dtype=np.int64)
    rank[order] = np.arange(len(records)) - np.repeat(starts, counts)
    out = np.zeros(len(populations), dtype=ENERGY_DTYPE)
    first = rank == 0
    out[index[first]] = records[first]
    for r in range(1, int(counts.max())):
        at = rank == r
        for name in ENERGY_DTYPE.names or ():
            if name != "population":
                out[name][index[at]] += records[name][at]
    return out


def _merge_activations(parts: List[Activations]) -> Activations:
    if not parts:
        return Activations.empty()
    source = np.concatenate([p.source for p in parts])
    step = np.concatenate([p.step for p in parts])
    vectors = [v for p in parts for v in p.vectors]
    order = np.lexsort((source, step))
    return Activations(source[order], step[order], [vectors[i] for i in order])
