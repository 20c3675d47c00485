# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the Volley authors
"""One peer's liveness as a protocol machine keeps it: when our next heartbeat is due, and whether
the peer has been silent too long. Time is passed in, so the machine stays pure.

Twin: Sources/VolleyWire/Liveness.swift; a line-by-line port (``silent`` is strictly longer than
the timeout, a heartbeat is due once a full interval has passed). Change them together."""

from __future__ import annotations

from typing import Optional


class Liveness:
    """Heartbeat interval and silence timeout, the peer's last word and our last heartbeat."""

    def __init__(self, heartbeat_interval: float = 0.25, timeout: float = 3.0) -> None:
        self.heartbeat_interval = heartbeat_interval
        self.timeout = timeout
        #: When the peer last said anything; None while it never has (before that, silence is a
        #: join timeout's business: the peer may not be there yet).
        self.last_seen: Optional[float] = None
        #: When our last heartbeat went out; None before the first.
        self.last_heartbeat: Optional[float] = None

    def seen(self, now: float) -> None:
        """The peer said something (any message counts, not only heartbeats)."""
        self.last_seen = now

    @property
    def heard(self) -> bool:
        return self.last_seen is not None

    def silence(self, now: float) -> Optional[float]:
        """Seconds since the peer was last heard; None if it never was."""
        return None if self.last_seen is None else now - self.last_seen

    def silent(self, now: float) -> bool:
        """Whether a peer that was heard has since been silent for longer than the timeout."""
        s = self.silence(now)
        return s is not None and s > self.timeout

    def heartbeat_due(self, now: float) -> bool:
        """Whether a heartbeat is due now; if it is, it counts as sent."""
        if self.last_heartbeat is not None and now - self.last_heartbeat < self.heartbeat_interval:
            return False
        self.last_heartbeat = now
        return True
