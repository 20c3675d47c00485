# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""NEST's time arithmetic (``nestkernel/nest_time.h``), reproduced in Python.

pyNN.nest hands times and delays to NEST as doubles and NEST turns them into integer tics and
steps with its own rounding rules; the numbers a script sees (delays read back, spike times,
which step a spike-source time lands in) follow from those rules. pyNN.volley applies the same
rules before it writes the model, so Volley receives times already on its grid and the values
read back are NEST's to the bit.
"""

import numpy as np

from pyNN import errors

TICS_PER_MS = 1000.0   # NEST's default tic: 1 µs
MS_PER_TIC = 1.0 / TICS_PER_MS


class TimeGrid:
    """The step grid of one resolution, with NEST's conversions."""

    def __init__(self, resolution):
        tics = resolution * TICS_PER_MS
        self.tics_per_step = int(np.floor(tics + 0.5))
        if self.tics_per_step < 1 or abs(tics - self.tics_per_step) > 1e-9 * max(1.0, tics):
            raise errors.InvalidParameterValueError(
                f"timestep {resolution} ms is not a positive whole number of microseconds "
                "(NEST's and Volley's tic)")
        self.ms_per_step = self.tics_per_step / TICS_PER_MS
        self.steps_per_ms = 1.0 / self.ms_per_step

    def delay_steps(self, delay_ms):
        """NEST's ``Time::delay_ms_to_steps``: round half up of ``d · steps_per_ms``."""
        return np.floor(np.asarray(delay_ms, dtype=float) * self.steps_per_ms + 0.5).astype(np.int64)

    def ms(self, steps):
        """NEST's ``Time::get_ms`` of a number of steps: ``MS_PER_TIC · tics``."""
        return MS_PER_TIC * (np.asarray(steps, dtype=np.int64) * self.tics_per_step).astype(float)

    def round_delay(self, delay_ms):
        """A delay as NEST stores it and returns it: rounded to whole steps, read back as
        ``steps · resolution`` (``Time::delay_steps_to_ms``: 6 steps of 0.1 ms are
        0.6000000000000001 ms, not the 0.6 of ``get_ms``)."""
        return self.delay_steps(delay_ms) * self.ms_per_step

    def stamp_steps(self, t_ms):
        """NEST's ``Time::ms_stamp``: the step whose end is the smallest grid time >= t.

        This is where ``spike_generator`` with ``precise_times`` (pyNN.nest's setting) puts a
        spike time; the tic truncation and the comparison in milliseconds are NEST's, so corner
        cases such as ``1.0 - 0.1`` land where NEST puts them.
        """
        t = np.asarray(t_ms, dtype=float)
        n = np.trunc(t * TICS_PER_MS).astype(np.int64)
        n = n - np.fmod(n, self.tics_per_step)            # C's %: the sign of the dividend
        steps = n // self.tics_per_step
        return steps + (steps * self.ms_per_step < t)

    def on_grid(self, t_ms):
        """Whether a time is a whole number of steps, as NEST checks a device's start and stop."""
        tics = np.floor(np.asarray(t_ms, dtype=float) * TICS_PER_MS + 0.5)
        return bool(np.all(np.fmod(tics, self.tics_per_step) == 0))

    def grid_steps(self, t_ms):
        """The step count of a time that lies on the grid."""
        return np.floor(np.asarray(t_ms, dtype=float) * self.steps_per_ms + 0.5).astype(np.int64)
