# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""PyNN's own examples (from the 0.13.0 sdist), unchanged: each takes the simulator's name on
its command line, and runs once with ``volley`` and once with ``nest``.

Examples whose cells are grid-based in NEST and whose inputs are deterministic must give the
same data files: the same spikes, signals within 1e-6. pyNN.nest's default
``spike_precision='off_grid'`` makes its IF_curr_exp, IF_curr_delta and SpikeSourcePoisson
NEST's precise-timing models, and Poisson inputs are drawn by each simulator: for the examples
that use them (the VA benchmarks) the firing rates are compared instead. brunel.py's rate moves
by ±15 Hz from one Poisson seed to the next, and the script averages 50 cells drawn by an
unseeded RNG: it is compared over seeds, with every cell recorded, against pyNN.nest's rates
kept in fixtures/brunel_nest_rates.json.
"""

import glob
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from neo.io import PickleIO

from pynn_sdist import extract


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    return extract("examples", str(tmp_path_factory.mktemp("examples")))


def run_example(examples, name, backend, args, directory, volley_bin):
    os.makedirs(directory)
    done = subprocess.run([sys.executable, os.path.join(examples, name), backend, *args],
                          cwd=directory, capture_output=True, text=True, timeout=3600,
                          env={**os.environ, "VOLLEY_BIN": volley_bin, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, f"{name} {backend}: {done.stderr[:1500]} … {done.stderr[-1500:]}"
    files = sorted(glob.glob(os.path.join(directory, "Results", "**", "*.pkl"), recursive=True))
    return done.stdout, [PickleIO(f).read_block() for f in files]


EXACT = [
    pytest.param("small_network.py", ()),
    pytest.param("specific_network.py", ()),
    pytest.param("inhomogeneous_network.py", ()),
    # (simple_STDP.py is left out: under pyNN.nest it stops in PyNN's OneToOneConnector, whose
    # `source_mask.nonzero()` numpy 2 refuses; pyNN.volley takes Volley's one_to_one there)
    pytest.param("HH_cond_exp2.py", ()),
]


@pytest.mark.parametrize("name,args", EXACT)
def test_example_gives_pynn_nests_data(name, args, examples, tmp_path, volley_bin, nest_available):
    _, volley = run_example(examples, name, "volley", args, tmp_path / "volley", volley_bin)
    _, nest = run_example(examples, name, "nest", args, tmp_path / "nest", volley_bin)
    assert len(volley) == len(nest) > 0
    for a, b in zip(volley, nest):
        for sa, sb in zip(a.segments, b.segments):
            assert len(sa.spiketrains) == len(sb.spiketrains)
            for ta, tb in zip(sa.spiketrains, sb.spiketrains):
                np.testing.assert_array_equal(np.asarray(ta), np.asarray(tb))
            for xa, xb in zip(sorted(sa.analogsignals, key=lambda s: s.name),
                              sorted(sb.analogsignals, key=lambda s: s.name)):
                assert xa.name == xb.name and xa.shape == xb.shape
                np.testing.assert_allclose(np.asarray(xa), np.asarray(xb), rtol=0, atol=1e-6)


STATISTICAL = [
    pytest.param("VAbenchmarks.py", ("CUBA",), id="VAbenchmarks-CUBA"),
    pytest.param("VAbenchmarks.py", ("COBA",), id="VAbenchmarks-COBA"),
]


def rates(stdout):
    return {kind: float(value) for kind, value in
            re.findall(r"(Excitatory|Inhibitory) rate\s*:\s*([0-9.eE+-]+) Hz", stdout)}


@pytest.mark.parametrize("name,args", STATISTICAL)
def test_example_fires_as_with_pynn_nest(name, args, examples, tmp_path, volley_bin, nest_available):
    volley, _ = run_example(examples, name, "volley", args, tmp_path / "volley", volley_bin)
    nest, _ = run_example(examples, name, "nest", args, tmp_path / "nest", volley_bin)
    volley, nest = rates(volley), rates(nest)
    assert set(volley) == set(nest) == {"Excitatory", "Inhibitory"}
    for kind in volley:
        # the same network (PyNN draws it), other Poisson draws or spike-time precision
        assert volley[kind] == pytest.approx(nest[kind], rel=0.25, abs=1.0), kind


def brunel_variant(examples):
    """brunel.py with two edits: the seed of the Poisson inputs from $SEED, and every cell's
    spikes recorded instead of 50 drawn by an unseeded RNG."""
    with open(os.path.join(examples, "brunel.py")) as f:
        text = f.read()
    edits = [("extra = {}", 'import os\nextra = {"rng_seed": int(os.environ["SEED"])}'),
             ("E_net.sample(Nrec).record('spikes')", "E_net.record('spikes')"),
             ("I_net.sample(Nrec).record('spikes')", "I_net.record('spikes')")]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = os.path.join(examples, "brunel_seeded.py")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_brunel_fires_as_with_pynn_nest_over_seeds(examples, tmp_path, volley_bin):
    """The unchanged example runs; over six seeds its mean rates are pyNN.nest's over ten
    (Welch's t below 3: a shift of about 12 Hz would be seen)."""
    stdout, blocks = run_example(examples, "brunel.py", "volley", (), tmp_path / "unchanged", volley_bin)
    assert set(rates(stdout)) == {"Excitatory", "Inhibitory"} and len(blocks) == 1
    script = brunel_variant(examples)
    with open(os.path.join(os.path.dirname(__file__), "fixtures", "brunel_nest_rates.json")) as f:
        nest = json.load(f)["seeds"]
    mine = []
    for seed in range(1, 7):
        directory = tmp_path / f"seed{seed}"
        os.makedirs(directory)
        done = subprocess.run([sys.executable, script, "volley"], cwd=directory, capture_output=True, text=True,
                              timeout=600, env={**os.environ, "VOLLEY_BIN": volley_bin, "SEED": str(seed)})
        assert done.returncode == 0, done.stderr[-2000:]
        mine.append(rates(done.stdout))
    for kind in ("Excitatory", "Inhibitory"):
        a = np.array([r[kind] for r in mine])
        b = np.array([r[kind] for r in nest.values()])
        t = (a.mean() - b.mean()) / np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        assert abs(t) < 3, f"{kind}: pyNN.volley {a.mean():.1f} Hz {a.round(1)}, pyNN.nest {b.mean():.1f} Hz {b.round(1)}"
