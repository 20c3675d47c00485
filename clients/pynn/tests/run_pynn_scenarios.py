#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Run PyNN's own scenario tests (``test/system/scenarios``) against pyNN.volley.

The scenarios come from the PyNN 0.13.0 source distribution, downloaded at test time
(pynn_sdist.py) and never copied into this repository. Each scenario is written for a
list of backends (``@run_with_simulators("nest", "neuron", ...)``); here every one of them runs
with pyNN.volley only. The outcome of each is checked against :data:`NOT_APPLICABLE`, the
scenarios that need a feature pyNN.volley does not have, each with the reason:

- a scenario that passes and is not listed: pass;
- a listed scenario that fails: not applicable (the reason is printed);
- any other failure: FAIL — the exit status is 1;
- a listed scenario that passes: reported, so that the list can be corrected (status 1).

Usage: ``run_pynn_scenarios.py [-k EXPRESSION] [--keep DIR]`` (with ``VOLLEY_BIN`` set).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pynn_sdist  # noqa: E402

# Scenario -> why it does not apply to pyNN.volley.
_AC = "ACSource: Volley has no ac_generator"
_TSODYKS = ("TsodyksMarkramSynapse is NEST's tsodyks_synapse (pyNN.nest's model); Volley has "
            "tsodyks2_synapse only, which gives other numbers")
_OFF_GRID = "spike_precision='off_grid' (precise spike times): Volley's models are grid-based"
NOT_APPLICABLE = {
    "test_cell_types.py::test_SpikeSourceGamma": "SpikeSourceGamma: Volley has no gamma generator",
    "test_cell_types.py::test_SpikeSourcePoissonRefractory":
        "SpikeSourcePoissonRefractory: Volley has no dead-time Poisson generator",
    "test_cell_types.py::test_composed_neuron_model_homogeneous_receptors":
        "PointNeuron (composed cell types with named receptors): Volley has no multisynapse models",
    "test_connectors.py::test_all_to_all_tsodyksmarkram": _TSODYKS,
    "test_connectors.py::test_fixed_number_post_with_replacement_heterogeneous_parameters": _TSODYKS,
    "test_connectors.py::test_fixed_number_pre_with_replacement_heterogeneous_parameters": _TSODYKS,
    "test_electrodes.py::test_issue437": "NoisyCurrentSource: Volley has no noise_generator",
    "test_electrodes.py::test_issue442": _AC,
    "test_electrodes.py::test_issue445": _AC,
    "test_electrodes.py::test_issue497": _AC,
    "test_electrodes.py::test_issue512":
        "reads StepCurrentSource times back as pyNN.nest does (minus min_delay), which the "
        "scenario expects only of a backend named 'nest'",
    "test_electrodes.py::test_issue631": _AC,
    "test_electrodes.py::test_issue_465_474_630": _AC,
    "test_parameter_handling.py::test_issue505": _TSODYKS,
    "test_parameter_handling.py::test_set_synaptic_parameters_fully_connected": _TSODYKS,
    "test_parameter_handling.py::test_set_synaptic_parameters_multiply_connected": _TSODYKS,
    "test_parameter_handling.py::test_set_synaptic_parameters_partially_connected": _TSODYKS,
    "test_recording.py::test_issue259": _OFF_GRID,
    "test_scenario2.py::test_scenario2": _OFF_GRID,
    "test_scenario4.py::test_scenario4": _TSODYKS,
    "test_scenario5.py::test_scenario5": "multi-compartment neurons (written for arbor and neuron only)",
    "test_synapse_types.py::test_simple_stochastic_synapse":
        "SimpleStochasticSynapse: Volley has no stochastic synapse",
}


FIXTURES = '''"""run_with_simulators, rewritten by run_pynn_scenarios.py: every scenario runs with
pyNN.volley only."""
import pyNN.volley
import pytest


def run_with_simulators(*sim_names):
    return pytest.mark.parametrize("sim", [pytest.param(pyNN.volley, id="volley")])
'''


def extract_scenarios(directory, cache):
    """The scenarios package, with its fixtures rewritten, in `directory`/scenarios."""
    target = pynn_sdist.extract("test/system/scenarios", os.path.join(directory, "scenarios"), cache)
    with open(os.path.join(target, "fixtures.py"), "w") as f:
        f.write(FIXTURES)


def outcomes(junit_xml):
    """{module::test: (outcome, message)} from pytest's JUnit XML."""
    results = {}
    for case in ElementTree.parse(junit_xml).getroot().iter("testcase"):
        module = case.get("classname").split(".")[-1] + ".py"
        name = f"{module}::{case.get('name').split('[')[0]}"
        outcome, message = "passed", ""
        for kind in ("failure", "error", "skipped"):
            element = case.find(kind)
            if element is not None:
                outcome = "skipped" if kind == "skipped" else "failed"
                message = (element.get("message") or "").split("\n")[0][:200]
        results[name] = (outcome, message)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", help="pytest -k expression (a subset of the scenarios)")
    parser.add_argument("--keep", help="extract and run in this directory and keep it")
    parser.add_argument("--cache", default=pynn_sdist.CACHE)
    args = parser.parse_args()
    if not os.environ.get("VOLLEY_BIN"):
        sys.exit("set VOLLEY_BIN to the volley executable")
    with tempfile.TemporaryDirectory(prefix="pynn-scenarios-") as scratch:
        directory = args.keep or scratch
        extract_scenarios(directory, args.cache)
        junit = os.path.join(directory, "scenarios.xml")
        command = [sys.executable, "-m", "pytest", "scenarios", "-q", "-p", "no:cacheprovider",
                   f"--junitxml={junit}", "-o", "junit_family=xunit1"]
        if args.k:
            command += ["-k", args.k]
        subprocess.run(command, cwd=directory, stdout=None if args.keep else subprocess.DEVNULL)
        results = outcomes(junit)
    tally = {"pass": 0, "not applicable": 0, "skipped": 0, "FAIL": 0,
             "LISTED BUT PASSED": 0}
    for name, (outcome, message) in sorted(results.items()):
        reason = NOT_APPLICABLE.get(name)
        if outcome == "passed":
            verdict = "LISTED BUT PASSED" if reason else "pass"
        elif outcome == "skipped":
            verdict = "not applicable" if reason else "skipped"
            reason = reason or message
        else:
            verdict = "not applicable" if reason else "FAIL"
            reason = reason or message
        tally[verdict] += 1
        print(f"{verdict:>17}  {name}" + (f"  ({reason})" if reason else ""))
    print(", ".join(f"{n} {k}" for k, n in tally.items()))
    return 1 if tally["FAIL"] or tally["LISTED BUT PASSED"] else 0


if __name__ == "__main__":
    sys.exit(main())
