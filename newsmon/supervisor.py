"""`newsmon run`: the poller, the enricher and the alerter (and optionally a replay) as one process group.

Each component is a child process running its own `newsmon` subcommand, so a crash in one (or a
stuck spaCy batch) never takes the others down. A child that exits when it should not is restarted
with exponential backoff. SIGTERM or SIGINT is passed on to every child; each finishes its batch,
commits and flushes. Children still alive after the grace period are killed.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Component:
    """One supervised child: its subcommand, its health port, and whether it should run forever."""

    name: str
    argv: list[str]
    health_port: int | None = None
    service: bool = True  # False: a one-shot job (replay) that is done when it exits 0
    proc: subprocess.Popen | None = None
    restarts: int = 0
    next_start: float = 0.0
    done: bool = False
    started_at: float = field(default=0.0)


class Supervisor:
    """Starts, watches and restarts components; stops them all within a bounded time."""

    def __init__(self, components: list[Component], *, grace_s: float = 30.0, max_backoff_s: float = 60.0,
                 env: dict[str, str] | None = None) -> None:
        self.components = components
        self.grace_s = grace_s
        self.max_backoff_s = max_backoff_s
        self._env = env or dict(os.environ)
        self._stopping = False

    def stop(self, *_args: object) -> None:
        """Begin a graceful shutdown (also the signal handler)."""
        self._stopping = True

    def run(self, *, timeout_s: float | None = None) -> int:
        """Supervise until stopped or timed out; returns 0 when every child stopped cleanly."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.stop)
        deadline = time.monotonic() + timeout_s if timeout_s else None
        while not self._stopping and (deadline is None or time.monotonic() < deadline):
            for component in self.components:
                self._tend(component)
            if all(c.done for c in self.components):
                break
            time.sleep(0.2)
        return self._shutdown()

    def _tend(self, component: Component) -> None:
        if component.done:
            return
        if component.proc is None:
            if time.monotonic() >= component.next_start:
                self._start(component)
            return
        code = component.proc.poll()
        if code is None:
            if time.monotonic() - component.started_at > 60:
                component.restarts = 0  # it has been healthy for a while: forget old crashes
            return
        if not component.service and code == 0:
            log.info("The %s finished.", component.name)
            component.done = True
            return
        delay = min(2 ** component.restarts, self.max_backoff_s)
        component.restarts += 1
        component.proc = None
        component.next_start = time.monotonic() + delay
        log.warning("The %s exited with code %d; restarting it in %.0f s (restart %d).",
                    component.name, code, delay, component.restarts)

    def _start(self, component: Component) -> None:
        env = dict(self._env)
        if component.health_port is not None:
            env["NEWSMON_HEALTH_PORT"] = str(component.health_port)
        component.proc = subprocess.Popen([sys.executable, "-m", "newsmon.cli", *component.argv], env=env)
        component.started_at = time.monotonic()
        log.info("Started the %s (pid %d%s).", component.name, component.proc.pid,
                 f", health on port {component.health_port}" if component.health_port else "")

    def _shutdown(self) -> int:
        running = [c for c in self.components if c.proc is not None and c.proc.poll() is None]
        log.info("Stopping %d components (grace %.0f s).", len(running), self.grace_s)
        for component in running:
            component.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace_s
        clean = True
        for component in running:
            try:
                code = component.proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
                clean &= code == 0
            except subprocess.TimeoutExpired:
                log.error("The %s did not stop within %.0f s; killing it.", component.name, self.grace_s)
                component.proc.kill()
                component.proc.wait()
                clean = False
        return 0 if clean else 1
