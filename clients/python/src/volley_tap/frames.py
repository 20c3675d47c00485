# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Volley's frames (docs/wire-format.md): a 40-byte little-endian header, then a payload.

Every decoder takes the bytes of one frame and either returns numpy views of it or raises
:class:`FrameError`; no input makes it crash or allocate more than the frame's own size.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any, List, Union, cast

import numpy as np
from numpy.typing import NDArray

#: What the decoders take: anything with the buffer protocol over bytes.
Buffer = Union[bytes, bytearray, memoryview, NDArray[Any]]

MAGIC = b"VOLY"
#: Version 2: a samples entry names its recordable (``variable``) and is 32 bytes long.
WIRE_VERSION = 3
HEADER_SIZE = 40
#: The header prefix a subscription selects on: magic, version, kind, flags, run id, source.
TOPIC_SIZE = 20

KIND_SPIKES = 1
KIND_ACTIVATIONS = 2
KIND_SAMPLES = 3
KIND_RHYTHMS = 4
KIND_WEIGHTS = 5
#: Energy frames travel over the tap sockets only (not the data sockets a lossless tap reads).
KIND_ENERGY = 6
KIND_CONTROL = 16
KIND_NAMES = {
    KIND_SPIKES: "spikes",
    KIND_ACTIVATIONS: "activations",
    KIND_SAMPLES: "samples",
    KIND_RHYTHMS: "rhythms",
    KIND_WEIGHTS: "weights",
    KIND_ENERGY: "energy",
    KIND_CONTROL: "control",
}

# The dtypes of docs/wire-format.md.
HEADER_DTYPE = np.dtype([("magic", "S4"), ("version", "<u2"), ("kind", "u1"), ("flags", "u1"),
                         ("run_id", "<u8"), ("source", "<u4"), ("count", "<u4"),
                         ("epoch", "<u8"), ("sequence", "<u8")])
SPIKE_DTYPE = np.dtype([("neuron", "<u4"), ("step", "<u4")])
#: ``variable`` indexes ``Welcome.variables``; ``reserved`` (0) keeps ``stamp`` and ``value`` 8-byte aligned.
SAMPLE_DTYPE = np.dtype([("population", "<u4"), ("neuron", "<u4"), ("variable", "<u4"), ("reserved", "<u4"),
                         ("stamp", "<u8"), ("value", "<f8")])
RHYTHM_DTYPE = np.dtype([("rhythm", "<u4"), ("reserved", "<u4"), ("step", "<u8"), ("phase", "<f8"),
                         ("frequency_hz", "<f8")])
#: Plastic synapses' weight records (NEST's weight_recorder): ``step`` is the emission step of the
#: presynaptic spike, ``source``/``target`` global neuron ids, ``projection`` the 0-based index of
#: the projection in the model file, ``weight`` the weight after the update; ``reserved`` is 0.
WEIGHT_DTYPE = np.dtype([("step", "<u8"), ("source", "<u4"), ("target", "<u4"), ("projection", "<u4"),
                         ("reserved", "<u4"), ("weight", "<f8")])
#: One population's part of the energy budget (docs/energy.md) for one epoch, as counted on one
#: shard: its ``neurons`` there, their ``spikes``, the ``synaptic_events`` its spikes caused on
#: that shard's synapses, the ion ledger's ``na_charge``, ``k_charge`` and ``pump_charge`` (pC; 0
#: for models without one) and the ``atp`` all of that costs. ``population`` indexes the model's
#: populations (``Welcome.populations``).
ENERGY_DTYPE = np.dtype([("population", "<u4"), ("neurons", "<u4"), ("spikes", "<u8"), ("synaptic_events", "<u8"),
                         ("na_charge", "<f8"), ("k_charge", "<f8"), ("pump_charge", "<f8"), ("atp", "<f8")])
#: The 12-byte prefix of each activation entry; ``dim`` float32 values follow it.
ACTIVATION_PREFIX_DTYPE = np.dtype([("source", "<u4"), ("step", "<u4"), ("dim", "<u4")])

_HEADER = struct.Struct("<4sHBBQIIQQ")
assert _HEADER.size == HEADER_SIZE


class FrameError(ValueError):
    """The bytes are not a valid Volley frame (of the kind expected)."""


@dataclass(frozen=True)
class Header:
    """A frame's header. ``count`` is entries (data frames) or body bytes (control frames)."""

    version: int
    kind: int
    flags: int
    run_id: int
    source: int
    count: int
    epoch: int
    sequence: int

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, str(self.kind))


def _view(frame: Buffer) -> memoryview:
    try:
        view = memoryview(cast(Any, frame))
    except TypeError as e:
        raise FrameError(f"not a bytes-like object: {type(frame).__name__}") from e
    if view.ndim != 1 or view.itemsize != 1:
        try:
            view = view.cast("B")
        except (TypeError, ValueError) as e:
            raise FrameError(f"a frame must be a flat buffer of bytes: {e}") from e
    return view


def decode_header(frame: Buffer) -> Header:
    """Reads and checks the header (magic, version, a known kind); the payload is not checked."""
    view = _view(frame)
    if len(view) < HEADER_SIZE:
        raise FrameError(f"frame too short: {len(view)} bytes, at least {HEADER_SIZE} needed")
    magic, version, kind, flags, run_id, source, count, epoch, sequence = _HEADER.unpack_from(view)
    if magic != MAGIC:
        raise FrameError("not a Volley frame (bad magic)")
    if version != WIRE_VERSION:
        raise FrameError(f"wire version {version}, but this client speaks version {WIRE_VERSION}")
    if kind not in KIND_NAMES:
        raise FrameError(f"unknown frame kind {kind}")
    return Header(version, kind, flags, run_id, source, count, epoch, sequence)


def encode_header(kind: int, run_id: int, source: int, count: int, epoch: int = 0, sequence: int = 0,
                  flags: int = 0) -> bytes:
    """The 40 bytes of a header."""
    return _HEADER.pack(MAGIC, WIRE_VERSION, kind, flags, run_id, source, count, epoch, sequence)


def topic(kind: int, run_id: int, source: int) -> bytes:
    """The subscription prefix selecting frames of ``kind`` from ``source`` in run ``run_id``."""
    return encode_header(kind, run_id, source, 0)[:TOPIC_SIZE]


def _entries(frame: Buffer, kind: int, dtype: np.dtype[Any]) -> tuple[Header, NDArray[Any]]:
    view = _view(frame)
    header = decode_header(view)
    if header.kind != kind:
        raise FrameError(f"expected a {KIND_NAMES[kind]} frame, got {header.kind_name}")
    payload = len(view) - HEADER_SIZE
    if payload != header.count * dtype.itemsize:
        raise FrameError(f"{KIND_NAMES[kind]} frame says {header.count} entries but carries {payload} payload bytes")
    return header, np.frombuffer(view, dtype=dtype, count=header.count, offset=HEADER_SIZE)


def decode_spikes_frame(frame: Buffer) -> tuple[Header, NDArray[Any]]:
    """The header and spikes (dtype :data:`SPIKE_DTYPE`, a read-only view) of a spikes frame."""
    return _entries(frame, KIND_SPIKES, SPIKE_DTYPE)


def decode_spikes(frame: Buffer) -> NDArray[Any]:
    """The spikes of a spikes frame: ``neuron`` (global id) and ``step`` (emission step).

    The spike's time is ``(step + 1) * resolution`` ms.
    """
    return decode_spikes_frame(frame)[1]


def decode_samples(frame: Buffer) -> NDArray[Any]:
    """Multimeter samples (dtype :data:`SAMPLE_DTYPE`): population index, neuron within it,
    ``variable`` (the recordable, an index into ``Welcome.variables``), ``stamp`` in steps
    (t_ms = stamp * resolution), ``value`` (in the recordable's unit: mV for V_m, nS for g_ex)."""
    return _entries(frame, KIND_SAMPLES, SAMPLE_DTYPE)[1]


def decode_rhythms(frame: Buffer) -> NDArray[Any]:
    """The rhythms' phase (radians) and frequency at an epoch's first step (dtype :data:`RHYTHM_DTYPE`)."""
    return _entries(frame, KIND_RHYTHMS, RHYTHM_DTYPE)[1]


def decode_weights(frame: Buffer) -> NDArray[Any]:
    """Plastic synapses' weight records (dtype :data:`WEIGHT_DTYPE`): ``step`` (emission step of
    the presynaptic spike; t_ms = (step + 1) * resolution, as for spikes), ``source`` and
    ``target`` (global neuron ids), ``projection`` (index in the model file), ``weight`` (after
    the update)."""
    return _entries(frame, KIND_WEIGHTS, WEIGHT_DTYPE)[1]


def decode_energy(frame: Buffer) -> NDArray[Any]:
    """One shard's energy records for one epoch (dtype :data:`ENERGY_DTYPE`), one per population
    the shard holds neurons of or counted synaptic events for. Summed over shards and epochs,
    each field is the run's summary.json figure for the population (``atp`` to rounding); the
    frame's header names the shard (``source``) and the epoch."""
    return _entries(frame, KIND_ENERGY, ENERGY_DTYPE)[1]


@dataclass(frozen=True)
class Activations:
    """Activation vectors (attention-head outputs): ``source`` (global head index), ``step``,
    and one float32 vector per entry."""

    source: NDArray[np.int64]
    step: NDArray[np.int64]
    vectors: List[NDArray[np.float32]]

    def __len__(self) -> int:
        return len(self.vectors)

    @staticmethod
    def empty() -> Activations:
        return Activations(np.zeros(0, np.int64), np.zeros(0, np.int64), [])


def decode_activations(frame: Buffer) -> Activations:
    """The entries of an activations frame. Entries of equal dimension (the usual case) are
    read in one vectorised step; mixed dimensions entry by entry."""
    view = _view(frame)
    header = decode_header(view)
    if header.kind != KIND_ACTIVATIONS:
        raise FrameError(f"expected an activations frame, got {header.kind_name}")
    n = header.count
    payload = len(view) - HEADER_SIZE
    if n == 0:
        if payload != 0:
            raise FrameError(f"activations frame says 0 entries but carries {payload} payload bytes")
        return Activations.empty()
    if payload < 12:
        raise FrameError(f"activations frame says {n} entries but carries {payload} payload bytes")
    dim = int(np.frombuffer(view, "<u4", count=1, offset=HEADER_SIZE + 8)[0])
    if payload == n * (12 + 4 * dim):
        dtype = np.dtype(ACTIVATION_PREFIX_DTYPE.descr + [("vector", "<f4", (dim,))])
        entries = np.frombuffer(view, dtype=dtype, count=n, offset=HEADER_SIZE)
        if bool(np.all(entries["dim"] == dim)):
            vectors = entries["vector"]
            return Activations(entries["source"].astype(np.int64), entries["step"].astype(np.int64),
                               [vectors[i] for i in range(n)])
    sources: list[int] = []
    steps: list[int] = []
    vecs: list[NDArray[np.float32]] = []
    offset = HEADER_SIZE
    end = len(view)
    for _ in range(n):
        if end - offset < 12:
            raise FrameError(f"activations frame says {n} entries but carries {payload} payload bytes")
        source, step, d = struct.unpack_from("<III", view, offset)
        if d > (end - offset - 12) // 4:
            raise FrameError(f"activations frame says {n} entries but carries {payload} payload bytes")
        sources.append(source)
        steps.append(step)
        vecs.append(np.frombuffer(view, "<f4", count=d, offset=offset + 12))
        offset += 12 + 4 * d
    if offset != end:
        raise FrameError(f"activations frame says {n} entries but carries {payload} payload bytes")
    return Activations(np.array(sources, np.int64), np.array(steps, np.int64), vecs)


def decode_control(frame: Buffer) -> tuple[Header, dict[str, Any]]:
    """The header and JSON document of a control frame (kind 16)."""
    view = _view(frame)
    header = decode_header(view)
    if header.kind != KIND_CONTROL:
        raise FrameError(f"expected a control frame, got {header.kind_name}")
    body = len(view) - HEADER_SIZE
    if body != header.count:
        raise FrameError(f"control frame says {header.count} body bytes but carries {body}")
    try:
        document = json.loads(bytes(view[HEADER_SIZE:]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise FrameError(f"malformed control message: {e}") from e
    if not isinstance(document, dict) or len(document) != 1:
        raise FrameError("malformed control message: not an object with one key")
    return header, document


def encode_control(message: dict[str, Any], run_id: int = 0, source: int = 0, sequence: int = 0) -> bytes:
    """A control frame: the header (``count`` = body bytes) and the JSON document."""
    body = json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return encode_header(KIND_CONTROL, run_id, source, len(body), 0, sequence) + body


def decode_data_frame(frame: Buffer) -> tuple[Header, Any]:
    """Any data frame a tap receives: the header and, by kind, the spikes, samples, rhythms,
    weights or energy array or the :class:`Activations`. Control frames and unknown kinds raise
    FrameError."""
    header = decode_header(frame)
    kind = header.kind
    if kind == KIND_SPIKES:
        return _entries(frame, KIND_SPIKES, SPIKE_DTYPE)
    if kind == KIND_SAMPLES:
        return _entries(frame, KIND_SAMPLES, SAMPLE_DTYPE)
    if kind == KIND_RHYTHMS:
        return _entries(frame, KIND_RHYTHMS, RHYTHM_DTYPE)
    if kind == KIND_WEIGHTS:
        return _entries(frame, KIND_WEIGHTS, WEIGHT_DTYPE)
    if kind == KIND_ENERGY:
        return _entries(frame, KIND_ENERGY, ENERGY_DTYPE)
    if kind == KIND_ACTIVATIONS:
        return header, decode_activations(frame)
    raise FrameError(f"expected a data frame, got {header.kind_name}")
