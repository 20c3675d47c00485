# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Every standard cell type driven by currents and by each other: i_offset, DCSource on a whole
population and on a view, StepCurrentSource, AllToAll and OneToOne projections (excitatory and inhibitory,
current- and conductance-based, into voltage-jump cells), spikes, v and gsyn recorded, two
runs with a current changed in between."""

from _common import save, simulator

sim, extra, out, args = simulator()
sim.setup(timestep=0.1, **extra)
cells = {
    "cond_exp": sim.IF_cond_exp(i_offset=1.0, tau_m=15.0),
    "cond_alpha": sim.IF_cond_alpha(i_offset=0.8),
    "curr_alpha": sim.IF_curr_alpha(i_offset=0.9),
    "curr_exp": sim.IF_curr_exp(i_offset=0.9, tau_syn_I=3.0),
    "curr_delta": sim.IF_curr_delta(i_offset=0.9),
    "eif_exp": sim.EIF_cond_exp_isfa_ista(i_offset=1.0),
    "eif_alpha": sim.EIF_cond_alpha_isfa_ista(i_offset=1.0, b=0.05),
    "hh": sim.HH_cond_exp(i_offset=0.2),
    "izh": sim.Izhikevich(i_offset=0.01),
}
populations = {}
for label, celltype in cells.items():
    populations[label] = sim.Population(3, celltype, label=label)
    # pyNN.nest cannot record v of IF_curr_delta (its cell type has no variable_map)
    populations[label].record("spikes" if label == "curr_delta" else ["spikes", "v"])
populations["cond_exp"].record("gsyn_exc")
populations["cond_alpha"].record(["gsyn_exc", "gsyn_inh"])
step = sim.DCSource(amplitude=0.5, start=20.0, stop=60.0)
step.inject_into(populations["cond_exp"][0:1])
tonic = sim.DCSource(amplitude=0.3)
tonic.inject_into(populations["curr_exp"])
steps = sim.StepCurrentSource(times=[0.0, 10.0, 25.05, 25.1, 40.0], amplitudes=[0.2, 0.5, -0.3, 0.7, 0.0])
steps.inject_into(populations["curr_alpha"][1:3])
projections = [
    ("exc", sim.Projection(populations["cond_exp"], populations["curr_alpha"],
                           sim.AllToAllConnector(), sim.StaticSynapse(weight=0.5, delay=1.0))),
    ("inh", sim.Projection(populations["curr_exp"], populations["cond_alpha"], sim.OneToOneConnector(),
                           sim.StaticSynapse(weight=0.01, delay=0.5), receptor_type="inhibitory")),
    ("cinh", sim.Projection(populations["eif_exp"], populations["curr_exp"], sim.AllToAllConnector(),
                            sim.StaticSynapse(weight=-0.2, delay=0.3), receptor_type="inhibitory")),
    ("izh", sim.Projection(populations["hh"], populations["izh"], sim.OneToOneConnector(),
                           sim.StaticSynapse(weight=3.0, delay=1.2))),
    ("delta", sim.Projection(populations["izh"], populations["curr_delta"], sim.AllToAllConnector(),
                             sim.StaticSynapse(weight=2.0, delay=0.8))),
]
sim.run(30.0)
step.amplitude = 1.5
tonic.set_parameters(amplitude=0.0)
steps.set_parameters(times=[20.0, 31.0, 33.3, 50.0], amplitudes=[0.1, 0.9, 0.3, 0.0])
sim.run(45.3)
save(out, populations.values(), projections, min_delay=sim.get_min_delay())
sim.end()
