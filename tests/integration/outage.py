"""An endpoint outage run against real deliverer processes: what the issue of stuck retries describes.

About thirty alerts wait in the alerts topic; one endpoint answers 503 for `outage_s` and 200 afterwards; the
deliverer (one or more `newsmon deliver` processes in one group) starts when the outage begins and runs until
`after_s` past its end; then `newsmon alerts redeliver` sends what was dead-lettered. Every alert must then have
reached the endpoint. Used by the integration test (a short outage) and by bench/retry_outage.py (the issue's
exact sequence, run many times).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsmon import kafka_io
from newsmon.settings import Settings
from tests.integration.pipeline import SECRET, alert
from tests.integration.receiver import Receiver


@dataclass
class OutageResult:
    """What one outage run delivered, and the trail of every alert that never arrived."""

    alerts: list[str]
    delivered: set[str]
    redelivered: int
    trails: dict[str, list[str]] = field(default_factory=dict)  # missing alert -> its reports, in order

    @property
    def missing(self) -> set[str]:
        return set(self.alerts) - self.delivered


def service_env(settings: Settings, endpoints: Path, delays: tuple[float, ...]) -> dict[str, str]:
    """The NEWSMON_* environment for deliverer processes on these topics (nothing of the user's own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    for key, value in settings.model_dump(mode="json").items():
        if value is not None and (key.startswith("topic_") or key.startswith("kafka_")):
            env[f"NEWSMON_{key.upper()}"] = str(value)
    env.update({"NEWSMON_ENDPOINTS_FILE": str(endpoints), "NEWSMON_WEBHOOK_ALLOW_PRIVATE": "true",
                "NEWSMON_TEST_WEBHOOK_SECRET": SECRET, "NEWSMON_WEBHOOK_RETRY_DELAYS_S": json.dumps(list(delays)),
                "NEWSMON_WEBHOOK_TIMEOUT_S": "5"})
    return env


def _newsmon(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("a") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "newsmon.cli", *args], env=env, stdout=handle,
                                stderr=subprocess.STDOUT)


def _wait_owning(log: Path, count: int, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and log.read_text().count("owns partitions") < count:
        time.sleep(0.3)


def run_outage(settings: Settings, articles: list, workdir: Path, *, outage_s: float = 60.0, after_s: float = 30.0,
               delays: tuple[float, ...] = (1.0, 2.0), deliverers: int = 1,
               restart_at: tuple[float, ...] = ()) -> OutageResult:
    """Alert on `articles`, run the outage with `deliverers` processes (each one killed with SIGKILL and started
    again at the seconds in `restart_at`, counted from the outage's start), then redeliver; what arrived."""
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        from newsmon.messages import encode

        publisher.wait([publisher.send(settings.topic_enriched, a.id, encode(a)) for a in articles])
    alert(settings)
    alerts = [json.loads(r.value)["id"] for r in kafka_io.read_topic(settings, settings.topic_alerts)]
    receiver = Receiver()
    receiver.script["/hook"] = [(503, {}, 0.0)]
    endpoints = workdir / "endpoints.yaml"
    endpoints.write_text(f"endpoints:\n  - name: desk\n    url: {receiver.url('/hook')}\n"
                         "    secret_env: NEWSMON_TEST_WEBHOOK_SECRET\n")
    env = service_env(settings, endpoints, delays)
    log = workdir / "deliverers.log"
    log.write_text("")
    group = f"deliverer-{workdir.name}"
    procs = [_newsmon(["deliver", "--group", group], env, log) for _ in range(deliverers)]
    try:
        _wait_owning(log, 2 * deliverers)  # each process has two runners: first attempts and retries
        began = time.monotonic()
        pending = sorted(restart_at)
        while time.monotonic() - began < outage_s:
            if pending and time.monotonic() - began >= pending[0]:
                pending.pop(0)
                procs[0].send_signal(signal.SIGKILL)
                procs[0].wait(timeout=10)
                procs[0] = _newsmon(["deliver", "--group", group], env, log)
            time.sleep(0.2)
        receiver.script["/hook"] = [(200, {}, 0.0)]
        time.sleep(after_s)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    done = subprocess.run([sys.executable, "-m", "newsmon.cli", "alerts", "redeliver", "--group",
                           f"redeliver-{workdir.name}", "--timeout", "120"], env=env, capture_output=True, text=True)
    receiver.close()
    delivered = {h.headers["webhook-id"] for h in receiver.hits_for("/hook") if h.status == 200}
    redelivered = int(done.stdout.split("redeliver: ")[1].split(" ")[0]) if "redeliver: " in done.stdout else -1
    result = OutageResult(alerts=alerts, delivered=delivered, redelivered=redelivered)
    if result.missing:
        for record in kafka_io.read_topic(settings, settings.topic_deliveries):
            report = json.loads(record.value)
            if report["alert_id"] in result.missing:
                result.trails.setdefault(report["alert_id"], []).append(
                    f"{report['outcome']} (attempt {report['attempt']}): {report.get('reason') or ''}")
    return result
