# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""PyNN's own scenario tests against pyNN.volley (run_pynn_scenarios.py): none may fail except
those listed there as not applicable, with their reason."""

import os
import subprocess
import sys


def test_pynn_scenarios(volley_bin, tmp_path):
    done = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "run_pynn_scenarios.py"),
                           "--keep", str(tmp_path)], capture_output=True, text=True,
                          env={**os.environ, "VOLLEY_BIN": volley_bin})
    print(done.stdout)   # every scenario with its verdict, and the tally (pytest -s)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
