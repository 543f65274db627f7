"""A bounded, time-windowed memory of ids already processed."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable


class DedupeWindow:
    """Remembers ids for window_s seconds, at most max_ids of them (oldest forgotten first)."""

    def __init__(self, *, window_s: float, max_ids: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window_s
        self._max = max_ids
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def seen(self, key: str) -> bool:
        """True if key was added within the window."""
        self._expire()
        return key in self._seen

    def add(self, key: str) -> None:
        """Remember key from now on."""
        self._seen[key] = self._clock()
        self._seen.move_to_end(key)
        while len(self._seen) > self._max:
            self._seen.popitem(last=False)

    def _expire(self) -> None:
        cutoff = self._clock() - self._window
        while self._seen:
            key, at = next(iter(self._seen.items()))
            if at >= cutoff:
                break
            self._seen.popitem(last=False)
