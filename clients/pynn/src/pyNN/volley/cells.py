# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""PyNN's standard cell types, translated to Volley's (NEST's) models as pyNN.nest does.

Every translation, unit factor and recordable name is pyNN.nest's
(``pyNN/nest/standardmodels/cells.py``), so a script's parameters reach Volley as the same
NEST numbers; the NEST model is the one pyNN.nest uses with ``spike_precision='on_grid'``
(Volley has no ``*_ps`` precise-timing models). Each class adds ``volley_state``: the
initial-state variables Volley's model accepts as parameters; any other state variable a cell
type initialises (such as the synaptic currents of the ``IF_curr_*`` cells) must keep NEST's
default of zero.
"""

from pyNN.standardmodels import build_translations, cells
from pyNN.standardmodels.base import ModelNotAvailable

from . import simulator


class IF_curr_alpha(cells.IF_curr_alpha):
    __doc__ = cells.IF_curr_alpha.__doc__
    translations = build_translations(
        ('v_rest',     'E_L'),
        ('v_reset',    'V_reset'),
        ('cm',         'C_m',      1000.0),  # C_m is in pF, cm in nF
        ('tau_m',      'tau_m'),
        ('tau_refrac', 't_ref'),
        ('tau_syn_E',  'tau_syn_ex'),
        ('tau_syn_I',  'tau_syn_in'),
        ('v_thresh',   'V_th'),
        ('i_offset',   'I_e',      1000.0),  # I_e is in pA, i_offset in nA
    )
    variable_map = {'v': 'V_m', 'isyn_exc': 'I_syn_ex', 'isyn_inh': 'I_syn_in'}
    scale_factors = {'v': 1, 'isyn_exc': 0.001, 'isyn_inh': 0.001}
    nest_model = "iaf_psc_alpha"
    volley_state = {"V_m"}
    standard_receptor_type = True


class IF_curr_exp(cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    translations = IF_curr_alpha.translations
    variable_map = IF_curr_alpha.variable_map
    scale_factors = IF_curr_alpha.scale_factors
    nest_model = "iaf_psc_exp"
    volley_state = {"V_m"}
    standard_receptor_type = True


class IF_curr_delta(cells.IF_curr_delta):
    __doc__ = cells.IF_curr_delta.__doc__
    translations = build_translations(
        ('v_rest',     'E_L'),
        ('v_reset',    'V_reset'),
        ('cm',         'C_m',      1000.0),
        ('tau_m',      'tau_m'),
        ('tau_refrac', 't_ref'),
        ('v_thresh',   'V_th'),
        ('i_offset',   'I_e',      1000.0),
    )
    variable_map = {'v': 'V_m'}
    scale_factors = {'v': 1}
    nest_model = "iaf_psc_delta"
    volley_state = {"V_m"}
    # pyNN.nest 0.13 gives this cell type no variable_map, so NEST ignores its initial 'v'
    # (with a warning) and V_m starts at NEST's default: the same here. (pyNN.nest cannot
    # record its 'v' either; pyNN.volley can.)
    initial_values_ignored = {'v': -70.0}
    standard_receptor_type = True
    receptor_scale = 1e-3  # synaptic weight is in mV, so need to undo usual weight scaling


_COND_TRANSLATIONS = build_translations(
    ('v_rest',     'E_L'),
    ('v_reset',    'V_reset'),
    ('cm',         'C_m',        1000.0),
    ('tau_m',      'g_L',        "cm/tau_m*1000.0", "C_m/g_L"),
    ('tau_refrac', 't_ref'),
    ('tau_syn_E',  'tau_syn_ex'),
    ('tau_syn_I',  'tau_syn_in'),
    ('v_thresh',   'V_th'),
    ('i_offset',   'I_e',        1000.0),
    ('e_rev_E',    'E_ex'),
    ('e_rev_I',    'E_in'),
)


class IF_cond_alpha(cells.IF_cond_alpha):
    __doc__ = cells.IF_cond_alpha.__doc__
    translations = _COND_TRANSLATIONS
    variable_map = {'v': 'V_m', 'gsyn_exc': 'g_ex', 'gsyn_inh': 'g_in'}
    scale_factors = {'v': 1, 'gsyn_exc': 0.001, 'gsyn_inh': 0.001}
    nest_model = "iaf_cond_alpha"
    volley_state = {"V_m", "g_ex", "g_in"}
    standard_receptor_type = True


class IF_cond_exp(cells.IF_cond_exp):
    __doc__ = cells.IF_cond_exp.__doc__
    translations = _COND_TRANSLATIONS
    variable_map = IF_cond_alpha.variable_map
    scale_factors = IF_cond_alpha.scale_factors
    nest_model = "iaf_cond_exp"
    volley_state = {"V_m", "g_ex", "g_in"}
    standard_receptor_type = True


class HH_cond_exp(cells.HH_cond_exp):
    __doc__ = cells.HH_cond_exp.__doc__
    translations = build_translations(
        ('gbar_Na',    'g_Na',  1000.0),  # uS --> nS
        ('gbar_K',     'g_K',   1000.0),
        ('g_leak',     'g_L',   1000.0),
        ('cm',         'C_m',   1000.0),  # nF --> pF
        ('v_offset',   'V_T'),
        ('e_rev_Na',   'E_Na'),
        ('e_rev_K',    'E_K'),
        ('e_rev_leak', 'E_L'),
        ('e_rev_E',    'E_ex'),
        ('e_rev_I',    'E_in'),
        ('tau_syn_E',  'tau_syn_ex'),
        ('tau_syn_I',  'tau_syn_in'),
        ('i_offset',   'I_e',   1000.0),  # nA --> pA
    )
    variable_map = {'v': 'V_m', 'gsyn_exc': 'g_ex', 'gsyn_inh': 'g_in',
                    'm': 'Act_m', 'n': 'Act_n', 'h': 'Inact_h'}
    scale_factors = {'v': 1, 'gsyn_exc': 0.001, 'gsyn_inh': 0.001, 'm': 1, 'n': 1, 'h': 1}
    nest_model = "hh_cond_exp_traub"
    volley_state = {"V_m", "Act_m", "Act_n", "Inact_h"}
    standard_receptor_type = True


_EIF_TRANSLATIONS = build_translations(
    ('cm',         'C_m',       1000.0),  # nF -> pF
    ('tau_refrac', 't_ref'),
    ('v_spike',    'V_peak'),
    ('v_reset',    'V_reset'),
    ('v_rest',     'E_L'),
    ('tau_m',      'g_L',       "cm/tau_m*1000.0", "C_m/g_L"),
    ('i_offset',   'I_e',       1000.0),  # nA -> pA
    ('a',          'a'),
    ('b',          'b',         1000.0),  # nA -> pA.
    ('delta_T',    'Delta_T'),
    ('tau_w',      'tau_w'),
    ('v_thresh',   'V_th'),
    ('e_rev_E',    'E_ex'),
    ('tau_syn_E',  'tau_syn_ex'),
    ('e_rev_I',    'E_in'),
    ('tau_syn_I',  'tau_syn_in'),
)


class EIF_cond_alpha_isfa_ista(cells.EIF_cond_alpha_isfa_ista):
    __doc__ = cells.EIF_cond_alpha_isfa_ista.__doc__
    translations = _EIF_TRANSLATIONS
    variable_map = {'v': 'V_m', 'gsyn_exc': 'g_ex', 'gsyn_inh': 'g_in', 'w': 'w'}
    scale_factors = {'v': 1, 'gsyn_exc': 0.001, 'gsyn_inh': 0.001, 'w': 0.001}
    nest_model = "aeif_cond_alpha"
    volley_state = {"V_m", "g_ex", "g_in", "w"}
    standard_receptor_type = True


class EIF_cond_exp_isfa_ista(cells.EIF_cond_exp_isfa_ista):
    __doc__ = cells.EIF_cond_exp_isfa_ista.__doc__
    translations = _EIF_TRANSLATIONS
    variable_map = EIF_cond_alpha_isfa_ista.variable_map
    scale_factors = EIF_cond_alpha_isfa_ista.scale_factors
    nest_model = "aeif_cond_exp"
    volley_state = {"V_m", "g_ex", "g_in", "w"}
    standard_receptor_type = True


class Izhikevich(cells.Izhikevich):
    __doc__ = cells.Izhikevich.__doc__
    translations = build_translations(
        ('a',        'a'),
        ('b',        'b'),
        ('c',        'c'),
        ('d',        'd'),
        ('i_offset', 'I_e', 1000.0),
    )
    variable_map = {'v': 'V_m', 'u': 'U_m'}
    scale_factors = {'v': 1, 'u': 1}
    nest_model = "izhikevich"
    volley_state = {"V_m", "U_m"}
    standard_receptor_type = True
    receptor_scale = 1e-3  # synaptic weight is in mV, so need to undo usual weight scaling


class SpikeSourcePoisson(cells.SpikeSourcePoisson):
    """Spike source, generating spikes according to a Poisson process.

    As in pyNN.nest, each cell is a ``parrot_neuron`` relaying a ``poisson_generator`` with a
    delay of ``min_delay``: one train per cell, shared by all its targets; the generator's
    window has pyNN.nest's ``origin`` of 1 ms (model.POISSON_ORIGIN).
    """
    translations = build_translations(
        ('rate',     'rate'),
        ('start',    'start'),
        ('duration', 'stop',    "start+duration", "stop-start"),
    )
    nest_model = "parrot_neuron"
    uses_parrot = True


def adjust_spike_times_forward(spike_times):
    """pyNN.nest's shift of spike times by the parrot's delay, with ``min_delay`` read now."""
    return spike_times - simulator.state.min_delay


def adjust_spike_times_backward(spike_times):
    return spike_times + simulator.state.min_delay


class SpikeSourceArray(cells.SpikeSourceArray):
    """Spike source generating spikes at the times given in the spike_times array.

    A ``volley_spike_source`` population. Its times are those NEST's spike generator and
    parrot would produce under pyNN.nest: shifted back by ``min_delay`` when they are set,
    stamped on the grid, and forward by the parrot delay (``min_delay`` at the first run).
    """
    translations = build_translations(
        ('spike_times', 'spike_times', adjust_spike_times_forward, adjust_spike_times_backward),
    )
    nest_model = "volley_spike_source"
    uses_parrot = True


class IF_cond_exp_gsfa_grr(ModelNotAvailable):
    pass


class IF_facets_hardware1(ModelNotAvailable):
    pass


class SpikeSourcePoissonRefractory(ModelNotAvailable):
    pass


class SpikeSourceGamma(ModelNotAvailable):
    pass


class SpikeSourceInhGamma(ModelNotAvailable):
    pass


class GIF_cond_exp(ModelNotAvailable):
    pass


class PointNeuron(ModelNotAvailable):
    pass
