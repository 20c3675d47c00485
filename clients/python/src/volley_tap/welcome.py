# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""What the coordinator tells a tap about the run (the ``tapWelcome`` control message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Tuple

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Population:
    """A population (or head population): its name, size, and the global id of its first member."""

    name: str
    size: int
    offset: int


@dataclass(frozen=True)
class Worker:
    """A worker as a tap sees it."""

    worker: int
    tap_endpoint: str
    data_endpoint: str
    shards: Tuple[int, ...]


@dataclass(frozen=True)
class Welcome:
    """The run a tap joined: its id, clock, populations and workers."""

    tap: int
    run_id: int
    model: str
    seed: int
    resolution_ms: float
    epoch_steps: int
    total_epochs: int
    t_sim_ms: float
    shards: int
    populations: Tuple[Population, ...]
    heads: Tuple[Population, ...]
    rhythms: Tuple[str, ...]
    #: Whether the model records anything with a multimeter (samples frames exist).
    samples: bool
    workers: Tuple[Worker, ...]
    #: Epochs below this were released before the tap joined: it cannot see all of them.
    released_before: int
    #: The recordables the run's multimeters record (``"V_m"``, ``"g_ex"``, …), each once, in order
    #: of first appearance: a sample's ``variable`` indexes this.
    variables: Tuple[str, ...] = ()
    #: Whether the model has weight recorders (weights frames exist).
    weights: bool = False
    #: The model's epoch of the wire's epoch 0: 0, or a resumed run's cut.
    first_epoch: int = 0
    #: The message as it came, for fields this client does not know yet.
    raw: Any = None

    @property
    def epoch_ms(self) -> float:
        return self.epoch_steps * self.resolution_ms

    @property
    def neurons(self) -> int:
        return sum(p.size for p in self.populations)

    @property
    def offsets(self) -> NDArray[np.int64]:
        """Global id of each population's first neuron, and the total at the end."""
        return np.array([p.offset for p in self.populations] + [self.neurons], dtype=np.int64)

    def population_index(self, name: str) -> int:
        for i, p in enumerate(self.populations):
            if p.name == name:
                return i
        raise KeyError(name)

    def variable_index(self, name: str) -> int:
        """The index samples carry for recordable ``name``; KeyError if the run does not record it."""
        try:
            return self.variables.index(name)
        except ValueError:
            raise KeyError(name) from None

    @staticmethod
    def from_json(w: dict[str, Any]) -> Welcome:
        """Reads the ``welcome`` object of a ``tapWelcome`` message; raises KeyError, TypeError
        or ValueError when it does not have the expected shape."""
        catalog = w["catalog"]

        def entries(items: list[dict[str, Any]]) -> Tuple[Population, ...]:
            out: List[Population] = []
            offset = 0
            for e in items:
                size = int(e["size"])
                out.append(Population(str(e["name"]), size, offset))
                offset += size
            return tuple(out)

        return Welcome(
            tap=int(w["tap"]),
            run_id=int(w["runID"]),
            model=str(w["model"]),
            seed=int(w["seed"]),
            resolution_ms=float(w["resolution"]),
            epoch_steps=int(w["epochSteps"]),
            total_epochs=int(w["totalEpochs"]),
            t_sim_ms=float(w["tSim"]),
            shards=int(w["shards"]),
            populations=entries(catalog["populations"]),
            heads=entries(catalog.get("heads", [])),
            rhythms=tuple(str(r) for r in catalog.get("rhythms", [])),
            samples=bool(catalog.get("samples", False)),
            workers=tuple(Worker(int(p["worker"]), str(p.get("tapEndpoint", "")), str(p["dataEndpoint"]),
                                 tuple(int(s) for s in p["shards"])) for p in w["workers"]),
            released_before=int(w.get("releasedBefore", 0)),
            variables=tuple(str(v) for v in catalog.get("variables", [])),
            weights=bool(catalog.get("weights", False)),
            first_epoch=int(w.get("firstEpoch") or 0),
            raw=w,
        )
