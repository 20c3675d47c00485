# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""SpikeSourceArray: times on and off the grid, times within min_delay of 0, the same step
twice, min_delay 'auto' (pyNN.nest reads it at creation and at the first run: the option
``auto``) or given (``fixed``); AllToAll and OneToOne from the sources; spike times changed
between runs; spike counts after each run."""

from _common import save, simulator

sim, extra, out, args = simulator()
mode = args[0] if args else "auto"
sim.setup(timestep=0.1, **extra) if mode == "auto" else sim.setup(timestep=0.1, min_delay=0.5, **extra)
src = sim.Population(3, sim.SpikeSourceArray(spike_times=[
    [0.05, 0.6, 1.0, 1.04, 5.0, 12.35, 30.0], [2.0, 3.0, 20.17], [7.77, 7.78, 9.0]]), label="src")
a = sim.Population(2, sim.IF_cond_exp(tau_m=12.0), label="a")
b = sim.Population(3, sim.IF_curr_alpha(), label="b")
c = sim.Population(3, sim.Izhikevich(), label="c")
projections = [
    ("sa", sim.Projection(src, a, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.02, delay=1.0))),
    ("sb", sim.Projection(src, b, sim.OneToOneConnector(), sim.StaticSynapse(weight=2.0, delay=0.7))),
    ("sc", sim.Projection(src, c, sim.OneToOneConnector(), sim.StaticSynapse(weight=8.0, delay=0.5))),
]
src.record("spikes")
a.record(["spikes", "v", "gsyn_exc"])
b.record(["spikes", "v"])
c.record(["spikes", "v"])
# spike counts (pyNN.nest's count up to NEST's kernel time, min_delay past t) after each run
counts = []


def by_index(population):
    counted = population.get_spike_counts()
    return [int(counted[i]) for i in population.all_cells]


sim.run(20.0)
counts.append(by_index(src))
src.set(spike_times=[[5.0, 20.4, 20.5, 20.7, 25.0, 35.0], [19.9, 22.0], [30.0]])
sim.run(10.0)
counts.append(by_index(src))
src[1:2].set(spike_times=[[30.3, 30.8, 38.0]])
sim.run(10.0)
counts.append(by_index(src))
save(out, (src, a, b, c), projections, min_delay=sim.get_min_delay(), counts=counts)
sim.end()
