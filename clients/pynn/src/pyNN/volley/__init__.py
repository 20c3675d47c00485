# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""pyNN.volley: the PyNN API, simulated by Volley with pyNN.nest's numbers.

``import pyNN.volley as sim`` and write the script as for any backend. The network is written
as a Volley model and run by the ``volley`` executable (``$VOLLEY_BIN`` or on the ``PATH``);
the translations from PyNN's cells, synapses, connectors and current sources are pyNN.nest's,
so a script gives the same spikes and membrane potentials on both (with pyNN.nest's
``spike_precision='on_grid'``; see docs/interop-pynn.md for what differs and what is not
supported).
"""

from pyNN import errors, random, space  # noqa: F401
from pyNN.network import Network  # noqa: F401
from pyNN.random import GSLRNG, NumpyRNG, RandomDistribution  # noqa: F401
from pyNN.recording import *  # noqa: F401, F403
from pyNN.space import Space  # noqa: F401
from pyNN.standardmodels import StandardCellType

from .cells import *  # noqa: F401, F403
from .connectors import *  # noqa: F401, F403
from .control import (end, get_current_time, get_max_delay, get_min_delay,  # noqa: F401
                      get_time_step, initialize, num_processes, rank, reset, run, run_for,
                      run_until, setup)
from .electrodes import ACSource, DCSource, NoisyCurrentSource, StepCurrentSource  # noqa: F401
from .populations import Assembly, Population, PopulationView  # noqa: F401
from .procedural_api import connect, create, record, record_gsyn, record_v, set  # noqa: F401
from .projections import Projection  # noqa: F401
from .random import NativeRNG  # noqa: F401
from .runner import VolleyError  # noqa: F401
from .synapses import *  # noqa: F401, F403


def list_standard_models():
    """The StandardCellType classes that pyNN.volley can simulate."""
    return [obj.__name__ for obj in globals().values()
            if isinstance(obj, type) and issubclass(obj, StandardCellType)
            and hasattr(obj, "nest_model")]
