# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Synapse types: static synapses and the STDP rules pyNN.nest maps onto ``stdp_synapse``.

The translations are pyNN.nest's (``pyNN/nest/standardmodels/synapses.py``): weights in
nA or µS become pA or nS, ``A_plus`` is NEST's ``lambda`` and ``A_minus`` its ``alpha =
A_minus / A_plus``, and the weight dependences are ``stdp_synapse`` with NEST's ``mu_plus`` and
``mu_minus``. Volley's ``stdp_synapse`` is NEST's, to NEST's numbers. Other synapse types
(NEST's ``tsodyks_synapse``, stochastic synapses, other STDP rules) have no Volley model.
"""

import numpy as np

from pyNN.standardmodels import build_translations, synapses
from pyNN.standardmodels.base import ModelNotAvailable

from .simulator import state


class VolleySynapseMixin:

    def _get_minimum_delay(self):
        return state.min_delay

    def _set_tau_minus(self, cells):
        """STDP's tau_minus belongs to the post-synaptic cells, as in NEST (pyNN.nest sets it).

        `cells` is a list of (root population, indices) pairs.
        """


class StaticSynapse(VolleySynapseMixin, synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = build_translations(
        ('weight', 'weight', 1000.0),
        ('delay', 'delay'),
    )
    volley_model = "static_synapse"


class STDPMechanism(VolleySynapseMixin, synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__
    base_translations = build_translations(
        ('weight', 'weight', 1000.0),  # nA->pA, uS->nS
        ('delay', 'delay'),
        ('dendritic_delay_fraction', 'dendritic_delay_fraction')
    )
    volley_model = "stdp_synapse"
    # The parameters of NEST's stdp_synapse a Volley synapse type takes (CopyModel's).
    volley_parameters = ("tau_plus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax")

    def __init__(self, timing_dependence=None, weight_dependence=None,
                 voltage_dependence=None, dendritic_delay_fraction=1.0,
                 weight=0.0, delay=None):
        if dendritic_delay_fraction != 1:
            raise ValueError("NEST does not currently support axonal delays: "
                             "for the purpose of STDP calculations all delays "
                             "are assumed to be dendritic.")
        if voltage_dependence is not None:
            raise NotImplementedError("pyNN.volley has no voltage-dependent STDP")
        super().__init__(timing_dependence, weight_dependence, voltage_dependence,
                         dendritic_delay_fraction, weight, delay)
        if "stdp_synapse" not in self.possible_models:
            raise NotImplementedError(
                f"pyNN.volley has no synapse model for {type(timing_dependence).__name__} with "
                f"{type(weight_dependence).__name__}")

    def _set_tau_minus(self, cells):
        native = self.native_parameters
        if not native["tau_minus"].is_homogeneous:
            raise ValueError(
                "pyNN.NEST does not support tau_minus being different for different synapses")
        native.shape = (1,)
        tau_minus = float(native["tau_minus"].evaluate(simplify=True))
        for root, indices in cells:
            # Volley's (NEST's) default is 20 ms
            root._native.setdefault("tau_minus", np.full(root.size, 20.0))[indices] = tau_minus


class AdditiveWeightDependence(synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = build_translations(
        ('w_max',     'Wmax',  1000.0),  # unit conversion
        ('w_min',     'w_min_always_zero_in_NEST'),
    )
    possible_models = {'stdp_synapse'}
    extra_parameters = {'mu_plus': 0.0, 'mu_minus': 0.0}

    def __init__(self, w_min=0.0, w_max=1.0):
        if w_min != 0:
            raise Exception("Non-zero minimum weight is not supported by NEST.")
        synapses.AdditiveWeightDependence.__init__(self, w_min, w_max)


class MultiplicativeWeightDependence(synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = AdditiveWeightDependence.translations
    possible_models = {'stdp_synapse'}
    extra_parameters = {'mu_plus': 1.0, 'mu_minus': 1.0}

    def __init__(self, w_min=0.0, w_max=1.0):
        if w_min != 0:
            raise Exception("Non-zero minimum weight is not supported by NEST.")
        synapses.MultiplicativeWeightDependence.__init__(self, w_min, w_max)


class AdditivePotentiationMultiplicativeDepression(
        synapses.AdditivePotentiationMultiplicativeDepression):
    __doc__ = synapses.AdditivePotentiationMultiplicativeDepression.__doc__
    translations = AdditiveWeightDependence.translations
    possible_models = {'stdp_synapse'}
    extra_parameters = {'mu_plus': 0.0, 'mu_minus': 1.0}

    def __init__(self, w_min=0.0, w_max=1.0):
        if w_min != 0:
            raise Exception("Non-zero minimum weight is not supported by NEST.")
        synapses.AdditivePotentiationMultiplicativeDepression.__init__(self, w_min, w_max)


class GutigWeightDependence(synapses.GutigWeightDependence):
    __doc__ = synapses.GutigWeightDependence.__doc__
    translations = build_translations(
        ('w_max',     'Wmax',  1000.0),  # unit conversion
        ('w_min',     'w_min_always_zero_in_NEST'),
        ('mu_plus',   'mu_plus'),
        ('mu_minus',  'mu_minus'),
    )
    possible_models = {'stdp_synapse'}

    def __init__(self, w_min=0.0, w_max=1.0, mu_plus=0.5, mu_minus=0.5):
        if w_min != 0:
            raise Exception("Non-zero minimum weight is not supported by NEST.")
        synapses.GutigWeightDependence.__init__(self, w_min, w_max)


def _translate_A_minus_forwards(**parameters):
    A_minus = parameters["A_minus"]
    A_plus = parameters["A_plus"]
    if A_plus == 0:
        # NEST multiplies alpha by lambda = A_plus = 0, so keep A_minus to read it back
        return A_minus
    return A_minus / A_plus


def _translate_A_minus_reverse(**parameters):
    alpha = parameters["alpha"]
    lambda_ = parameters["lambda"]
    if lambda_ == 0:
        return alpha
    return alpha * lambda_


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = build_translations(
        ('tau_plus',  'tau_plus'),
        ('tau_minus', 'tau_minus'),  # defined in post-synaptic neuron
        ('A_plus',    'lambda'),
        ('A_minus',   'alpha', _translate_A_minus_forwards, _translate_A_minus_reverse),
    )
    possible_models = {'stdp_synapse'}


class TsodyksMarkramSynapse(ModelNotAvailable):
    pass


class SimpleStochasticSynapse(ModelNotAvailable):
    pass


class StochasticTsodyksMarkramSynapse(ModelNotAvailable):
    pass


class MultiQuantalSynapse(ModelNotAvailable):
    pass


class Vogels2011Rule(ModelNotAvailable):
    pass
