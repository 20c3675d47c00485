# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""pyNN.volley on its own: running and re-running, reset, what it returns, what it refuses, the
model it writes. (test_nest_comparison.py compares the numbers with pyNN.nest.)"""

import os

import numpy as np
import pytest
import quantities as pq
from pyNN import errors
from pyNN.random import NumpyRNG, RandomDistribution

import pyNN.volley as sim
from pyNN.volley import model, modelfile
from pyNN.volley.simulator import state
from pyNN.volley.timegrid import TimeGrid


@pytest.fixture
def setup(volley_bin, monkeypatch):
    monkeypatch.setenv("VOLLEY_BIN", volley_bin)

    def setup(**kwargs):
        sim.setup(**kwargs)
        return sim
    yield setup
    sim.end()


def small_network(sim, amplitude=1.0):
    a = sim.Population(3, sim.IF_cond_exp(i_offset=amplitude), label="a")
    b = sim.Population(2, sim.IF_curr_alpha(i_offset=0.6), label="b")
    sim.Projection(a, b, sim.AllToAllConnector(), sim.StaticSynapse(weight=1.5, delay=1.0))
    a.record(["spikes", "v", "gsyn_exc"])
    b.record(["spikes", "v"])
    return a, b


def traces(population, segment=0):
    data = population.get_data().segments[segment]
    return [np.asarray(st.times) for st in data.spiketrains], np.asarray(data.filter(name="v")[0])


# --- running ------------------------------------------------------------------------------

def test_run_twice_is_one_longer_run(setup):
    sim = setup()
    a, b = small_network(sim)
    sim.run(40.0)
    sim.run(35.5)
    twice = traces(b)
    sim.end()
    sim.setup()
    a, b = small_network(sim)
    sim.run(75.5)
    once = traces(b)
    assert [list(t) for t in twice[0]] == [list(t) for t in once[0]]
    np.testing.assert_array_equal(twice[1], once[1])
    assert sum(len(t) for t in once[0]) > 0


def test_what_get_data_returns(setup):
    sim = setup(timestep=0.1)
    a = sim.Population(3, sim.IF_cond_exp(i_offset=1.0), label="a")
    a.record(["spikes", "v", "gsyn_exc"], sampling_interval=0.5)
    sim.run(50.0)
    block = a.get_data()
    segment = block.segments[0]
    assert block.name == "a" and block.annotations["simulator"] == "Volley"
    assert len(segment.spiketrains) == 3
    assert all(st.t_stop == 50.0 * pq.ms and st.units == pq.ms for st in segment.spiketrains)
    v = segment.filter(name="v")[0]
    assert v.units == pq.mV and v.sampling_period == 0.5 * pq.ms and v.t_start == 0 * pq.ms
    assert v.shape == (101, 3)                        # t = 0 (the initial value), 0.5, …, 50
    np.testing.assert_array_equal(np.asarray(v)[0], -65.0)
    g = segment.filter(name="gsyn_exc")[0]
    assert g.units == pq.uS and g.shape == (101, 3)
    assert a.get_spike_counts() == {int(id): len(st) for id, st in zip(a, segment.spiketrains)}


def test_reset_starts_a_new_identical_segment_and_then_accepts_changes(setup):
    sim = setup()
    a, b = small_network(sim)
    sim.run(30.0)
    sim.reset()
    sim.run(30.0)
    first, second = traces(a, 0), traces(a, 1)
    np.testing.assert_array_equal(first[1], second[1])
    sim.reset()
    a.set(i_offset=1.5)                               # allowed again at t = 0
    sim.run(30.0)
    assert sum(map(len, traces(a, 2)[0])) > sum(map(len, first[0]))


def test_get_data_with_clear_returns_what_came_after(setup):
    sim = setup()
    a, b = small_network(sim)
    sim.run(30.0)
    early = a.get_data(clear=True).segments[0]
    sim.run(30.0)
    late = a.get_data().segments[0]
    assert all(np.all(np.asarray(st.times) > 30.0) for st in late.spiketrains)
    assert sum(map(len, early.spiketrains)) + sum(map(len, late.spiketrains)) == \
        sum(a.get_spike_counts().values()) + sum(map(len, early.spiketrains))
    v = late.filter(name="v")[0]
    assert v.t_start == 30.0 * pq.ms and v.shape[0] == 301


def test_poisson_source_is_one_train_per_cell_shared_by_its_targets(setup):
    sim = setup(rng_seed=7)
    source = sim.Population(2, sim.SpikeSourcePoisson(rate=[40.0, 80.0], start=100.0, duration=400.0))
    targets = sim.Population(2, sim.IF_cond_exp())
    sim.Projection(source, targets, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.01, delay=1.0))
    source.record("spikes")
    targets.record("v")
    sim.run(1000.0)
    trains = source.get_data().segments[0].spiketrains
    v = np.asarray(targets.get_data().segments[0].filter(name="v")[0])
    np.testing.assert_array_equal(v[:, 0], v[:, 1])   # the same input
    counts = [len(t) for t in trains]
    assert 8 <= counts[0] <= 32 and 20 <= counts[1] <= 52    # 16 and 32 expected
    # pyNN.nest's window: the generator's origin of 1 ms, then the parrot's min_delay
    assert all(101.0 < float(t.min()) and float(t.max()) <= 502.0 for t in trains)


def test_poisson_trains_follow_the_seed(setup):
    def run(seed):
        sim.setup(rng_seed=seed)
        source = sim.Population(3, sim.SpikeSourcePoisson(rate=50.0))
        source.record("spikes")
        sim.run(500.0)
        trains = [list(np.asarray(t)) for t in source.get_data().segments[0].spiketrains]
        sim.end()
        return trains
    setup()
    assert run(3) == run(3) != run(4)


def test_a_poisson_rate_changed_between_runs_applies_from_then_on(setup):
    sim = setup(min_delay=0.5)
    source = sim.Population(1, sim.SpikeSourcePoisson(rate=0.0))
    source.record("spikes")
    sim.run(10.0)
    source.set(rate=1e6)                              # a spike in every step
    sim.run(5.0)
    times = np.asarray(source.get_data().segments[0].spiketrains[0])
    # NEST's kernel is at 10.5 ms (pyNN.nest simulates min_delay ahead); the parrot adds 0.5
    np.testing.assert_allclose(times, np.arange(11.1, 15.05, 0.1))


def test_workers_and_threads_give_the_same_run(setup, volley_bin):
    results = []
    for extra in ({}, {"threads": 2}, {"workers": 2}):
        sim.setup(**extra)
        a, b = small_network(sim)
        sim.run(60.0)
        results.append(traces(a))
        sim.end()
    setup()
    for other in results[1:]:
        np.testing.assert_array_equal(other[1], results[0][1])


# --- refusing what is not supported -------------------------------------------------------

@pytest.mark.parametrize("make,name", [
    (lambda: sim.ACSource(), "ACSource"),
    (lambda: sim.NoisyCurrentSource(), "NoisyCurrentSource"),
    (lambda: sim.TsodyksMarkramSynapse(), "TsodyksMarkramSynapse"),
    (lambda: sim.SpikeSourceGamma(), "SpikeSourceGamma"),
    (lambda: sim.IF_cond_exp_gsfa_grr(), "IF_cond_exp_gsfa_grr"),
])
def test_unsupported_models_are_named(setup, make, name):
    setup()
    with pytest.raises(NotImplementedError, match=name):
        make()


def test_off_grid_spike_precision_is_refused(volley_bin, monkeypatch):
    monkeypatch.setenv("VOLLEY_BIN", volley_bin)
    with pytest.raises(NotImplementedError, match="off_grid"):
        sim.setup(spike_precision="off_grid")


@pytest.mark.parametrize("change", [
    lambda a, b: a.set(tau_m=12.0),
    lambda a, b: b.initialize(v=-60.0),
    lambda a, b: sim.Projection(b, a, sim.OneToOneConnector(), sim.StaticSynapse()),
    lambda a, b: a.record("gsyn_inh"),
    lambda a, b: sim.DCSource(amplitude=1.0),
    lambda a, b: sim.Population(1, sim.IF_cond_exp()),
])
def test_changing_the_network_after_a_run_is_refused(setup, change):
    sim = setup()
    a, b = small_network(sim)
    sim.run(10.0)
    with pytest.raises(NotImplementedError, match="Call reset"):
        change(a, b)


def test_a_model_volley_refuses_raises_with_its_message(setup):
    sim = setup()
    sim.Population(1, sim.IF_cond_exp(v_reset=-40.0, v_thresh=-50.0))
    with pytest.raises(errors.InvalidParameterValueError, match="V_reset"):
        sim.run(1.0)


def test_initial_synaptic_currents_other_than_zero_are_refused(setup):
    sim = setup()
    p = sim.Population(2, sim.IF_curr_exp())
    with pytest.raises(NotImplementedError, match="isyn_exc"):
        p.initialize(isyn_exc=0.1)


def test_volley_drawn_connections_cannot_be_listed(setup):
    sim = setup()
    a = sim.Population(5, sim.IF_cond_exp())
    prj = sim.Projection(a, a, sim.FixedProbabilityConnector(0.5, rng=sim.NativeRNG(1)),
                         sim.StaticSynapse(weight=0.01))
    with pytest.raises(NotImplementedError, match="NativeRNG"):
        prj.get("weight", format="list")
    with pytest.raises(NotImplementedError, match="PopulationView"):
        sim.Projection(a[0:2], a, sim.FixedProbabilityConnector(0.5, rng=sim.NativeRNG(1)))
    with pytest.raises(NotImplementedError, match="gamma"):
        sim.Projection(a, a, sim.AllToAllConnector(), sim.StaticSynapse(
            weight=RandomDistribution("gamma", k=2.0, theta=0.01, rng=sim.NativeRNG(1))))


def test_run_until_off_the_grid_is_refused(setup):
    sim = setup(timestep=0.1)
    sim.Population(1, sim.IF_cond_exp())
    with pytest.raises(ValueError, match="multiple of the time step"):
        sim.run(10.05)


def test_without_volley_setup_says_how_to_find_it(monkeypatch):
    monkeypatch.setenv("VOLLEY_BIN", "/nonexistent/volley")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RuntimeError, match="VOLLEY_BIN"):
        sim.setup()


# --- the model written --------------------------------------------------------------------

def built(sim, tmp_path, t_sim=10.0):
    return model.build(state, t_sim, str(tmp_path))


def test_cells_become_nest_models_with_pynn_nest_translations(setup, tmp_path):
    sim = setup()
    sim.Population(2, sim.IF_cond_exp(cm=0.5, tau_m=25.0, i_offset=0.2, tau_refrac=1.5))
    sim.Population(1, sim.EIF_cond_alpha_isfa_ista(b=0.1, v_spike=-5.0))
    sim.Population(1, sim.HH_cond_exp(gbar_Na=10.0))
    spec, _ = built(sim, tmp_path)
    cond, eif, hh = (spec["populations"][name] for name in ("p0", "p1", "p2"))
    assert cond["model"] == "iaf_cond_exp" and cond["n"] == 2
    assert cond["params"]["C_m"] == 500.0 and cond["params"]["g_L"] == 0.5 / 25.0 * 1000.0
    assert cond["params"]["I_e"] == 200.0 and cond["params"]["t_ref"] == 1.5
    assert cond["params"]["V_m"] == -65.0             # PyNN's initial v
    assert eif["model"] == "aeif_cond_alpha" and eif["params"]["b"] == 100.0
    assert eif["params"]["V_peak"] == -5.0
    assert hh["model"] == "hh_cond_exp_traub" and hh["params"]["g_Na"] == 10000.0
    assert hh["params"]["Act_m"] == 0.0 and hh["params"]["Inact_h"] == 1.0


def test_cells_that_differ_become_segments(setup, tmp_path):
    sim = setup()
    p = sim.Population(5, sim.IF_cond_exp(tau_m=[10.0, 10.0, 12.0, 12.0, 12.0]))
    sim.DCSource(amplitude=0.5).inject_into(p[3:5])
    spec, layout = built(sim, tmp_path)
    assert [(n, a, b) for n, a, b in layout.segments[p]] == [("p0_0", 0, 2), ("p0_1", 2, 3), ("p0_2", 3, 5)]
    dc = [c for c in spec["connections"] if c["source"] == "dc0"]
    assert dc == [{"source": "dc0", "target": "p0_2", "syn_spec": {"weight": 1.0, "delay": 0.1}}]


@pytest.mark.parametrize("connect", [
    lambda sim, a, b: sim.Projection(
        a[1:4], b, sim.FixedProbabilityConnector(0.6, rng=NumpyRNG(seed=5)),
        sim.StaticSynapse(weight=0.2, delay=RandomDistribution("uniform", low=0.5, high=1.5,
                                                               rng=NumpyRNG(seed=6)))),
    lambda sim, a, b: sim.Projection(
        a + b, a, sim.FromListConnector([(0, 3, 0.01, 1.0), (5, 2, 0.02, 0.25), (6, 0, 0.03, 2.0)]),
        sim.StaticSynapse(), receptor_type="inhibitory"),
    lambda sim, a, b: sim.Projection(
        b, a[::2], sim.FixedNumberPreConnector(2, rng=NumpyRNG(seed=7)),
        sim.StaticSynapse(weight=lambda d: 0.01 * d, delay=0.7)),
])
def test_explicit_rows_are_the_projection_connections(setup, tmp_path, connect):
    sim = setup()
    a = sim.Population(4, sim.IF_cond_exp(tau_m=[10.0, 10.0, 20.0, 20.0]))   # two segments
    b = sim.Population(3, sim.IF_curr_exp())
    projection = connect(sim, a, b)
    spec, layout = built(sim, tmp_path)
    entries = [c for c in spec["connections"] if c["conn_spec"]["rule"] == "explicit"]
    expected = sorted(projection.get(["weight", "delay"], format="list"))
    assert expected and sorted(_rows_as_pynn(layout, entries, projection, tmp_path)) == expected


def _rows_as_pynn(layout, entries, projection, directory):
    """The connections of explicit `entries`, in PyNN's terms: (pre index, post index, weight
    in nA or µS, delay in ms), as Projection.get lists them."""
    from pyNN.volley.populations import root_cells
    pre_roots, pre_which, pre_index = root_cells(projection.pre)
    post_roots, post_which, post_index = root_cells(projection.post)
    offsets = np.cumsum([0] + [root.size for root in pre_roots])
    scale = -0.001 if projection._inhibitory_conductance else 0.001
    rows = []
    for entry in entries:
        table = entry["conn_spec"]["rows"]
        if isinstance(table, dict):
            table = np.load(os.path.join(directory, table["file"])).tolist()
        target_root, first = layout.owner(entry["target"])
        for s, t, w, d in table:
            r = int(np.searchsorted(offsets, s, side="right") - 1)
            pre = np.flatnonzero((pre_which == r) & (pre_index == s - offsets[r]))[0]
            post = [k for k, (w_, i) in enumerate(zip(post_which, post_index))
                    if post_roots[w_] is target_root and i == first + t][0]
            rows.append((float(pre), float(post), w * scale, d))
    return rows


def test_spike_source_times_are_pynn_nests(setup, tmp_path):
    sim = setup(timestep=0.1, min_delay=0.5)
    sim.Population(1, sim.SpikeSourceArray(spike_times=[0.3, 0.6, 1.04, 2.0]))
    spec, _ = built(sim, tmp_path)
    # shifted back by min_delay (0.3 is then before t = 0: dropped), stamped on the grid,
    # forward by the parrot's min_delay; written half a step early
    np.testing.assert_allclose(spec["populations"]["p0"]["spike_times"], [[0.55, 1.05, 1.95]])


def test_timegrid_rounds_as_nest():
    grid = TimeGrid(0.1)
    np.testing.assert_array_equal(grid.delay_steps([0.15, 0.25, 1.0, 0.04]), [2, 3, 10, 0])
    np.testing.assert_array_equal(grid.stamp_steps([1.0 - 0.1, 0.05, 2.0, -0.05]), [9, 1, 20, 0])
    assert grid.ms(3) == 0.30000000000000004 or grid.ms(3) == 0.3
    with pytest.raises(errors.InvalidParameterValueError):
        TimeGrid(0.00015)


def test_model_file_is_flow_yaml():
    assert modelfile.dump({"a": [1, 2.5, float("inf")], "b": True, "c": "x"}) == \
        '{"a": [1, 2.5, "inf"], "b": true, "c": "x"}\n'
    with pytest.raises(ValueError):
        modelfile.dump({"a": float("nan")})
