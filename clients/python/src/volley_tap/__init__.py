# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Watch a running Volley simulation from Python.

>>> from volley_tap import Tap
>>> with Tap("tcp://127.0.0.1:5555") as tap:
...     for epoch in tap:
...         print(epoch.epoch, len(epoch.spikes))

The frame decoders (``decode_header``, ``decode_spikes``, …) read Volley's wire format
(docs/wire-format.md) into numpy arrays and raise :class:`FrameError` on malformed input.
"""

from .assembler import EpochAssembler, RawEpoch, StreamError
from .epoch import Epoch, Spikes
from .frames import (ACTIVATION_PREFIX_DTYPE, ENERGY_DTYPE, HEADER_DTYPE, HEADER_SIZE, KIND_ACTIVATIONS,
                     KIND_CONTROL, KIND_ENERGY, KIND_RHYTHMS, KIND_SAMPLES, KIND_SPIKES, KIND_WEIGHTS, RHYTHM_DTYPE,
                     SAMPLE_DTYPE, SPIKE_DTYPE, WEIGHT_DTYPE, WIRE_VERSION, Activations, FrameError, Header,
                     decode_activations, decode_control, decode_data_frame, decode_energy, decode_header,
                     decode_rhythms, decode_samples, decode_spikes, decode_spikes_frame, decode_weights,
                     encode_control, encode_header)
from .selection import Filter, FilterError, Selection
from .tap import VOLLEY_VERSION, RunEnded, Tap, WelcomeTimeout
from .welcome import Population, Welcome, Worker

__version__ = "0.1.0"

__all__ = [
    "ACTIVATION_PREFIX_DTYPE", "ENERGY_DTYPE", "HEADER_DTYPE", "HEADER_SIZE", "KIND_ACTIVATIONS", "KIND_CONTROL",
    "KIND_ENERGY", "KIND_RHYTHMS", "KIND_SAMPLES", "KIND_SPIKES", "KIND_WEIGHTS", "RHYTHM_DTYPE", "SAMPLE_DTYPE",
    "SPIKE_DTYPE", "VOLLEY_VERSION", "WEIGHT_DTYPE", "WIRE_VERSION",
    "Activations", "Epoch", "EpochAssembler", "Filter", "FilterError", "FrameError", "Header", "Population",
    "RawEpoch", "RunEnded", "Selection", "Spikes", "StreamError", "Tap", "Welcome", "WelcomeTimeout", "Worker",
    "decode_activations", "decode_control", "decode_data_frame", "decode_energy", "decode_header", "decode_rhythms",
    "decode_samples", "decode_spikes", "decode_spikes_frame", "decode_weights", "encode_control", "encode_header",
]
