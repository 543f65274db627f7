"""Helpers that run the pipeline's stages in-process against the session broker."""

from __future__ import annotations

import base64
import subprocess
import time
from pathlib import Path

from consumers.alert.service import build_alert_step
from consumers.deliver.service import build_step, deliver_runners, run_together
from consumers.enrich.enricher import Enricher
from consumers.enrich.step import EnrichStep
from newsmon import kafka_io
from newsmon.messages import EnrichedArticle, RawArticle
from newsmon.runloop import StopFlag
from newsmon.runner import Runner, RunStats
from newsmon.settings import Settings
from producers.replay.replayer import SeedReplayer
from tests.conftest import ROOT

SECRET = "whsec_" + base64.b64encode(b"newsmon-integration-test-secret-32b").decode()


def endpoint_settings(settings: Settings, tmp_path, monkeypatch, urls: dict[str, str], **overrides) -> Settings:
    """Settings with one signed endpoint per name, loopback allowed, and short retries."""
    monkeypatch.setenv("NEWSMON_TEST_WEBHOOK_SECRET", SECRET)
    endpoints = tmp_path / "endpoints.yaml"
    endpoints.write_text("endpoints:\n" + "".join(
        f"  - name: {name}\n    url: {url}\n    secret_env: NEWSMON_TEST_WEBHOOK_SECRET\n" for name, url in urls.items()))
    values = {"endpoints_file": endpoints, "webhook_allow_private": True, "webhook_retry_delays_s": (0.5, 1.0),
              "webhook_timeout_s": 2.0}
    return settings.model_copy(update={**values, **overrides})


def replay_seeds(settings: Settings) -> int:
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        return SeedReplayer(publisher, topic=settings.topic_raw).replay([str(ROOT / "seeds")]).articles


def enrich(settings: Settings, enricher: Enricher, *, idle: float = 3.0) -> RunStats:
    step = EnrichStep(enricher, output_topic=settings.topic_enriched)
    return Runner(settings, step, inputs={settings.topic_raw: RawArticle}, group="enricher",
                  dedupe_from=settings.topic_enriched).run(idle_timeout_s=idle, timeout_s=120)


def alert(settings: Settings, *, idle: float = 3.0) -> RunStats:
    return Runner(settings, build_alert_step(settings), inputs={settings.topic_enriched: EnrichedArticle},
                  group="alerter").run(idle_timeout_s=idle, timeout_s=120)


def deliver(settings: Settings, *, idle: float = 3.0, timeout: float = 120.0) -> list[RunStats]:
    stop = StopFlag()
    step = build_step(settings)
    return run_together(deliver_runners(settings, step, group="deliverer", stop=stop), stop=stop,
                        idle_timeout_s=idle, timeout_s=timeout)


def wait_until_owning(logs: list[Path], *, timeout_s: float = 90.0) -> None:
    """Wait until every service writing one of these logs says it owns partitions (its group has settled)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not all("owns partitions" in path.read_text() for path in logs):
        time.sleep(0.5)


def stop(procs: list[subprocess.Popen], handles) -> None:
    """Kill the services still running (and reap them), then close their log files."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    for handle in handles:
        handle.close()
