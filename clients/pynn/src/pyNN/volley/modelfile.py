# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Writing a model file: YAML in flow style, which is JSON with Volley's infinities.

No YAML library is needed for what the builder writes (mappings, lists, names and numbers).
Numbers are written as Python's shortest round-trip ``repr``, so Volley reads the exact double
PyNN computed; an infinity is written as the expression ``inf`` (``-inf``), which Volley
accepts wherever infinity is allowed.
"""

import json
import math

import numpy as np


def dump(value):
    """The YAML text of a model made of dicts, lists, strings, numbers and booleans."""
    return _flow(value) + "\n"


def _flow(value):
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            raise ValueError("a model value is NaN")
        if math.isinf(value):
            return '"inf"' if value > 0 else '"-inf"'
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    raise TypeError(f"cannot write {value!r} ({type(value).__name__}) into a model file")
