# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Connectors: PyNN's own, and Volley's connection rules where they give the same thing.

Every connector draws its connections in Python, with PyNN's code and PyNN's RNGs, exactly as
pyNN.nest does (its default RNG is seeded, so the same script gives the same connections on
both). Two shortcuts use Volley's rules instead:

- ``AllToAllConnector`` and ``OneToOneConnector`` between whole populations with one weight
  and one delay are Volley's ``all_to_all`` and ``one_to_one``: the same connections, without
  listing them;
- a connector given ``rng=NativeRNG(...)``, or synaptic parameters drawn from a ``NativeRNG``,
  is drawn by Volley with its seeded rules (``pairwise_bernoulli``, ``fixed_indegree``,
  ``fixed_outdegree``, ``fixed_total_number``, ``all_to_all``): the same on any number of
  threads and workers, but not NEST's draws — as in pyNN.nest, where a ``NativeRNG`` means
  NEST's own.
"""

import numpy as np

from pyNN import common, connectors as base, random
from pyNN.connectors import (  # noqa: F401  (the other connectors are PyNN's, unchanged)
    ArrayConnector, CloneConnector, CSAConnector, DisplacementDependentProbabilityConnector,
    DistanceDependentProbabilityConnector, FromFileConnector, FromListConnector,
    IndexBasedProbabilityConnector, SmallWorldConnector)
from pyNN.standardmodels.base import check_weights

from .projections import Rule, listed_by_pynn
from .random import NativeRNG, VolleyDistribution


def _whole(projection):
    """Whether pre and post are whole Populations, or Assemblies of them (rule territory)."""
    def whole(cells):
        parts = cells.populations if isinstance(cells, common.Assembly) else [cells]
        return all(isinstance(p, common.Population) for p in parts)
    return whole(projection.pre) and whole(projection.post)


def _synapse_values(connector, projection):
    """The native weight and delay as one number or one Volley distribution each, or None when
    they vary otherwise (the connections must then be listed). The synapse type's other
    parameters (STDP's) are the projection's Volley synapse model."""
    parameters = connector._parameters_from_synapse_type(projection, distance_map=None)
    values = []
    for name in ("weight", "delay"):
        value = parameters[name]
        if isinstance(value.base_value, random.RandomDistribution):
            if not isinstance(value.base_value.rng, random.NativeRNG):
                return None
            value = value.evaluate()
        elif value.is_homogeneous:
            value = float(value.evaluate(simplify=True))
        else:
            return None
        values.append(value)
    weight, delay = values
    if connector.safe and not isinstance(weight, VolleyDistribution):
        check_weights(weight, projection)
    if projection._inhibitory_conductance:
        weight = weight * -1
    return weight * projection._receptor_scale, delay


def _connect_with_rule(connector, projection, conn_spec, size, rebuild=None):
    """Give the projection a Volley rule; False if its synapse values need a list instead."""
    values = _synapse_values(connector, projection)
    if values is None:
        return False
    projection._connect_rule(Rule(conn_spec, values[0], values[1], size, rebuild))
    return True


def _drawn_by_volley(connector, projection):
    native = isinstance(getattr(connector, "rng", None), random.NativeRNG) or \
        projection.synapse_type.native_parameters.has_native_rngs
    if native and not _whole(projection):
        raise NotImplementedError(
            "Volley draws connections (NativeRNG) between whole Populations or Assemblies of "
            f"them only; {type(connector).__name__} here connects a PopulationView")
    return native


def _self_connections(connector):
    if connector.allow_self_connections not in (True, False):
        raise NotImplementedError(
            f"Volley's rules have no allow_self_connections={connector.allow_self_connections!r}")
    return connector.allow_self_connections


def _native_only(connector, projection, conn_spec, size=None):
    if not _connect_with_rule(connector, projection, conn_spec, size):
        raise NotImplementedError(
            "Volley draws connections (NativeRNG) with one weight and one delay (numbers or "
            "NativeRNG distributions) per projection; these synaptic parameters vary otherwise")


class AllToAllConnector(base.AllToAllConnector):
    __doc__ = base.AllToAllConnector.__doc__

    def connect(self, projection):
        if _whole(projection) and self.allow_self_connections in (True, False):
            n = projection.pre.size * projection.post.size
            if not self.allow_self_connections and projection.pre is projection.post:
                n -= projection.pre.size
            spec = {"rule": "all_to_all", "allow_autapses": self.allow_self_connections}
            if _connect_with_rule(self, projection, spec, n, listed_by_pynn(base.AllToAllConnector)):
                return
        if _drawn_by_volley(self, projection):
            raise NotImplementedError("Volley-drawn synaptic parameters need a whole-population "
                                      "AllToAllConnector with allow_self_connections True or False")
        super().connect(projection)


class OneToOneConnector(base.OneToOneConnector):
    __doc__ = base.OneToOneConnector.__doc__

    def connect(self, projection):
        if _whole(projection) and projection.pre.size == projection.post.size:
            spec = {"rule": "one_to_one"}
            if _connect_with_rule(self, projection, spec, projection.pre.size,
                                  listed_by_pynn(base.OneToOneConnector)):
                return
        if _drawn_by_volley(self, projection):
            raise NotImplementedError("Volley-drawn synaptic parameters need a whole-population "
                                      "OneToOneConnector")
        super().connect(projection)


class FixedProbabilityConnector(base.FixedProbabilityConnector):
    __doc__ = base.FixedProbabilityConnector.__doc__

    def connect(self, projection):
        if not _drawn_by_volley(self, projection):
            return super().connect(projection)
        _native_only(self, projection, {
            "rule": "pairwise_bernoulli", "p": float(self.p_connect),
            "allow_autapses": _self_connections(self), "allow_multapses": False})


class FixedNumberPreConnector(base.FixedNumberPreConnector):
    __doc__ = base.FixedNumberPreConnector.__doc__

    def connect(self, projection):
        if not _drawn_by_volley(self, projection):
            return super().connect(projection)
        _native_only(self, projection, {
            "rule": "fixed_indegree", "indegree": _count(self),
            "allow_autapses": _self_connections(self), "allow_multapses": self.with_replacement},
            size=_count(self) * projection.post.size)


class FixedNumberPostConnector(base.FixedNumberPostConnector):
    __doc__ = base.FixedNumberPostConnector.__doc__

    def connect(self, projection):
        if not _drawn_by_volley(self, projection):
            return super().connect(projection)
        _native_only(self, projection, {
            "rule": "fixed_outdegree", "outdegree": _count(self),
            "allow_autapses": _self_connections(self), "allow_multapses": self.with_replacement},
            size=_count(self) * projection.pre.size)


class FixedTotalNumberConnector(base.FixedTotalNumberConnector):
    __doc__ = base.FixedTotalNumberConnector.__doc__

    def connect(self, projection):
        if not _drawn_by_volley(self, projection):
            return super().connect(projection)
        if not self.with_replacement:
            raise NotImplementedError("Volley's fixed_total_number rule draws with replacement "
                                      "only (with_replacement=False needs a PyNN RNG)")
        _native_only(self, projection, {
            "rule": "fixed_total_number", "N": _count(self),
            "allow_autapses": _self_connections(self), "allow_multapses": True},
            size=_count(self))


def _count(connector):
    if not isinstance(connector.n, (int, np.integer)):
        raise NotImplementedError("Volley's rules take a fixed number of connections, not a "
                                  "RandomDistribution")
    return int(connector.n)


__all__ = [
    "AllToAllConnector", "ArrayConnector", "CloneConnector", "CSAConnector",
    "DisplacementDependentProbabilityConnector", "DistanceDependentProbabilityConnector",
    "FixedNumberPostConnector", "FixedNumberPreConnector", "FixedProbabilityConnector",
    "FixedTotalNumberConnector", "FromFileConnector", "FromListConnector",
    "IndexBasedProbabilityConnector", "NativeRNG", "OneToOneConnector", "SmallWorldConnector",
]
