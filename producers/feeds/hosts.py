"""Politeness per host: at most `limit` requests in flight (1 by default: never two at once), a minimum gap between
consecutive requests, and a hold while the host's Retry-After runs.

Every request the poller makes (feeds, full-text pages, each redirect hop) passes the gate of its host name; the
port does not matter (one machine). A request waits its turn up to its own deadline; a host held past that
deadline refuses at once, so the feed's poll is deferred to the end of the hold instead of blocking a worker.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class _Host:
    in_flight: int = 0
    not_before: float = 0.0  # monotonic time of the next allowed start (gap or hold)
    held_until: float = 0.0  # monotonic end of a Retry-After hold


class HostHeld(Exception):
    """The host asked to be left alone (Retry-After) past the request's deadline; `seconds` is what is left."""

    def __init__(self, host: str, seconds: float) -> None:
        super().__init__(f"host {host} asked to wait {seconds:.0f} s more (Retry-After)")
        self.host, self.seconds = host, seconds


class HostGate:
    """Per-host turns for requests; thread-safe. `acquire` then `release` around each request."""

    def __init__(self, *, limit: int = 1, gap_s: float = 0.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.gap_s, self._clock = max(1, limit), max(0.0, gap_s), clock
        self._hosts: dict[str, _Host] = {}
        self._cond = threading.Condition()

    def acquire(self, host: str, deadline: float) -> bool:
        """Wait for a turn at host until deadline (monotonic); False when the deadline came first.
        Raises HostHeld at once when a Retry-After hold lasts past the deadline."""
        with self._cond:
            state = self._hosts.setdefault(host, _Host())
            while True:
                now = self._clock()
                if state.held_until > deadline:
                    raise HostHeld(host, state.held_until - now)
                if state.in_flight < self.limit and now >= state.not_before:
                    state.in_flight += 1
                    state.not_before = now + self.gap_s  # a second slot (limit > 1) also keeps the gap
                    return True
                if now >= deadline:
                    return False
                until = deadline if state.in_flight >= self.limit else min(state.not_before, deadline)
                self._cond.wait(max(0.001, until - now))

    def release(self, host: str) -> None:
        """End a request: the next one to this host starts no sooner than gap_s from now."""
        with self._cond:
            state = self._hosts[host]
            state.in_flight -= 1
            state.not_before = max(state.not_before, self._clock() + self.gap_s)
            self._cond.notify_all()

    def hold(self, host: str, seconds: float) -> None:
        """The host answered Retry-After: no request to it for `seconds` (a longer hold already set stays)."""
        with self._cond:
            state = self._hosts.setdefault(host, _Host())
            until = self._clock() + max(0.0, seconds)
            state.held_until = max(state.held_until, until)
            state.not_before = max(state.not_before, until)
            self._cond.notify_all()

    def held_for(self, host: str) -> float:
        """Seconds left of host's Retry-After hold (0 when none)."""
        with self._cond:
            state = self._hosts.get(host)
            return max(0.0, state.held_until - self._clock()) if state else 0.0
