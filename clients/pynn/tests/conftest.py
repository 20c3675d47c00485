# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Fixtures of pyNN.volley's tests: the volley executable, and running a script of
tests/scripts under pyNN.volley or pyNN.nest.

``VOLLEY_BIN`` must name the volley executable. The comparisons with pyNN.nest run NEST in the
same interpreter's environment; they are skipped, saying so, only when ``import nest`` fails.
Each script run is a process of its own, as two PyNN backends are not meant to share one.
"""

import os
import pickle
import subprocess
import sys

import pytest


HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "scripts")


@pytest.fixture(scope="session")
def volley_bin():
    binary = os.environ.get("VOLLEY_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail("set VOLLEY_BIN to the volley executable (swift build -c release)")
    return binary


@pytest.fixture(scope="session")
def nest_available():
    done = subprocess.run([sys.executable, "-c", "import nest, pyNN.nest"], capture_output=True)
    if done.returncode != 0:
        pytest.skip("NEST is not importable here (pyNN.nest comparison): "
                    + done.stderr.decode().strip().splitlines()[-1])
    return True


@pytest.fixture
def run_script(tmp_path, volley_bin):
    """Run tests/scripts/NAME.py with a backend ('volley' or 'nest') and extra arguments;
    returns what the script saved (a dict)."""
    def run(name, backend, *args):
        out = tmp_path / f"{name}-{backend}-{'-'.join(args) or 'default'}.pkl"
        done = subprocess.run([sys.executable, os.path.join(SCRIPTS, name + ".py"), backend,
                               str(out), *args], capture_output=True, text=True,
                              env={**os.environ, "VOLLEY_BIN": volley_bin})
        if done.returncode != 0:
            raise AssertionError(f"{name}.py {backend} {' '.join(args)} failed:\n{done.stderr}")
        with open(out, "rb") as f:
            return pickle.load(f)
    return run
