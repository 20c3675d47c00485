# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""PyNN 0.13.0's source distribution, downloaded at test time (never copied into this
repository): its ``test/system/scenarios`` and ``examples`` are run against pyNN.volley.

The archive is kept in ``$PYNN_SDIST_CACHE`` (default ``~/.cache/pynn-volley``).
"""

import glob
import os
import subprocess
import sys
import tarfile

PYNN_VERSION = "0.13.0"
CACHE = os.environ.get("PYNN_SDIST_CACHE", os.path.expanduser("~/.cache/pynn-volley"))


def sdist(cache=CACHE):
    """The path of the sdist in `cache`, downloaded with pip if it is not there yet."""
    pattern = os.path.join(cache, f"[Pp]y[Nn][Nn]-{PYNN_VERSION}.tar.gz")
    if not glob.glob(pattern):
        os.makedirs(cache, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                        f"PyNN=={PYNN_VERSION}", "-d", cache, "-q"], check=True)
    return glob.glob(pattern)[0]


def extract(folder, directory, cache=CACHE):
    """Copy the files directly in `folder` of the sdist (e.g. "test/system/scenarios") into
    `directory`; returns `directory`."""
    os.makedirs(directory, exist_ok=True)
    depth = folder.count("/") + 1
    with tarfile.open(sdist(cache)) as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            if "/".join(parts[1:1 + depth]) == folder and len(parts) == depth + 2 and member.isfile():
                with archive.extractfile(member) as f, open(os.path.join(directory, parts[-1]), "wb") as out:
                    out.write(f.read())
    return directory
