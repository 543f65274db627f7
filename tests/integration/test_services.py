"""Services as processes: readiness, metrics, and a SIGTERM that finishes, commits and exits in time."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx

from newsmon import kafka_io
from newsmon.broker import free_port
from producers.replay import SeedReplayer
from tests.conftest import ROOT


def wait_for(url: str, *, status: int = 200, timeout: float = 90.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == status:
                return response
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never answered {status}")


def metric(text: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def test_enricher_serves_health_and_metrics_and_stops_cleanly_on_sigterm(settings, cli_env, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    port = free_port()
    env = {**cli_env, "NEWSMON_HEALTH_PORT": str(port)}
    log = (tmp_path / "enricher.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "newsmon.cli", "enrich", "--group", "svc"], env=env,
                            stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        wait_for(f"{base}/readyz")
        with kafka_io.Publisher(settings) as publisher:
            SeedReplayer(publisher, topic=settings.topic_raw).replay([str(ROOT / "seeds")])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and metric(httpx.get(f"{base}/metrics").text,
                                                     'newsmon_articles_out_total{stage="enricher"}') < 7:
            time.sleep(0.5)
        text = httpx.get(f"{base}/metrics").text
        assert metric(text, 'newsmon_articles_in_total{stage="enricher"}') == 7
        assert metric(text, 'newsmon_stage_latency_seconds_count{stage="enricher"}') == 7
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0 and time.monotonic() - started < 15
        assert "7 processed" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        log.close()
    # Everything was committed: the same group starts with nothing left to do.
    again = subprocess.run([sys.executable, "-m", "newsmon.cli", "enrich", "--group", "svc", "--idle-timeout", "4"],
                           env=cli_env, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0 and "enricher: 0 consumed" in again.stdout, again.stderr[-1500:]
