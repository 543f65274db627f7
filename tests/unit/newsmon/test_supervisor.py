"""The supervisor with fake children: restarts with backoff, one-shot jobs, a configuration error stops all."""

from __future__ import annotations

from newsmon.runloop import StopFlag
from newsmon.settings import Settings
from newsmon.supervisor import Component, Supervisor, pipeline_components


class FakeChild:
    """A child process whose exit code the test scripts (None: still running)."""

    pids = 100

    def __init__(self, codes: list[int | None]) -> None:
        FakeChild.pids += 1
        self.pid, self._codes, self.signals = FakeChild.pids, list(codes), []

    def poll(self) -> int | None:
        return self._codes.pop(0) if len(self._codes) > 1 else self._codes[0]

    def send_signal(self, sig) -> None:
        self.signals.append(sig)
        self._codes = [0]

    def wait(self, timeout=None) -> int:
        return self._codes[0] or 0

    def kill(self) -> None:
        self._codes = [-9]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def supervisor(components, scripts: dict[str, list[list[int | None]]], clock: Clock,
               settings=None) -> tuple[Supervisor, dict]:
    started: dict[str, list[FakeChild]] = {}

    def spawn(argv, env):
        name = argv[0]
        child = FakeChild(scripts[name].pop(0))
        started.setdefault(name, []).append(child)
        return child

    return Supervisor(components, grace_s=1, spawn=spawn, clock=clock, stop=StopFlag(), settings=settings), started


def test_a_crashed_child_is_restarted_with_growing_backoff():
    clock = Clock()
    sup, started = supervisor([Component("enricher", ["enrich"])], {"enrich": [[1], [1], [None]]}, clock)
    enricher = sup.components[0]
    sup._tend(enricher)          # start
    sup._tend(enricher)          # exits 1: restart in 1 s
    assert enricher.proc is None and enricher.next_start == 1.0
    clock.now = 1.0
    sup._tend(enricher)          # start again
    sup._tend(enricher)          # exits 1 again: restart in 2 s
    assert enricher.next_start == 3.0 and enricher.restarts == 2
    clock.now = 3.0
    sup._tend(enricher)
    sup._tend(enricher)
    assert enricher.proc is not None and len(started["enrich"]) == 3


def test_a_configuration_error_stops_the_group_with_exit_3():
    clock = Clock()
    comps = [Component("alerter", ["alert"]), Component("enricher", ["enrich"])]
    sup, started = supervisor(comps, {"alert": [[3]], "enrich": [[None]]}, clock)
    assert sup.run(timeout_s=5) == 3
    assert len(started["alert"]) == 1  # never restarted
    assert started["enrich"][0].signals  # the healthy child was asked to stop


def test_a_one_shot_job_is_done_when_it_exits_0():
    clock = Clock()
    sup, started = supervisor([Component("replay", ["replay"], service=False)], {"replay": [[None, 0]]}, clock)
    assert sup.run(timeout_s=5) == 0
    assert len(started["replay"]) == 1 and sup.components[0].done


def test_the_pipeline_has_every_stage_and_one_enricher_per_core_requested():
    names = [c.name for c in pipeline_components(poll=True, feeds=None, enrichers=3, health_base_port=9101, replay=None)]
    assert names == ["poller", "enricher", "enricher-2", "enricher-3", "alerter", "deliverer"]
    ports = [c.health_port for c in pipeline_components(poll=True, feeds=None, enrichers=3, health_base_port=9101,
                                                        replay=None)]
    assert len(set(ports)) == len(ports) and ports[:2] == [9101, 9102]
    with_console = pipeline_components(poll=False, feeds=None, enrichers=1, health_base_port=None, replay=None,
                                       console=True)
    assert [(c.name, c.argv) for c in with_console][-1] == ("console", ["console", "serve"])


def test_without_an_endpoints_file_the_group_runs_without_the_deliverer_and_says_so_once(caplog, tmp_path):
    clock = Clock()
    comps = pipeline_components(poll=False, feeds=None, enrichers=1, health_base_port=None, replay=None, console=True)
    scripts = {argv: [[None]] for argv in ("enrich", "alert", "deliver", "console")}
    sup, started = supervisor(comps, scripts, clock, Settings(endpoints_file=None))
    with caplog.at_level("INFO", logger="newsmon.supervisor"):
        assert sup.run(timeout_s=0.5) == 0  # ran until the timeout: nothing stopped the group
    assert sorted(started) == ["alert", "console", "enrich"]
    said = [r.getMessage() for r in caplog.records if "deliverer" in r.getMessage()]
    assert said == ["No webhook endpoints are configured (NEWSMON_ENDPOINTS_FILE), so the deliverer is left out: "
                    "alerts reach only the console and the alerts topic."]

    endpoints = tmp_path / "endpoints.yaml"
    endpoints.write_text("endpoints: []\n")
    comps = pipeline_components(poll=False, feeds=None, enrichers=1, health_base_port=None, replay=None, console=True)
    sup, started = supervisor(comps, {argv: [[None]] for argv in scripts}, clock, Settings(endpoints_file=endpoints))
    assert sup.run(timeout_s=0.5) == 0
    assert "deliver" in started
