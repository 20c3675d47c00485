# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""Epochs settled in order from frames of several shards, missing frames counted, as
TapEpochAssembler does it; filters and the conversion to populations."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

import numpy as np
import pytest

import volley_tap as vt
from volley_tap.assembler import EpochAssembler, RawEpoch, streams
from volley_tap.frames import Header

WELCOME: Dict[str, Any] = {
    "tap": 2147483648, "runID": 7, "model": "m", "seed": 1, "resolution": 0.1, "epochSteps": 15,
    "totalEpochs": 10, "tSim": 15.0, "shards": 2, "releasedBefore": 0,
    "catalog": {"populations": [{"name": "E", "size": 8}, {"name": "I", "size": 2}],
                "heads": [{"name": "H", "size": 4}], "rhythms": ["theta"], "samples": True,
                "variables": ["V_m", "g_ex"], "weights": True},
    "workers": [{"worker": 0, "tapEndpoint": "tcp://a:1", "dataEndpoint": "tcp://a:2", "shards": [0]},
                {"worker": 1, "tapEndpoint": "tcp://b:1", "dataEndpoint": "tcp://b:2", "shards": [1]}],
}


def welcome() -> vt.Welcome:
    return vt.Welcome.from_json(WELCOME)


def spikes(source: int, epoch: int, pairs: Sequence[Tuple[int, int]]) -> Tuple[Header, Any]:
    arr = np.array(pairs, dtype=np.uint32).reshape(-1, 2).copy().view(vt.SPIKE_DTYPE).reshape(-1)
    return Header(1, vt.KIND_SPIKES, 0, 7, source, len(pairs), epoch, epoch), arr


def samples(source: int, epoch: int, rows: Sequence[Tuple[int, int, int, int, float]]) -> Tuple[Header, Any]:
    """A samples frame's payload: (population, neuron, variable, stamp, value) rows."""
    arr = np.zeros(len(rows), dtype=vt.SAMPLE_DTYPE)
    for i, (p, n, v, st, x) in enumerate(rows):
        arr[i] = (p, n, v, 0, st, x)
    return Header(2, vt.KIND_SAMPLES, 0, 7, source, len(rows), epoch, epoch), arr


def weights(source: int, epoch: int, rows: Sequence[Tuple[int, int, int, int, float]]) -> Tuple[Header, Any]:
    """A weights frame's payload: (step, source, target, projection, weight) rows."""
    arr = np.zeros(len(rows), dtype=vt.WEIGHT_DTYPE)
    for i, (st, src, dst, proj, x) in enumerate(rows):
        arr[i] = (st, src, dst, proj, 0, x)
    return Header(2, vt.KIND_WEIGHTS, 0, 7, source, len(rows), epoch, epoch), arr


EnergyRow = Tuple[int, int, int, int, float, float, float, float]


def energy(source: int, epoch: int, rows: Sequence[EnergyRow]) -> Tuple[Header, Any]:
    """An energy frame's payload: (population, neurons, spikes, synaptic_events, na_charge,
    k_charge, pump_charge, atp) rows."""
    arr = np.array(list(rows), dtype=vt.ENERGY_DTYPE)
    return Header(2, vt.KIND_ENERGY, 0, 7, source, len(rows), epoch, epoch), arr


def feed(a: EpochAssembler, *frames: Tuple[Header, Any]) -> List[RawEpoch]:
    for h, p in frames:
        a.accept(h, p)
    return a.settled()


def two_shards(total: int = 10, strict: bool = False) -> EpochAssembler:
    return EpochAssembler([(vt.KIND_SPIKES, 0), (vt.KIND_SPIKES, 1)], total, strict)


def test_welcome_fields() -> None:
    w = welcome()
    assert [(p.name, p.size, p.offset) for p in w.populations] == [("E", 8, 0), ("I", 2, 8)]
    assert w.offsets.tolist() == [0, 8, 10]
    assert w.epoch_ms == pytest.approx(1.5)
    assert w.workers[1].shards == (1,)
    assert w.heads[0].name == "H" and w.rhythms == ("theta",) and w.samples
    assert w.variables == ("V_m", "g_ex") and w.variable_index("g_ex") == 1
    with pytest.raises(KeyError):
        w.variable_index("w")


def test_weights_in_the_catalogue() -> None:
    assert welcome().weights
    catalog = {k: v for k, v in WELCOME["catalog"].items() if k != "weights"}
    assert not vt.Welcome.from_json({**WELCOME, "catalog": catalog}).weights
    assert not vt.Welcome.from_json({**WELCOME, "catalog": {**catalog, "weights": False}}).weights


def test_a_catalogue_without_variables_reads_as_none() -> None:
    catalog = {k: v for k, v in WELCOME["catalog"].items() if k != "variables"}
    assert vt.Welcome.from_json({**WELCOME, "catalog": catalog}).variables == ()


def test_streams_follow_the_filter() -> None:
    w = welcome()
    assert streams(w, vt.Filter(), lossless=False) == [(1, 0), (1, 1)]
    everything = vt.Filter(("spikes", "activations", "samples", "rhythms"))
    assert streams(w, everything, lossless=False) == [(1, 0), (2, 0), (3, 0), (1, 1), (2, 1), (3, 1), (4, 0)]
    # Rhythms travel on tap sockets only.
    assert (4, 0) not in streams(w, everything, lossless=True)
    # One weights stream per shard, when asked for and the model has weight recorders.
    assert streams(w, vt.Filter(("spikes", "weights")), lossless=True) == [(1, 0), (5, 0), (1, 1), (5, 1)]
    assert streams(w, vt.Filter(("weights",)), lossless=False) == [(5, 0), (5, 1)]
    no_weights = vt.Welcome.from_json({**WELCOME, "catalog": {**WELCOME["catalog"], "weights": False}})
    assert streams(no_weights, vt.Filter(("spikes", "weights")), lossless=False) == [(1, 0), (1, 1)]
    # One energy stream per shard, over the tap sockets only (as TapEpochAssembler.streams).
    assert streams(w, vt.Filter(("energy",)), lossless=False) == [(6, 0), (6, 1)]
    assert streams(w, vt.Filter(("spikes", "rhythms", "energy")), lossless=False) == \
        [(1, 0), (1, 1), (6, 0), (6, 1), (4, 0)]
    assert streams(w, vt.Filter(("spikes", "energy")), lossless=True) == [(1, 0), (1, 1)]


def test_an_epoch_settles_when_every_shard_delivered_it() -> None:
    a = two_shards()
    assert feed(a, spikes(0, 0, [(5, 2), (1, 3)])) == []
    [e] = feed(a, spikes(1, 0, [(9, 2)]))
    assert e.epoch == 0 and e.missing_frames == 0
    # Merged across shards and sorted by (step, global id), as a run writes them.
    assert [(int(k) >> 32, int(k) & 0xFFFFFFFF) for k in e.keys] == [(2, 5), (2, 9), (3, 1)]
    assert a.next == 1 and a.missing_frames == 0 and a.received_frames == 2


def test_a_frame_that_never_comes_is_counted_once_the_stream_moves_on() -> None:
    a = two_shards()
    feed(a, spikes(0, 0, []), spikes(1, 0, []))
    assert feed(a, spikes(1, 1, [(9, 16)])) == []
    got = feed(a, spikes(0, 2, []), spikes(1, 2, []))
    assert [(e.epoch, e.missing_frames) for e in got] == [(1, 1), (2, 0)]
    assert got[0].keys.tolist() == [16 << 32 | 9]
    assert a.missing_frames == 1


def test_a_tap_joining_mid_run_starts_where_every_stream_has_delivered() -> None:
    a = two_shards()
    assert feed(a, spikes(0, 4, [(1, 60)]), spikes(0, 5, [])) == []
    got = feed(a, spikes(1, 5, []))
    assert [e.epoch for e in got] == [5]
    assert a.start == 5 and a.missing_frames == 0


def test_finish_hands_out_the_rest_and_counts_what_never_came() -> None:
    a = two_shards(total=4)
    feed(a, spikes(0, 0, []), spikes(1, 0, []), spikes(0, 1, []))
    rest = a.finish()
    assert [(e.epoch, e.missing_frames) for e in rest] == [(1, 1), (2, 2), (3, 2)]
    assert a.missing_frames == 5


def test_finish_without_a_start_begins_at_the_first_frame_seen() -> None:
    a = two_shards(total=4)
    feed(a, spikes(0, 2, [(3, 30)]))
    rest = a.finish()
    assert [e.epoch for e in rest] == [2, 3]
    assert rest[0].keys.tolist() == [30 << 32 | 3]


def test_strict_mode_raises_on_gaps_and_repeats() -> None:
    a = two_shards(strict=True)
    feed(a, spikes(0, 0, []))
    with pytest.raises(vt.StreamError, match="spikes of shard 0: epochs 1–2 never arrived"):
        feed(a, spikes(0, 3, []))
    b = two_shards(strict=True)
    feed(b, spikes(1, 0, []))
    with pytest.raises(vt.StreamError, match="again"):
        feed(b, spikes(1, 0, []))


def test_lenient_mode_counts_stale_frames_and_ignores_strangers() -> None:
    a = two_shards()
    feed(a, spikes(0, 1, []), spikes(0, 1, []), spikes(7, 0, []), spikes(0, 99, []))
    assert a.stale_frames == 1 and a.received_frames == 1


def test_epoch_arrays_name_populations_and_times() -> None:
    w = welcome()
    a = two_shards()
    [raw] = feed(a, spikes(0, 0, [(0, 0), (7, 3)]), spikes(1, 0, [(8, 3), (9, 14)]))
    e = vt.Epoch.build(raw, w, w.offsets)
    assert e.spikes.population.tolist() == [0, 0, 1, 1]
    assert e.spikes.neuron.tolist() == [0, 7, 0, 1]
    assert e.spikes.step.tolist() == [0, 3, 3, 14]
    assert e.spikes.t_ms.tolist() == pytest.approx([0.1, 0.4, 0.4, 1.5])
    assert (e.t_start_ms, e.t_stop_ms) == (0.0, 1.5)


def test_samples_merge_in_run_order_and_are_named() -> None:
    w = welcome()
    a = EpochAssembler([(vt.KIND_SAMPLES, 0), (vt.KIND_SAMPLES, 1)], 10, strict=True)
    [raw] = feed(a, samples(1, 0, [(1, 0, 1, 5, 2.5), (1, 0, 0, 5, -60.0)]),
                 samples(0, 0, [(0, 3, 1, 5, 1.5), (0, 3, 0, 5, -65.0), (0, 3, 0, 4, -64.0)]))
    # By (stamp, population, neuron, variable), whatever order the shards sent them in.
    assert [(int(s["stamp"]), int(s["population"]), int(s["neuron"]), int(s["variable"])) for s in raw.samples] == \
        [(4, 0, 3, 0), (5, 0, 3, 0), (5, 0, 3, 1), (5, 1, 0, 0), (5, 1, 0, 1)]
    e = vt.Epoch.build(raw, w, w.offsets)
    assert e.variables == ("V_m", "g_ex")
    assert e.sample_names() == ["V_m", "V_m", "g_ex", "V_m", "g_ex"]
    assert e.samples_of("g_ex")["value"].tolist() == [1.5, 2.5]
    assert e.samples_of("V_m")["value"].tolist() == [-64.0, -65.0, -60.0]
    assert len(e.samples_of("w")) == 0


def test_an_epoch_waits_for_the_weights_frames_and_sorts_them_canonically() -> None:
    w = welcome()
    a = EpochAssembler(streams(w, vt.Filter(("spikes", "weights")), lossless=True), 10, strict=True)
    assert feed(a, spikes(0, 0, [(1, 2)]), spikes(1, 0, [(9, 2)])) == []
    assert feed(a, weights(1, 0, [(4, 3, 9, 0, 2.0), (2, 5, 8, 1, 3.0)])) == []
    [raw] = feed(a, weights(0, 0, [(4, 3, 1, 1, 4.0), (4, 3, 2, 0, 5.0), (2, 5, 0, 1, 6.0),
                                   (4, 3, 1, 0, 7.0), (4, 3, 1, 0, 8.0), (2, 1, 7, 0, 9.0)]))
    assert raw.missing_frames == 0 and a.received_frames == 4
    # By (step, source, projection, target); ties (multapses) keep their shard's order.
    assert [(int(r["step"]), int(r["source"]), int(r["projection"]), int(r["target"]), float(r["weight"]))
            for r in raw.weights] == [(2, 1, 0, 7, 9.0), (2, 5, 1, 0, 6.0), (2, 5, 1, 8, 3.0), (4, 3, 0, 1, 7.0),
                                      (4, 3, 0, 1, 8.0), (4, 3, 0, 2, 5.0), (4, 3, 0, 9, 2.0), (4, 3, 1, 1, 4.0)]
    e = vt.Epoch.build(raw, w, w.offsets)
    assert e.weights.dtype == vt.WEIGHT_DTYPE and len(e.weights) == 8
    assert len(e.spikes) == 2


def test_a_weights_frame_that_never_comes_is_counted() -> None:
    w = welcome()
    a = EpochAssembler(streams(w, vt.Filter(("spikes", "weights")), lossless=False), 10, strict=False)
    [e0] = feed(a, spikes(0, 0, []), spikes(1, 0, []), weights(0, 0, []), weights(1, 0, []))
    assert e0.missing_frames == 0
    # Epoch 1 waits for shard 1's weights frame until that stream moves on.
    assert feed(a, spikes(0, 1, []), spikes(1, 1, []), weights(0, 1, [(14, 0, 1, 0, 0.5)])) == []
    [e1, e2] = feed(a, spikes(0, 2, []), spikes(1, 2, []), weights(0, 2, []), weights(1, 2, [(29, 0, 9, 0, 1.0)]))
    assert [(e1.epoch, e1.missing_frames), (e2.epoch, e2.missing_frames)] == [(1, 1), (2, 0)]
    assert e1.weights["target"].tolist() == [1] and e2.weights["target"].tolist() == [9]
    assert a.missing_frames == 1


def test_epochs_without_weights_have_an_empty_weights_array() -> None:
    w = welcome()
    [raw] = feed(two_shards(), spikes(0, 0, []), spikes(1, 0, []))
    e = vt.Epoch.build(raw, w, w.offsets)
    assert len(raw.weights) == 0 and len(e.weights) == 0 and e.weights.dtype == vt.WEIGHT_DTYPE


def test_a_lossless_selection_filters_weights_by_target() -> None:
    w = welcome()
    sel = vt.Selection(vt.Filter.make(kinds=["spikes", "weights"], populations=["I"], neurons=["1"]), w)
    # I's neuron 1 is global id 9: records into it stay, whatever their source.
    frame = weights(0, 0, [(1, 9, 0, 0, 1.0), (1, 0, 9, 0, 2.0), (2, 8, 9, 1, 3.0), (3, 9, 8, 0, 4.0)])
    assert sel.weights(frame[1]).tolist() == [False, True, True, False]
    a = EpochAssembler([(vt.KIND_SPIKES, 0), (vt.KIND_WEIGHTS, 0)], 10, strict=True)
    [raw] = feed(a, spikes(0, 0, []), frame)
    e = vt.Epoch.build(raw, w, w.offsets, sel)
    assert e.weights["weight"].tolist() == [2.0, 3.0]
    # A filter that does not ask for weights drops them.
    spikes_only = vt.Selection(vt.Filter.make(populations=["I"], neurons=["1"]), w)
    assert len(vt.Epoch.build(raw, w, w.offsets, spikes_only).weights) == 0


E0 = [(0, 800, 3, 2400, 0.0, 0.0, 0.0, 1.0e9 / 3), (1, 200, 5, 1000, 0.0, 0.0, 0.0, 0.1)]
E1 = [(0, 800, 4, 3200, 0.5, -0.25, 0.0, 2.0e9 / 7), (1, 200, 1, 200, 0.0, 0.0, 0.0, 0.7)]


def energy_tap(shards: int = 2) -> EpochAssembler:
    return EpochAssembler([(vt.KIND_ENERGY, s) for s in range(shards)], 10, strict=False)


def test_energy_of_two_shards_merges_per_population_whatever_the_arrival_order() -> None:
    [a] = feed(energy_tap(), energy(0, 0, E0), energy(1, 0, E1))
    [b] = feed(energy_tap(), energy(1, 0, E1), energy(0, 0, E0))
    assert a.energy.dtype == vt.ENERGY_DTYPE and a.missing_frames == 0
    assert a.energy.tobytes() == b.energy.tobytes()
    # One record per population, by population, every field summed (shard 0 first).
    assert a.energy.tolist() == [
        (0, 1600, 7, 5600, 0.5, -0.25, 0.0, 1.0e9 / 3 + 2.0e9 / 7),
        (1, 400, 6, 1200, 0.0, 0.0, 0.0, 0.1 + 0.7)]
    assert a.energy["synaptic_events"].dtype == np.uint64


def test_energy_is_summed_in_shard_order_not_arrival_order() -> None:
    # Three shards whose atp sums differ by order: shard order gives (1e16 + 1) − 1e16 = 0.0,
    # the arrival order below would give (1e16 − 1e16) + 1 = 1.0.
    parts = {0: [(0, 1, 0, 0, 0.0, 0.0, 0.0, 1e16)], 1: [(0, 1, 0, 0, 0.0, 0.0, 0.0, 1.0)],
             2: [(0, 1, 0, 0, 0.0, 0.0, 0.0, -1e16)]}
    for order in ([0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]):
        [raw] = feed(energy_tap(3), *(energy(s, 0, parts[s]) for s in order))
        assert raw.energy.tolist() == [(0, 3, 0, 0, 0.0, 0.0, 0.0, 0.0)], order


def test_energy_records_of_populations_only_one_shard_counted() -> None:
    # Shard 1 holds no neurons of population 1 but counted synaptic events for it; shard 0
    # counted nothing for population 2.
    [raw] = feed(energy_tap(), energy(1, 0, [(0, 5, 0, 0, 0.0, 0.0, 0.0, 2.0), (1, 0, 0, 40, 0.0, 0.0, 0.0, 0.5)]),
                 energy(0, 0, [(2, 3, 1, 9, 0.0, 0.0, 0.0, 4.0), (0, 5, 2, 7, 0.0, 0.0, 0.0, 1.0)]))
    assert [(int(r["population"]), int(r["neurons"]), int(r["synaptic_events"]), float(r["atp"]))
            for r in raw.energy] == [(0, 10, 7, 3.0), (1, 0, 40, 0.5), (2, 3, 9, 4.0)]


def test_merge_energy_adds_in_the_order_given() -> None:
    from volley_tap.assembler import merge_energy
    rows = [(1, 1, 1, 1, 0.0, 0.0, 0.0, 1e16), (0, 2, 0, 0, 0.0, 0.0, 0.0, 1.0), (1, 1, 1, 1, 0.0, 0.0, 0.0, 1.0),
            (1, 1, 1, 1, 0.0, 0.0, 0.0, -1e16), (0, 2, 0, 0, 0.0, 0.0, 0.0, 2.0)]
    merged = merge_energy([np.array(rows[:2], vt.ENERGY_DTYPE), np.array(rows[2:], vt.ENERGY_DTYPE)])
    assert merged.tolist() == [(0, 4, 0, 0, 0.0, 0.0, 0.0, 3.0), (1, 3, 3, 3, 0.0, 0.0, 0.0, 0.0)]
    assert len(merge_energy([])) == 0 and merge_energy([]).dtype == vt.ENERGY_DTYPE


def test_an_energy_frame_that_never_comes_is_counted_and_the_epoch_has_the_rest() -> None:
    w = welcome()
    a = EpochAssembler(streams(w, vt.Filter(("spikes", "energy")), lossless=False), 10, strict=False)
    [e0] = feed(a, spikes(0, 0, []), spikes(1, 0, []), energy(0, 0, E0), energy(1, 0, E1))
    assert e0.missing_frames == 0 and len(e0.energy) == 2
    # Epoch 1 waits for shard 1's energy until that stream moves on.
    assert feed(a, spikes(0, 1, []), spikes(1, 1, []), energy(0, 1, E0)) == []
    [e1, e2] = feed(a, spikes(0, 2, []), spikes(1, 2, []), energy(1, 2, E1), energy(0, 2, []))
    assert (e1.missing_frames, e2.missing_frames) == (1, 0)
    assert e1.energy.tolist() == E0 and e2.energy.tolist() == E1
    epoch = vt.Epoch.build(e1, w, w.offsets)
    assert epoch.energy.dtype == vt.ENERGY_DTYPE and epoch.energy.tolist() == E0


def test_epochs_without_energy_have_an_empty_energy_array() -> None:
    w = welcome()
    [raw] = feed(two_shards(), spikes(0, 0, []), spikes(1, 0, []))
    e = vt.Epoch.build(raw, w, w.offsets)
    assert len(raw.energy) == 0 and len(e.energy) == 0 and e.energy.dtype == vt.ENERGY_DTYPE


def test_a_selection_filters_energy_by_population() -> None:
    w = welcome()
    # Neuron ranges do not apply to energy: a population's budget is selected whole.
    sel = vt.Selection(vt.Filter.make(kinds=["spikes", "energy"], populations=["I"], neurons=["1"]), w)
    assert sel.population_mask.tolist() == [False, True]
    assert sel.populations(np.array([0, 1, 2, 99])).tolist() == [False, True, False, False]
    a = EpochAssembler([(vt.KIND_SPIKES, 0), (vt.KIND_ENERGY, 0)], 10, strict=True)
    [raw] = feed(a, spikes(0, 0, []), energy(0, 0, E0))
    assert vt.Epoch.build(raw, w, w.offsets, sel).energy.tolist() == [E0[1]]
    spikes_only = vt.Selection(vt.Filter.make(populations=["I"]), w)
    assert len(vt.Epoch.build(raw, w, w.offsets, spikes_only).energy) == 0


def test_a_sample_of_an_unknown_variable_is_not_a_crash() -> None:
    w = welcome()
    a = EpochAssembler([(vt.KIND_SAMPLES, 0)], 10, strict=True)
    [raw] = feed(a, samples(0, 0, [(0, 1, 7, 1, 0.0)]))
    assert vt.Epoch.build(raw, w, w.offsets).sample_names() == ["?"]


def test_a_lossless_selection_filters_on_this_side() -> None:
    w = welcome()
    sel = vt.Selection(vt.Filter.make(populations=["I"], neurons=["1"]), w)
    a = two_shards()
    [raw] = feed(a, spikes(0, 0, [(0, 0), (8, 1), (9, 2)]), spikes(1, 0, [(9, 5)]))
    e = vt.Epoch.build(raw, w, w.offsets, sel)
    assert list(zip(e.spikes.population.tolist(), e.spikes.neuron.tolist())) == [(1, 1), (1, 1)]


class TestFilter:
    def test_json_as_the_workers_read_it(self) -> None:
        f = vt.Filter.make(["spikes"], ["E"], [(0, 99), "200-299", 7, range(10, 20)])
        assert f.to_json() == (b'{"kinds":["spikes"],"populations":["E"],"neurons":[{"first":0,"last":99},'
                               b'{"first":200,"last":299},{"first":7,"last":7},{"first":10,"last":19}]}')

    def test_weights_is_a_kind(self) -> None:
        f = vt.Filter.make(["spikes", "weights"], ["E"], ["0-3"])
        assert f.wants("weights")
        assert f.to_json() == b'{"kinds":["spikes","weights"],"populations":["E"],"neurons":[{"first":0,"last":3}]}'

    def test_energy_is_a_kind(self) -> None:
        f = vt.Filter.make(["spikes", "energy"], ["I"])
        assert f.wants("energy") and not vt.Filter.make().wants("energy")
        assert f.to_json() == b'{"kinds":["spikes","energy"],"populations":["I"],"neurons":[]}'

    @pytest.mark.parametrize("kwargs,message", [
        ({"kinds": ["voltages"]}, "unknown kind"),
        ({"kinds": []}, "at least one kind"),
        ({"neurons": ["9-3"]}, "empty or negative"),
        ({"neurons": ["a-b"]}, "not a range"),
        ({"neurons": [range(5, 5)]}, "not empty"),
    ])
    def test_bad_filters(self, kwargs: Any, message: str) -> None:
        with pytest.raises(vt.FilterError, match=message):
            vt.Filter.make(**kwargs)

    def test_checked_against_the_run(self) -> None:
        w = welcome()
        with pytest.raises(vt.FilterError, match="unknown population 'X'; the model has E, I, H"):
            vt.Selection(vt.Filter.make(populations=["X"]), w)
        with pytest.raises(vt.FilterError, match="largest: 2 neurons"):
            vt.Selection(vt.Filter.make(populations=["I"], neurons=[(0, 2)]), w)

    def test_masks(self) -> None:
        w = welcome()
        sel = vt.Selection(vt.Filter.make(neurons=[(1, 2)]), w)
        assert np.flatnonzero(sel.neuron_mask).tolist() == [1, 2, 9]
        assert np.flatnonzero(sel.head_mask).tolist() == [1, 2]
        heads_only = vt.Selection(vt.Filter.make(populations=["H"]), w)
        assert not heads_only.neuron_mask.any() and heads_only.head_mask.all()
        assert sel.neurons(np.array([1, 3, 9, 10, 99])).tolist() == [True, False, True, False, False]
