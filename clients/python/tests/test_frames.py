# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""The decoders against frames built by hand from docs/wire-format.md, and malformed input."""

from __future__ import annotations

import json
import random
import struct
from typing import Any, List, Sequence, Tuple

import numpy as np
import pytest

import volley_tap as vt

RUN = 0x1122334455667788


def header(kind: int, count: int, *, source: int = 3, epoch: int = 42, sequence: int = 7, run: int = RUN,
           magic: bytes = b"VOLY", version: int = 3, flags: int = 0) -> bytes:
    # offset 0 magic, 4 version u16, 6 kind u8, 7 flags u8, 8 run_id u64, 16 source u32,
    # 20 count u32, 24 epoch u64, 32 sequence u64 — all little-endian.
    out = bytearray(40)
    out[0:4] = magic
    out[4:6] = version.to_bytes(2, "little")
    out[6] = kind
    out[7] = flags
    out[8:16] = run.to_bytes(8, "little")
    out[16:20] = source.to_bytes(4, "little")
    out[20:24] = count.to_bytes(4, "little")
    out[24:32] = epoch.to_bytes(8, "little")
    out[32:40] = sequence.to_bytes(8, "little")
    return bytes(out)


def spikes_frame(spikes: Sequence[Tuple[int, int]], **kw: Any) -> bytes:
    return header(1, len(spikes), **kw) + b"".join(struct.pack("<II", n, s) for n, s in spikes)


def samples_frame(samples: Sequence[Tuple[int, int, int, int, float]], **kw: Any) -> bytes:
    # (population, neuron, variable, stamp, value): u32, u32, u32, a reserved u32 (0), u64, f64.
    return header(3, len(samples), **kw) + b"".join(struct.pack("<IIIIQd", p, n, v, 0, st, x)
                                                     for p, n, v, st, x in samples)


def rhythms_frame(points: Sequence[Tuple[int, int, float, float]], **kw: Any) -> bytes:
    return header(4, len(points), **kw) + b"".join(struct.pack("<IIQdd", r, 0, st, p, f) for r, st, p, f in points)


def weights_frame(records: Sequence[Tuple[int, int, int, int, float]], **kw: Any) -> bytes:
    """(step, source, target, projection, weight) records, encoded with numpy from the layout of
    docs/wire-format.md: u64 step @0, u32 source @8, target @12, projection @16, reserved @20
    (0), f64 weight @24 — 32 bytes, little-endian."""
    entries = np.zeros(len(records), dtype=np.dtype({
        "names": ["step", "source", "target", "projection", "reserved", "weight"],
        "formats": ["<u8", "<u4", "<u4", "<u4", "<u4", "<f8"],
        "offsets": [0, 8, 12, 16, 20, 24], "itemsize": 32}))
    for i, (st, src, dst, proj, w) in enumerate(records):
        entries[i] = (st, src, dst, proj, 0, w)
    return header(5, len(records), **kw) + entries.tobytes()


EnergyEntry = Tuple[int, int, int, int, float, float, float, float]


def energy_frame(entries: Sequence[EnergyEntry], **kw: Any) -> bytes:
    """(population, neurons, spikes, synaptic_events, na_charge, k_charge, pump_charge, atp)
    entries, packed by hand from docs/wire-format.md: u32 @0, u32 @4, u64 @8, u64 @16, then four
    f64 @24, 32, 40, 48 — 56 bytes, little-endian."""
    return header(6, len(entries), **kw) + b"".join(struct.pack("<IIQQdddd", *e) for e in entries)


def activations_frame(events: Sequence[Tuple[int, int, Sequence[float]]], **kw: Any) -> bytes:
    body = b"".join(struct.pack("<III", src, st, len(v)) + struct.pack(f"<{len(v)}f", *v) for src, st, v in events)
    return header(2, len(events), **kw) + body


class TestHeader:
    def test_fields(self) -> None:
        h = vt.decode_header(header(1, 0, source=9, epoch=123456789012, sequence=99, flags=0))
        assert (h.version, h.kind, h.flags, h.run_id, h.source, h.count, h.epoch, h.sequence) == \
            (3, 1, 0, RUN, 9, 0, 123456789012, 99)
        assert h.kind_name == "spikes"

    def test_documented_dtype_reads_the_same(self) -> None:
        raw = header(3, 0, source=5, epoch=8, sequence=2)
        assert vt.HEADER_DTYPE.itemsize == 40
        d = np.frombuffer(raw, vt.HEADER_DTYPE, count=1)[0]
        h = vt.decode_header(raw)
        assert d["magic"] == b"VOLY"
        assert (int(d["kind"]), int(d["run_id"]), int(d["source"]), int(d["epoch"]), int(d["sequence"])) == \
            (h.kind, h.run_id, h.source, h.epoch, h.sequence)

    def test_encode_header_round_trips(self) -> None:
        raw = vt.encode_header(vt.KIND_SAMPLES, RUN, 4, 10, epoch=5, sequence=6)
        assert raw == header(3, 10, source=4, epoch=5, sequence=6)

    def test_accepts_bytearray_and_memoryview(self) -> None:
        raw = spikes_frame([(1, 2)])
        for b in (bytearray(raw), memoryview(raw), memoryview(raw + b"xx")[:48]):
            assert vt.decode_spikes(b)["neuron"].tolist() == [1]


class TestSpikes:
    def test_round_trip(self) -> None:
        spikes = [(0, 0), (12499, 9), (7, 4294967295), (4294967295, 1)]
        s = vt.decode_spikes(spikes_frame(spikes))
        assert s.dtype == vt.SPIKE_DTYPE
        assert list(zip(s["neuron"].tolist(), s["step"].tolist())) == spikes
        # The documented equivalence: each entry is the key step << 32 | neuron as a u64.
        assert s.view("<u8").tolist() == [st << 32 | n for n, st in spikes]

    def test_header_alongside(self) -> None:
        h, s = vt.decode_spikes_frame(spikes_frame([(3, 4)], source=2, epoch=11))
        assert (h.source, h.epoch, h.count, len(s)) == (2, 11, 1, 1)

    def test_empty_frame(self) -> None:
        assert len(vt.decode_spikes(spikes_frame([]))) == 0

    def test_generic_decoder(self) -> None:
        h, s = vt.decode_data_frame(spikes_frame([(5, 6)]))
        assert h.kind == vt.KIND_SPIKES and s["neuron"].tolist() == [5]


class TestSamples:
    def test_round_trip(self) -> None:
        samples = [(0, 3, 0, 10, -65.25), (1, 0, 2, 2**40, float("inf")), (2, 7, 0xFFFFFFFF, 0, -0.0)]
        s = vt.decode_samples(samples_frame(samples))
        assert s.dtype == vt.SAMPLE_DTYPE and s.dtype.itemsize == 32
        assert s["reserved"].tolist() == [0, 0, 0]
        assert [(p, n, v, st, x) for p, n, v, _, st, x in s.tolist()] == samples

    def test_layout_by_offset(self) -> None:
        # docs/wire-format.md: population @0, neuron @4, variable @8, reserved @12, stamp @16, value @24.
        fields = vt.SAMPLE_DTYPE.fields
        assert fields is not None
        assert [fields[f][1] for f in ("population", "neuron", "variable", "reserved", "stamp", "value")] == \
            [0, 4, 8, 12, 16, 24]
        frame = samples_frame([(1, 2, 3, 4, 5.0)])
        assert frame[40 + 8:40 + 12] == (3).to_bytes(4, "little")

    def test_version_1_entries_do_not_fit(self) -> None:
        # A 24-byte entry of wire version 1 is a size error, not a misread.
        frame = header(3, 1) + struct.pack("<IIQd", 0, 1, 2, 3.0)
        with pytest.raises(vt.FrameError):
            vt.decode_samples(frame)


class TestRhythms:
    def test_round_trip(self) -> None:
        points = [(0, 150, 1.5707963267948966, 8.0), (1, 150, 0.25, 40.0)]
        r = vt.decode_rhythms(rhythms_frame(points))
        assert r.dtype == vt.RHYTHM_DTYPE and r.dtype.itemsize == 32
        assert r["rhythm"].tolist() == [0, 1]
        assert r["reserved"].tolist() == [0, 0]
        assert r["step"].tolist() == [150, 150]
        assert r["phase"].tolist() == [1.5707963267948966, 0.25]
        assert r["frequency_hz"].tolist() == [8.0, 40.0]


class TestWeights:
    RECORDS = [(0, 3, 0, 0, 1.0), (2**40, 0xFFFFFFFF, 7, 2, -0.5), (14, 9, 4294967295, 0xFFFFFFFF, 80.0)]

    def test_round_trip(self) -> None:
        w = vt.decode_weights(weights_frame(self.RECORDS))
        assert w.dtype == vt.WEIGHT_DTYPE and w.dtype.itemsize == 32
        assert w["reserved"].tolist() == [0, 0, 0]
        assert [(st, s, t, p, x) for st, s, t, p, _, x in w.tolist()] == self.RECORDS

    def test_layout_by_offset(self) -> None:
        fields = vt.WEIGHT_DTYPE.fields
        assert fields is not None
        assert [fields[f][1] for f in ("step", "source", "target", "projection", "reserved", "weight")] == \
            [0, 8, 12, 16, 20, 24]
        frame = weights_frame([(5, 6, 7, 8, 0.25)])
        assert frame[40:] == struct.pack("<QIIIId", 5, 6, 7, 8, 0, 0.25)

    def test_header_and_generic_decoder(self) -> None:
        frame = weights_frame(self.RECORDS[:1], source=2, epoch=11)
        h, w = vt.decode_data_frame(frame)
        assert (h.kind, h.kind_name, h.source, h.epoch, h.count) == (vt.KIND_WEIGHTS, "weights", 2, 11, 1)
        assert w.dtype == vt.WEIGHT_DTYPE and w["target"].tolist() == [0]
        assert vt.encode_header(vt.KIND_WEIGHTS, RUN, 2, 1, epoch=11, sequence=7) == frame[:40]

    def test_empty_frame(self) -> None:
        assert len(vt.decode_weights(weights_frame([]))) == 0


class TestEnergy:
    ENTRIES: List[EnergyEntry] = [
        (0, 5000, 12, 9600, 0.0, 0.0, 0.0, 6.1e9),
        (1, 1250, 3, 0xFFFF_FFFF_FFFF, 1.25, -0.5, 2**-30, 1.5e-300),
        (0xFFFFFFFF, 0xFFFFFFFF, 2**64 - 1, 0, -0.0, float("inf"), 3.0, 0.0),
    ]

    def test_round_trip(self) -> None:
        e = vt.decode_energy(energy_frame(self.ENTRIES))
        assert e.dtype == vt.ENERGY_DTYPE and e.dtype.itemsize == 56
        assert e.tolist() == self.ENTRIES

    def test_documented_dtype(self) -> None:
        # The dtype of docs/wire-format.md, section "Energy (kind 6, taps only)".
        documented = np.dtype([("population", "<u4"), ("neurons", "<u4"), ("spikes", "<u8"),
                               ("synaptic_events", "<u8"), ("na_charge", "<f8"), ("k_charge", "<f8"),
                               ("pump_charge", "<f8"), ("atp", "<f8")])
        assert vt.ENERGY_DTYPE == documented
        fields = vt.ENERGY_DTYPE.fields
        assert fields is not None
        assert [fields[f][1] for f in vt.ENERGY_DTYPE.names or ()] == [0, 4, 8, 16, 24, 32, 40, 48]

    def test_layout_by_offset(self) -> None:
        entries = np.zeros(1, vt.ENERGY_DTYPE)
        entries[0] = (2, 3, 4, 5, 6.5, 7.5, 8.5, 9.5)
        frame = vt.encode_header(vt.KIND_ENERGY, RUN, 1, 1, epoch=9) + entries.tobytes()
        assert frame == energy_frame([(2, 3, 4, 5, 6.5, 7.5, 8.5, 9.5)], source=1, epoch=9, sequence=0)
        assert frame[40 + 16:40 + 24] == (5).to_bytes(8, "little")
        assert frame[40 + 48:] == struct.pack("<d", 9.5)

    def test_header_and_generic_decoder(self) -> None:
        frame = energy_frame(self.ENTRIES[:2], source=1, epoch=99)
        h, e = vt.decode_data_frame(frame)
        assert (h.kind, h.kind_name, h.source, h.epoch, h.count) == (vt.KIND_ENERGY, "energy", 1, 99, 2)
        assert e.dtype == vt.ENERGY_DTYPE and e["population"].tolist() == [0, 1]
        assert e["atp"].tolist() == [6.1e9, 1.5e-300]

    def test_empty_frame(self) -> None:
        assert len(vt.decode_energy(energy_frame([]))) == 0


class TestActivations:
    def test_equal_dimensions(self) -> None:
        events = [(0, 10, [1.0, 2.0, 3.0]), (5, 11, [-1.5, 0.0, 0.25])]
        a = vt.decode_activations(activations_frame(events))
        assert a.source.tolist() == [0, 5] and a.step.tolist() == [10, 11]
        assert [v.tolist() for v in a.vectors] == [e[2] for e in events]
        assert all(v.dtype == np.float32 for v in a.vectors)

    def test_mixed_dimensions(self) -> None:
        events = [(1, 2, [1.0]), (3, 4, []), (5, 6, [0.5, 0.5, 0.5, 0.5])]
        a = vt.decode_activations(activations_frame(events))
        assert a.source.tolist() == [1, 3, 5]
        assert [v.tolist() for v in a.vectors] == [e[2] for e in events]

    def test_mixed_dimensions_whose_total_fits_the_uniform_shape(self) -> None:
        # Dimensions 2, 0, 4 fill 60 bytes, as three entries of dimension 2 would: the decoder
        # must not take the first entry's dimension for all of them.
        events = [(1, 2, [1.0, 2.0]), (3, 4, []), (5, 6, [0.5, 1.5, 2.5, 3.5])]
        a = vt.decode_activations(activations_frame(events))
        assert [v.tolist() for v in a.vectors] == [e[2] for e in events]
        assert a.step.tolist() == [2, 4, 6]

    def test_empty(self) -> None:
        assert len(vt.decode_activations(activations_frame([]))) == 0


class TestControl:
    def test_round_trip_as_swift_writes_it(self) -> None:
        frame = vt.encode_control({"tapRecorded": {"through": 12}}, run_id=RUN, sequence=3)
        body = b'{"tapRecorded":{"through":12}}'
        assert frame == header(16, len(body), source=0, epoch=0, sequence=3) + body
        h, message = vt.decode_control(frame)
        assert (h.kind, h.count) == (16, len(body))
        assert message == {"tapRecorded": {"through": 12}}

    def test_cases_without_values(self) -> None:
        body = b'{"heartbeat":{}}'
        assert vt.decode_control(header(16, len(body), source=0) + body)[1] == {"heartbeat": {}}


def malformed() -> List[Tuple[str, bytes, Any]]:
    good_spikes = spikes_frame([(1, 2), (3, 4)])
    return [
        ("empty", b"", vt.decode_header),
        ("39 bytes", good_spikes[:39], vt.decode_header),
        ("bad magic", b"VOLZ" + good_spikes[4:], vt.decode_spikes),
        ("wire version 1", spikes_frame([], version=1), vt.decode_spikes),
        ("unknown kind", header(9, 0), vt.decode_header),
        ("samples read as spikes", samples_frame([]), vt.decode_spikes),
        ("spikes read as samples", spikes_frame([]), vt.decode_samples),
        ("control read as data", vt.encode_control({"heartbeat": {}}), vt.decode_data_frame),
        ("one byte short", good_spikes[:-1], vt.decode_spikes),
        ("one byte over", good_spikes + b"\0", vt.decode_spikes),
        ("count past the payload", header(1, 0xFFFFFFFF) + b"\0" * 8, vt.decode_spikes),
        ("samples short", samples_frame([(0, 0, 0, 0, 0.0)])[:-8], vt.decode_samples),
        ("rhythms short", rhythms_frame([(0, 0, 0.0, 0.0)])[:-1], vt.decode_rhythms),
        ("weights short", weights_frame([(0, 1, 2, 0, 1.0)])[:-8], vt.decode_weights),
        ("weights one byte over", weights_frame([(0, 1, 2, 0, 1.0)]) + b"\0", vt.decode_weights),
        ("weights count past the payload", header(5, 2) + b"\0" * 32, vt.decode_weights),
        ("weights short, generic decoder", weights_frame([(0, 1, 2, 0, 1.0)])[:-1], vt.decode_data_frame),
        ("samples read as weights", samples_frame([(0, 1, 2, 3, 4.0)]), vt.decode_weights),
        ("weights read as samples", weights_frame([(0, 1, 2, 0, 1.0)]), vt.decode_samples),
        ("energy short", energy_frame([(0, 1, 2, 3, 0.0, 0.0, 0.0, 1.0)])[:-8], vt.decode_energy),
        ("energy one byte over", energy_frame([(0, 1, 2, 3, 0.0, 0.0, 0.0, 1.0)]) + b"\0", vt.decode_energy),
        ("energy count past the payload", header(6, 2) + b"\0" * 56, vt.decode_energy),
        ("energy short, generic decoder", energy_frame([(0, 1, 2, 3, 0.0, 0.0, 0.0, 1.0)])[:-1],
         vt.decode_data_frame),
        ("weights read as energy", weights_frame([(0, 1, 2, 0, 1.0)]), vt.decode_energy),
        ("energy read as weights", energy_frame([(0, 1, 2, 3, 0.0, 0.0, 0.0, 1.0)]), vt.decode_weights),
        ("activation count past the payload", header(2, 3) + struct.pack("<III", 0, 0, 0), vt.decode_activations),
        ("activation dim past the end", header(2, 1) + struct.pack("<III", 0, 0, 1000) + b"\0" * 8,
         vt.decode_activations),
        ("activation huge dim", header(2, 1) + struct.pack("<III", 0, 0, 0xFFFFFFFF), vt.decode_activations),
        ("activation trailing bytes", activations_frame([(0, 0, [1.0])]) + b"\0", vt.decode_activations),
        ("activation bytes with count 0", header(2, 0) + b"\0" * 12, vt.decode_activations),
        ("activation prefix cut", header(2, 1) + b"\0" * 5, vt.decode_activations),
        ("control body short", header(16, 10, source=0) + b"{}", vt.decode_control),
        ("control not JSON", header(16, 3, source=0) + b"{x}", vt.decode_control),
        ("control not UTF-8", header(16, 2, source=0) + b"\xff\xfe", vt.decode_control),
        ("control not an object", header(16, 2, source=0) + b"[]", vt.decode_control),
        ("control deeply nested", header(16, 200000, source=0) + b"[" * 100000 + b"]" * 100000, vt.decode_control),
        ("spikes read as control", good_spikes, vt.decode_control),
    ]


@pytest.mark.parametrize("name,frame,decoder", malformed(), ids=[m[0] for m in malformed()])
def test_malformed_frames_raise_frame_error(name: str, frame: bytes, decoder: Any) -> None:
    with pytest.raises(vt.FrameError):
        decoder(frame)


@pytest.mark.parametrize("value", [None, 42, "VOLY", 3.5, [1, 2], np.zeros((2, 40), np.uint8)])
def test_non_bytes_raise_frame_error(value: Any) -> None:
    with pytest.raises(vt.FrameError):
        vt.decode_header(value)


def test_a_two_dimensional_byte_array_is_read_flat() -> None:
    raw = np.frombuffer(spikes_frame([(1, 2)]), np.uint8).reshape(2, 24)
    assert vt.decode_spikes(raw)["step"].tolist() == [2]


def test_random_and_mutated_frames_never_crash() -> None:
    rng = random.Random(5)
    seeds = [spikes_frame([(1, 2), (3, 4)]), samples_frame([(0, 1, 1, 2, 3.0)]), rhythms_frame([(0, 1, 2.0, 3.0)]),
             activations_frame([(0, 1, [1.0, 2.0]), (2, 3, [4.0])]), weights_frame([(1, 2, 3, 0, 0.5)]),
             energy_frame([(0, 4, 1, 80, 0.0, 0.0, 0.0, 2.5e6)]), vt.encode_control({"tapWelcome": {"welcome": {}}})]
    decoders = [vt.decode_header, vt.decode_spikes, vt.decode_samples, vt.decode_rhythms, vt.decode_activations,
                vt.decode_weights, vt.decode_energy, vt.decode_control, vt.decode_data_frame]
    outcomes = {"ok": 0, "error": 0}
    for i in range(20_000):
        if i % 4 == 0:
            frame = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 80)))
        else:
            b = bytearray(rng.choice(seeds))
            for _ in range(rng.randrange(1, 4)):
                op = rng.randrange(3)
                if op == 0 and b:
                    b[rng.randrange(len(b))] = rng.getrandbits(8)
                elif op == 1 and b:
                    del b[rng.randrange(len(b)):]
                else:
                    b += bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 9)))
            frame = bytes(b)
        for decode in decoders:
            try:
                decode(frame)
                outcomes["ok"] += 1
            except vt.FrameError:
                outcomes["error"] += 1
    assert outcomes["ok"] > 0 and outcomes["error"] > 0


def test_documented_numpy_recipe_matches() -> None:
    # docs/wire-format.md: "decodable from Python with numpy in three lines".
    frame = spikes_frame([(10, 20), (30, 40)])
    h = np.frombuffer(frame, vt.HEADER_DTYPE, count=1)[0]
    spikes = np.frombuffer(frame, vt.SPIKE_DTYPE, count=h["count"], offset=40)
    assert spikes.tolist() == vt.decode_spikes(frame).tolist()
    assert json.dumps(spikes["neuron"].tolist()) == "[10, 30]"
