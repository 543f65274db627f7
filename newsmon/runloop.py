"""The one run loop of every long-running command: tick until done, timed out, or stopped by a signal.

`StopFlag` is set by SIGTERM or SIGINT (while `handle_signals` is active, in the main thread) or by code;
`run_until_stopped` calls a tick function until it says it is done, the flag is set or the time is up.
The runner, the feed poller, the webhook sink and the supervisor all stop through it, so Ctrl-C and
`systemctl stop` mean the same everywhere: finish the current step, then return.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

log = logging.getLogger(__name__)


class StopFlag:
    """A request to stop, shared by the threads of one process."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None

    def set(self, reason: str = "asked to stop") -> None:
        """Ask every loop watching this flag to stop after its current step."""
        if not self._event.is_set():
            self.reason = reason
            self._event.set()

    @property
    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to seconds, waking early when the flag is set; True if it is set."""
        return self._event.wait(max(seconds, 0.0))

    @contextmanager
    def handle_signals(self) -> Iterator["StopFlag"]:
        """While active (main thread only), SIGTERM and SIGINT set the flag instead of killing the process."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return

        def on_signal(signum: int, _frame: object) -> None:
            log.info("Received %s; finishing the current step before stopping.", signal.Signals(signum).name)
            self.set(signal.Signals(signum).name)

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def run_until_stopped(tick: Callable[[], bool], *, stop: StopFlag, timeout_s: float | None = None,
                      interval_s: float = 0.0) -> str:
    """Call tick() until it returns True, the stop flag is set or timeout_s passes; returns 'done', 'stopped' or 'timeout'."""
    deadline = time.monotonic() + timeout_s if timeout_s else None
    with stop.handle_signals():
        while True:
            if stop.is_set:
                return "stopped"
            if deadline is not None and time.monotonic() >= deadline:
                return "timeout"
            if tick():
                return "done"
            if interval_s:
                stop.wait(interval_s if deadline is None else min(interval_s, max(deadline - time.monotonic(), 0)))
