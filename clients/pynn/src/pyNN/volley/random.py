# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""``NativeRNG``: random numbers drawn by Volley itself, with its seeded, layout-free rules.

As in pyNN.nest, a ``RandomDistribution`` whose rng is a ``NativeRNG`` is not drawn in Python
but handed to the simulator, and a connector given a ``NativeRNG`` uses the simulator's own
connection rule. Volley draws from the run's seed (``setup(rng_seed=...)``), the same numbers on
any number of threads and workers. Volley has the normal (optionally redrawn inside bounds, as
PyNN's ``normal_clipped``) and uniform distributions.
"""

from numbers import Real

from pyNN import random as pynn_random


class NativeRNG(pynn_random.NativeRNG):
    """Signals that Volley draws the numbers (the seed is the run's, ``setup(rng_seed=...)``)."""

    def next(self, n=None, distribution=None, parameters=None, mask=None):
        return VolleyDistribution.from_pynn(distribution, parameters)


class VolleyDistribution:
    """A distribution in Volley's terms: ``{distribution: normal|uniform, ...}``."""

    def __init__(self, name, parameters):
        self.name = name
        self.parameters = parameters
        self.shape = None   # lazyarray treats it as an array it can reshape and scale

    @classmethod
    def from_pynn(cls, distribution, parameters):
        if distribution == "normal":
            return cls("normal", {"mean": parameters["mu"], "std": parameters["sigma"]})
        if distribution == "normal_clipped":
            return cls("normal", {"mean": parameters["mu"], "std": parameters["sigma"],
                                  "min": parameters["low"], "max": parameters["high"]})
        if distribution == "uniform":
            return cls("uniform", {"min": parameters["low"], "max": parameters["high"]})
        raise NotImplementedError(
            f"Volley cannot draw the '{distribution}' distribution (it has normal, "
            "normal_clipped and uniform); use a NumpyRNG to draw it in Python")

    def reshape(self, shape):
        return self

    def __mul__(self, factor):
        if not isinstance(factor, Real):
            raise NotImplementedError(f"cannot scale a Volley-drawn distribution by {factor!r}")
        p = {key: value * factor for key, value in self.parameters.items()}
        if self.name == "normal":
            p["std"] = abs(p["std"])
        if factor < 0 and "min" in p and "max" in p:
            p["min"], p["max"] = p["max"], p["min"]
        elif factor < 0:   # a one-sided bound flips side
            p = {{"min": "max", "max": "min"}.get(k, k): v for k, v in p.items()}
        return VolleyDistribution(self.name, p)

    __rmul__ = __mul__

    def spec(self):
        """The mapping a Volley model file takes."""
        return {"distribution": self.name, **{k: float(v) for k, v in self.parameters.items()}}

    def lower_bound(self):
        """The smallest value it can draw (what NEST's kernel would record as a delay)."""
        return float(self.parameters.get("min", float("-inf")))
