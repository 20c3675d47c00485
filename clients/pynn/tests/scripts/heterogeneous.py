# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Cells whose parameters and initial values differ from cell to cell — arrays, functions and
distributions drawn by PyNN's RNG (the same numbers on both backends) — connected all to all
and one to one, with a DCSource on part of them."""

import numpy as np
from pyNN.random import NumpyRNG, RandomDistribution

from _common import save, simulator

sim, extra, out, args = simulator()
sim.setup(timestep=0.1, **extra)
rng = NumpyRNG(seed=4242)
a = sim.Population(8, sim.IF_cond_exp(tau_m=np.linspace(10.0, 24.0, 8),
                                      i_offset=RandomDistribution("uniform", low=0.6, high=1.2, rng=rng)),
                   label="a")
a.initialize(v=RandomDistribution("uniform", low=-65.0, high=-55.0, rng=rng))
b = sim.Population(6, sim.IF_curr_alpha(v_thresh=lambda i: -55.0 + i), label="b")
b.initialize(v=RandomDistribution("normal", mu=-62.0, sigma=2.0, rng=rng))
c = sim.Population(6, sim.EIF_cond_alpha_isfa_ista(), label="c")
c.initialize(v=-64.0, w=RandomDistribution("uniform", low=0.0, high=0.2, rng=rng))
drive = sim.DCSource(amplitude=1.1, start=10.0)
drive.inject_into(b[1:4])
drive.inject_into(c)
projections = [
    ("ab", sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.3, delay=1.0))),
    ("bc", sim.Projection(b, c, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.02, delay=0.4))),
]
for p in (a, b, c):
    p.record(["spikes", "v"])
sim.run(120.0)
save(out, (a, b, c), projections)
sim.end()
