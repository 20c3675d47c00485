#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compares two weights.h5 files as h5py reads them: the same root attributes, the same
projection groups in the same order with the same attributes, and every dataset bit for bit.
Exits 0 and prints the synapse count when they are the same, 1 naming the first difference.

    compare_weights_h5.py A/weights.h5 B/weights.h5
"""
import sys

import h5py


def main() -> int:
    a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
    if dict(a.attrs) != dict(b.attrs):
        print(f"root attributes differ: {dict(a.attrs)} vs {dict(b.attrs)}")
        return 1
    ga, gb = a["projections"], b["projections"]
    if list(ga.keys()) != list(gb.keys()):
        print(f"projections differ: {list(ga.keys())} vs {list(gb.keys())}")
        return 1
    synapses = 0
    for name in ga:
        if dict(ga[name].attrs) != dict(gb[name].attrs) or list(ga[name].keys()) != list(gb[name].keys()):
            print(f"{name}: attributes or datasets differ")
            return 1
        for d in ga[name]:
            x, y = ga[name][d][:], gb[name][d][:]
            if x.dtype != y.dtype or x.shape != y.shape or x.tobytes() != y.tobytes():
                print(f"{name}/{d} differs ({x.dtype}{x.shape} vs {y.dtype}{y.shape})")
                return 1
        synapses += len(ga[name]["weight"])
    print(f"same: {len(ga)} projections, {synapses} synapses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
