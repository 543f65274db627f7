"""Stopping a background process known by its pid (a pid file's): SIGTERM, a grace period, then SIGKILL."""

from __future__ import annotations

import os
import signal
import time


def reap(pid: int) -> None:
    """Collect the exit status of a child of ours that ended (a no-op for any other process)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def alive(pid: int) -> bool:
    """Whether a process with this pid exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_gone(pid: int, timeout_s: float) -> bool:
    """True once the process has ended, False if it still runs after timeout_s."""
    deadline = time.monotonic() + timeout_s
    while True:
        reap(pid)
        if not alive(pid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def terminate(pid: int, *, grace_s: float) -> bool:
    """SIGTERM, up to grace_s to end, then SIGKILL; True if it had to be killed."""
    os.kill(pid, signal.SIGTERM)
    if wait_gone(pid, grace_s):
        return False
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid, 5.0)
    return True
