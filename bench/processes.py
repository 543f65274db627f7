"""Timing whole child processes for the benchmarks: CPU time (user + system, from wait4) and wall time."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(argv: list[str]) -> tuple[float, float]:
    """The CPU time (user + system) and the wall time of one child process run to its end."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):  # 1: some input skipped, named on stderr
        raise SystemExit(f"{' '.join(argv[:4])}... exited with {process.returncode}")
    return usage.ru_utime + usage.ru_stime, wall
