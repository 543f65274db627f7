"""`newsmon run`: the poller, the enrichers, the alerter and the deliverer (and a replay) as one process group.

Each component is a child process running its own `newsmon` subcommand, so a crash in one (or a stuck
spaCy batch) never takes the others down. A child that exits when it should not is restarted with
exponential backoff. A child that exits with code 3 (configuration error) is not restarted: the group
stops and `newsmon run` exits 3, since restarting cannot fix a broken file. SIGTERM or SIGINT is passed on
to every child; each finishes its batch, commits and flushes; children alive after the grace are killed.

With no endpoints file configured the deliverer has nothing to send to: the group runs without it (and says so
once), so a desk without webhooks still gets the console, which shows that no endpoint is configured.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable

from newsmon import exitcodes
from newsmon.runloop import StopFlag, run_until_stopped
from newsmon.settings import Settings, load_settings

log = logging.getLogger(__name__)


@dataclass
class Component:
    """One supervised child: its subcommand, its health port, and whether it should run forever."""

    name: str
    argv: list[str]
    health_port: int | None = None
    service: bool = True  # False: a one-shot job (replay) that is done when it exits 0
    needs_endpoints: bool = False  # True: the deliverer, left out when no endpoints file is configured
    proc: subprocess.Popen | None = None
    restarts: int = 0
    next_start: float = 0.0
    done: bool = False
    started_at: float = field(default=0.0)


def pipeline_components(*, poll: bool, feeds: str | None, enrichers: int, health_base_port: int | None,
                        replay: list[str] | None, console: bool = False) -> list[Component]:
    """The children of `newsmon run`; health ports: poller base, enricher +1, alerter +2, deliverer +3, more enrichers +4...
    The console serves its own /healthz on its port."""

    def port(offset: int) -> int | None:
        return health_base_port + offset if health_base_port else None

    components = [Component("poller", ["poll"] + (["--feeds", feeds] if feeds else []), port(0))] if poll else []
    components.append(Component("enricher", ["enrich"], port(1)))
    components += [Component(f"enricher-{n}", ["enrich"], port(2 + n)) for n in range(2, max(enrichers, 1) + 1)]
    components += [Component("alerter", ["alert"], port(2)),
                   Component("deliverer", ["deliver"], port(3), needs_endpoints=True)]
    if console:
        components.append(Component("console", ["console", "serve"]))
    if replay:
        components.append(Component("replay", ["replay", "--no-progress", *replay], service=False))
    return components


def without_idle_deliverer(components: list[Component], settings: Settings) -> list[Component]:
    """The components minus the deliverer when no endpoints file is configured, said in one log line."""
    if settings.endpoints_file is not None:
        return components
    kept = [c for c in components if not c.needs_endpoints]
    if len(kept) < len(components):
        log.warning("No webhook endpoints are configured (NEWSMON_ENDPOINTS_FILE), so the deliverer is left out: "
                    "alerts reach only the console and the alerts topic.")
    return kept


def _spawn(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsmon.cli", *argv], env=env)


class Supervisor:
    """Starts, watches and restarts components; stops them all within a bounded time."""

    def __init__(self, components: list[Component], *, grace_s: float = 30.0, max_backoff_s: float = 60.0,
                 env: dict[str, str] | None = None, spawn: Callable[[list[str], dict[str, str]], subprocess.Popen] = _spawn,
                 stop: StopFlag | None = None, clock: Callable[[], float] = time.monotonic,
                 settings: Settings | None = None) -> None:
        self.components = components
        self._settings = settings  # None: read when the group starts (the children read the same)
        self.grace_s = grace_s
        self.max_backoff_s = max_backoff_s
        self.stop_flag = stop or StopFlag()
        self.exit_code = exitcodes.OK
        self._env = env or dict(os.environ)
        self._spawn = spawn
        self._clock = clock

    def stop(self, *_args: object) -> None:
        """Begin a graceful shutdown."""
        self.stop_flag.set()

    def run(self, *, timeout_s: float | None = None) -> int:
        """Supervise until stopped, timed out, every job done or a child's configuration error; returns the exit code."""
        self.components = without_idle_deliverer(self.components, self._settings or load_settings())

        def tick() -> bool:
            for component in self.components:
                self._tend(component)
            return all(c.done for c in self.components) or self.exit_code == exitcodes.CONFIG

        run_until_stopped(tick, stop=self.stop_flag, timeout_s=timeout_s, interval_s=0.2)
        clean = self._shutdown()
        return self.exit_code if self.exit_code != exitcodes.OK else (exitcodes.OK if clean else 1)

    def _tend(self, component: Component) -> None:
        if component.done:
            return
        if component.proc is None:
            if self._clock() >= component.next_start:
                self._start(component)
            return
        code = component.proc.poll()
        if code is None:
            if self._clock() - component.started_at > 60:
                component.restarts = 0  # it has been healthy for a while: forget old crashes
            return
        if not component.service and code == 0:
            log.info("The %s finished.", component.name)
            component.done = True
            return
        if code == exitcodes.CONFIG:
            log.error("The %s exited with code 3 (configuration error); not restarting it. Fix the setting or "
                      "file it named and start again.", component.name)
            component.done, component.proc = True, None
            self.exit_code = exitcodes.CONFIG
            return
        delay = min(2 ** component.restarts, self.max_backoff_s)
        component.restarts += 1
        component.proc = None
        component.next_start = self._clock() + delay
        log.warning("The %s exited with code %d; restarting it in %.0f s (restart %d).",
                    component.name, code, delay, component.restarts)

    def _start(self, component: Component) -> None:
        env = dict(self._env)
        if component.health_port is not None:
            env["NEWSMON_HEALTH_PORT"] = str(component.health_port)
        component.proc = self._spawn(component.argv, env)
        component.started_at = self._clock()
        log.info("Started the %s (pid %d%s).", component.name, component.proc.pid,
                 f", health on port {component.health_port}" if component.health_port else "")

    def _shutdown(self) -> bool:
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
        return clean
