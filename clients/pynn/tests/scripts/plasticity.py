# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""STDPMechanism as pyNN.nest maps it onto stdp_synapse: additive and multiplicative weight
dependences with the spike-pair rule, all-to-all and listed (inhibitory too), the learned weights
and the delays read back."""

from _common import save, simulator

sim, extra, out, args = simulator()
sim.setup(timestep=0.1, min_delay=0.1, **extra)
pre = sim.Population(3, sim.SpikeSourceArray(spike_times=[[5.0, 25.0, 45.0, 65.0], [10.0, 30.0, 50.0],
                                                          [12.0, 33.0, 61.0]]), label="pre")
teacher = sim.Population(1, sim.SpikeSourceArray(spike_times=[[7.0, 27.0, 47.0, 67.0]]), label="teacher")
post = sim.Population(2, sim.IF_cond_exp(), label="post")
additive = sim.STDPMechanism(
    timing_dependence=sim.SpikePairRule(tau_plus=20.0, tau_minus=15.0, A_plus=0.05, A_minus=0.06),
    weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.05), weight=0.02, delay=1.0)
multiplicative = sim.STDPMechanism(
    timing_dependence=sim.SpikePairRule(tau_plus=10.0, tau_minus=15.0, A_plus=0.02, A_minus=0.03),
    weight_dependence=sim.MultiplicativeWeightDependence(w_min=0.0, w_max=0.04), weight=0.02, delay=1.0)
projections = [
    ("additive", sim.Projection(pre, post, sim.AllToAllConnector(), additive)),
    ("multiplicative", sim.Projection(pre, post, sim.FromListConnector([(0, 1, 0.01, 2.0), (2, 0, 0.015, 0.5)]),
                                      multiplicative)),
    # inhibitory onto a conductance cell, listed: NEST's weights and Wmax negative, row by row
    ("inhibitory", sim.Projection(pre, post, sim.FromListConnector([(1, 0, 0.01, 2.9), (2, 1, 0.02, 0.6)]),
                                  additive, receptor_type="inhibitory")),
]
sim.Projection(teacher, post, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1, delay=1.0))
post.record(["spikes", "v"])
# read mid-run right after pre spikes (45.0 ms, 50.0 ms with its 0.5 ms delay): pyNN.nest's
# kernel is min_delay ahead, so those spikes have been delivered and the weights moved
sim.run(45.1)
mid = {f"{name}/mid/connections": p.get(["weight", "delay"], format="list") for name, p in projections}
sim.run(50.1)
mid.update({f"{name}/mid2/connections": p.get(["weight", "delay"], format="list") for name, p in projections})
sim.run(80.0)
save(out, (post,), projections, **mid)
sim.end()
