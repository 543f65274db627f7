"""Services as processes: readiness, metrics, and a SIGTERM that finishes, commits and exits in time."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import httpx

from newsmon import kafka_io
from newsmon.broker import free_port
from producers.replay.replayer import SeedReplayer
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


def test_run_supervises_the_pipeline_restarts_a_crashed_component_and_stops_in_time(
        settings, cli_env, tmp_path):
    import base64
    import json
    import os
    import re

    from tests.integration.receiver import Receiver

    receiver = Receiver()
    secret = "whsec_" + base64.b64encode(b"newsmon-supervisor-test-secret-32").decode()
    endpoints = tmp_path / "endpoints.yaml"
    endpoints.write_text(f"endpoints:\n  - name: desk\n    url: {receiver.url('/hook')}\n    secret_env: RUN_TEST_SECRET\n")
    base_port, console_port = free_port(), free_port()
    env = {**cli_env, "NEWSMON_ENDPOINTS_FILE": str(endpoints), "NEWSMON_WEBHOOK_ALLOW_PRIVATE": "true",
           "RUN_TEST_SECRET": secret, "NEWSMON_CONSOLE_PORT": str(console_port)}
    log_path = tmp_path / "run.log"
    log = log_path.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "newsmon.cli", "run", "--no-poll", "--enrichers", "1", "--health-base-port",
                             str(base_port - 1), "--replay", str(ROOT / "seeds"), "--grace", "20"],
                            env=env, stdout=log, stderr=log, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(
                json.loads(h.body)["headline"].startswith("Pakistan arrests four TTP")
                for h in receiver.hits_for("/hook")):
            time.sleep(0.5)
        assert receiver.hits_for("/hook"), log_path.read_text()[-3000:]

        enricher_pid = int(re.search(r"Started the enricher \(pid (\d+)", log_path.read_text()).group(1))
        os.kill(enricher_pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and log_path.read_text().count("Started the enricher") < 2:
            time.sleep(0.3)
        assert "The enricher exited with code -9; restarting it" in log_path.read_text()
        wait_for(f"http://127.0.0.1:{base_port}/readyz")  # the restarted enricher is ready again
        wait_for(f"http://127.0.0.1:{console_port}/readyz")  # the console runs in the group too

        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=40) == 0
        assert time.monotonic() - started < 25
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
        receiver.close()
    text = log_path.read_text()
    assert "The replay finished." in text and "Stopping 4 components" in text, text[-3000:]
