"""Which endpoints are disabled: a compacted topic keyed by endpoint name, read by every deliverer.

A 410 Gone disables an endpoint; the step publishes the new state with its outputs, so it survives a
restart. `newsmon alerts enable NAME` publishes the state that lifts it. Deliverers re-read the topic
every `refresh_s`, so a change made by one (or by the command) reaches the others within that time.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Iterable

from newsmon.messages import EndpointState

log = logging.getLogger(__name__)


class EndpointStates:
    """The latest state of every endpoint, refreshed from its source now and then."""

    def __init__(self, load: Callable[[], Iterable[EndpointState]], *, refresh_s: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._load, self._refresh_s, self._clock = load, refresh_s, clock
        self._states: dict[str, EndpointState] = {}
        self._loaded_at: float | None = None
        self._lock = threading.Lock()

    def disabled(self, name: str) -> EndpointState | None:
        """The state that disables this endpoint, or None when it may be used."""
        self._maybe_refresh()
        with self._lock:
            state = self._states.get(name)
        return state if state is not None and state.disabled else None

    def note(self, state: EndpointState) -> None:
        """Apply a state this process just published."""
        with self._lock:
            self._states[state.id] = state

    def _maybe_refresh(self) -> None:
        now = self._clock()
        if self._loaded_at is not None and now - self._loaded_at < self._refresh_s:
            return
        self._loaded_at = now
        try:
            latest = {state.id: state for state in self._load()}
        except Exception as exc:  # noqa: BLE001 - keep the last known states; try again at the next refresh
            log.warning("Could not read the endpoint states (%s); keeping the last known ones.", exc)
            return
        with self._lock:
            for name, state in latest.items():
                known = self._states.get(name)
                if known is None or state.produced_at >= known.produced_at:
                    self._states[name] = state
