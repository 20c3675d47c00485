# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Connections listed one by one: FromList, FromFile, connectors drawn by PyNN's RNG (the
same connections on both backends), views and assemblies, inhibitory conductances, weights
and delays per connection, read back with Projection.get."""

import os
import tempfile

import numpy as np
from pyNN.random import NumpyRNG, RandomDistribution

from _common import save, simulator

sim, extra, out, args = simulator()
sim.setup(timestep=0.1, **extra)
rng = NumpyRNG(seed=31415)
drivers = sim.Population(6, sim.IF_curr_exp(i_offset=RandomDistribution("uniform", low=0.8, high=1.6, rng=rng)),
                         label="drivers")
e = sim.Population(5, sim.IF_cond_exp(), label="e")
i = sim.Population(4, sim.IF_cond_alpha(), label="i")
both = e + i
listed = [(0, 1, 0.02, 1.5), (3, 1, 0.015, 0.7), (5, 4, 0.03, 2.25), (0, 1, 0.01, 1.5), (2, 0, 0.025, 0.15)]
path = os.path.join(tempfile.mkdtemp(), "connections.txt")
np.savetxt(path, [(1, 2, 0.012, 1.0), (4, 3, 0.018, 3.3), (2, 2, 0.01, 0.4)])
projections = [
    ("list", sim.Projection(drivers, e, sim.FromListConnector(listed), sim.StaticSynapse())),
    ("file", sim.Projection(drivers, i, sim.FromFileConnector(path), sim.StaticSynapse())),
    # an Assembly's receptor type must be given: PyNN guesses it from a set (random order)
    ("prob", sim.Projection(drivers, both, sim.FixedProbabilityConnector(0.4, rng=rng),
                            sim.StaticSynapse(weight=RandomDistribution("uniform", low=0.005, high=0.02, rng=rng),
                                              delay=RandomDistribution("uniform", low=0.5, high=2.0, rng=rng)),
                            receptor_type="excitatory")),
    ("pre", sim.Projection(e, i[1:3], sim.FixedNumberPreConnector(2, rng=rng),
                           sim.StaticSynapse(weight=0.04, delay=0.6), receptor_type="inhibitory")),
    ("post", sim.Projection(drivers[::2], e, sim.FixedNumberPostConnector(2, with_replacement=True, rng=rng),
                            sim.StaticSynapse(weight=0.01, delay=0.9))),
    ("view", sim.Projection(e[0:2], e[2:5], sim.AllToAllConnector(),
                            sim.StaticSynapse(weight=lambda d: 0.01 + 0.001 * d, delay=1.0))),
    ("total", sim.Projection(i, drivers, sim.FixedTotalNumberConnector(7, rng=rng),
                             sim.StaticSynapse(weight=-0.3, delay=2.0), receptor_type="inhibitory")),
]
for p in (drivers, e, i):
    p.record(["spikes", "v"])
sim.run(100.0)
save(out, (drivers, e, i), projections)
sim.end()
