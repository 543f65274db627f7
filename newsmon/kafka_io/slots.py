"""Stable transactional ids: one slot per running producer on this host, the same after a restart.

A consume-transform-produce producer needs a transactional id. A fresh random one per process leaves the open
transaction of a killed process hanging until the broker's transaction timeout (minutes): until then no
read_committed reader sees past it. With a stable id the restarted process takes over the id, and its
`init_transactions` aborts the dead one's transaction at once. A slot is a lock file: a process holds the
first free one (`<name>-0`, `<name>-1`, ...) for its life, and the kernel frees it when the process dies,
however it dies. Two instances on one host get different slots; the host name keeps hosts apart.
"""

from __future__ import annotations

import fcntl
import logging
import socket
import uuid
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)
MAX_SLOTS = 64


class Slot:
    """A held slot: `transactional_id` for the producer, `release()` when it closes."""

    def __init__(self, directory: Path, name: str) -> None:
        self._handle: IO[str] | None = None
        self.transactional_id = f"{name}-{uuid.uuid4().hex[:12]}"  # if no slot can be held: the old way
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("No transactional slot directory %s (%s); using a random transactional id.", directory,
                        exc.strerror)
            return
        host = socket.gethostname() or "host"
        for number in range(MAX_SLOTS):
            handle = (directory / f"{name}-{number}.lock").open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self._handle, self.transactional_id = handle, f"{name}-{host}-{number}"
            return
        log.warning("All %d transactional slots of %s are held; using a random transactional id.", MAX_SLOTS, name)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor drops the lock
            self._handle = None
