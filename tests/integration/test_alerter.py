"""The alerting consumer end to end: real broker, real enricher, real HTTP receiver."""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import time

import pytest
from standardwebhooks.webhooks import Webhook

from consumers.enrich import Enricher
from consumers.enrich_service import EnrichStep
from newsmon import kafka_io
from newsmon.alerter_cli import build_alert_step, run_redeliver
from newsmon.runner import Runner
from producers.replay import SeedReplayer
from tests.conftest import ROOT
from tests.integration.receiver import Receiver

SECRET = "whsec_" + base64.b64encode(b"newsmon-integration-test-secret-32b").decode()
ARRESTS = "Pakistan arrests four TTP suspects in connection with Islamabad suicide bombing"
SUDAN = "Pakistan nears $1.5 billion deal to supply weapons, jets to Sudan"


@pytest.fixture(scope="session")
def enricher() -> Enricher:
    return Enricher.load()


@pytest.fixture
def receiver():
    rec = Receiver()
    yield rec
    rec.close()


@pytest.fixture
def alert_settings(settings, receiver, tmp_path, monkeypatch):
    """Settings with one endpoint at the receiver's /hook and quick retries."""
    monkeypatch.setenv("NEWSMON_TEST_WEBHOOK_SECRET", SECRET)
    endpoints = tmp_path / "endpoints.yaml"
    endpoints.write_text(
        "endpoints:\n"
        f"  - name: desk\n    url: {receiver.url('/hook')}\n    secret_env: NEWSMON_TEST_WEBHOOK_SECRET\n"
    )
    return settings.model_copy(update={
        "endpoints_file": endpoints, "webhook_allow_private": True,
        "webhook_retry_delays_s": (0.05, 0.1), "webhook_timeout_s": 2.0,
    })


def pipeline(settings, enricher):
    """Replay the seeds, enrich them, run the alerter until idle."""
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    with kafka_io.Publisher(settings) as publisher:
        SeedReplayer(publisher, topic=settings.topic_raw).replay([str(ROOT / "seeds")])
    Runner(settings, EnrichStep(enricher, output_topic=settings.topic_enriched), input_topic=settings.topic_raw,
           group="enricher", dedupe_from=settings.topic_enriched).run(idle_timeout_s=3, timeout_s=120)
    return Runner(settings, build_alert_step(settings), input_topic=settings.topic_enriched,
                  group="alerter").run(idle_timeout_s=3, timeout_s=120)


def alerts_in(receiver, path="/hook"):
    return [json.loads(hit.body) for hit in receiver.hits_for(path)]


def test_seeds_raise_the_ttp_arrests_alert_signed_and_nothing_for_unwatched_articles(alert_settings, enricher, receiver):
    stats = pipeline(alert_settings, enricher)
    assert stats.dead_lettered == 0
    hits = receiver.hits_for("/hook")
    assert hits
    for hit in hits:  # every request verifies with the independent standardwebhooks package
        Webhook(SECRET).verify(hit.body, hit.headers)
        assert hit.headers["webhook-id"] == json.loads(hit.body)["id"]
    arrests = [a for a in alerts_in(receiver) if a["articles"][-1]["title"] == ARRESTS]
    assert arrests
    alert = arrests[0]
    assert {"ttp", "PK"} <= {a["id"] for a in alert["actors"]}
    assert alert["event"]["killed"] == 12
    assert all(a["evidence"] for a in alert["actors"])
    assert not [a for a in alerts_in(receiver) if any(x["title"] == SUDAN for x in a["articles"])]
    published = [json.loads(r.value) for r in kafka_io.read_topic(alert_settings, alert_settings.topic_alerts)]
    assert {a["id"] for a in published} == {h.headers["webhook-id"] for h in hits}


def test_replaying_the_seeds_twice_raises_no_second_alert(alert_settings, enricher, receiver):
    pipeline(alert_settings, enricher)
    first = [h.headers["webhook-id"] for h in receiver.hits_for("/hook")]
    second = pipeline(alert_settings, enricher)
    assert second.produced == 0
    assert [h.headers["webhook-id"] for h in receiver.hits_for("/hook")] == first


def test_an_endpoint_that_keeps_failing_dead_letters_and_redeliver_sends_the_same_webhook(alert_settings, enricher, receiver):
    receiver.script["/hook"] = [(500, {}, 0.0)]
    stats = pipeline(alert_settings, enricher)
    failed_ids = {h.headers["webhook-id"] for h in receiver.hits_for("/hook")}
    assert failed_ids and stats.dead_lettered == len(failed_ids)
    attempts = receiver.hits_for("/hook")
    assert len(attempts) == 3 * len(failed_ids)  # first try + 2 retries each
    letters = [json.loads(r.value) for r in kafka_io.read_topic(alert_settings, alert_settings.topic_deadletter)]
    assert {d["stage"] for d in letters} == {"alerter.deliver"}
    assert all(d["endpoint"] == "desk" and "500" in d["error"] for d in letters)

    receiver.script["/hook"] = [(200, {}, 0.0)]
    class Args:
        endpoint, group, idle_timeout, timeout = None, "redeliver", 3.0, 60.0
    assert run_redeliver(Args, alert_settings) == 0
    redelivered = receiver.hits_for("/hook")[len(attempts):]
    assert {h.headers["webhook-id"] for h in redelivered} == failed_ids
    first_body = {h.headers["webhook-id"]: h.body for h in attempts}
    assert all(first_body[h.headers["webhook-id"]] == h.body for h in redelivered)


def test_killing_the_alerter_mid_stream_loses_no_alert_and_repeats_no_webhook_id_with_a_new_body(
        alert_settings, enricher, receiver, cli_env, tmp_path):
    kafka_io.ensure_topics(alert_settings, kafka_io.standard_topics(alert_settings))
    with kafka_io.Publisher(alert_settings) as publisher:
        SeedReplayer(publisher, topic=alert_settings.topic_raw).replay([str(ROOT / "seeds")])
    Runner(alert_settings, EnrichStep(enricher, output_topic=alert_settings.topic_enriched),
           input_topic=alert_settings.topic_raw, group="enricher").run(idle_timeout_s=3, timeout_s=120)
    receiver.script["/hook"] = [(200, {}, 1.5)]  # a slow receiver: the crash lands between 2xx and commit
    env = {**cli_env, "NEWSMON_ENDPOINTS_FILE": str(alert_settings.endpoints_file), "NEWSMON_WEBHOOK_ALLOW_PRIVATE": "true",
           "NEWSMON_TEST_WEBHOOK_SECRET": SECRET, "NEWSMON_MAX_POLL_RECORDS": "2"}
    cmd = [sys.executable, "-m", "newsmon.cli", "alert", "--group", "crashy", "--idle-timeout", "6", "--timeout", "120"]
    log_path = tmp_path / "first.log"
    with log_path.open("w") as log:
        first = subprocess.Popen(cmd, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not receiver.hits_for("/hook") and first.poll() is None:
        time.sleep(0.1)
    assert first.poll() is None, log_path.read_text()[-2000:]
    time.sleep(1.0)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    before = len(receiver.hits_for("/hook"))
    assert before >= 1
    receiver.script["/hook"] = [(200, {}, 0.0)]
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert second.returncode == 0, second.stderr[-2000:]

    hits = receiver.hits_for("/hook")
    published = {json.loads(r.value)["id"] for r in kafka_io.read_topic(alert_settings, alert_settings.topic_alerts)}
    received = {h.headers["webhook-id"] for h in hits}
    assert received == published, second.stderr[-3000:]  # nothing lost, nothing invented
    assert len(hits) > len(received)  # the crash path ran: at least one webhook-id was sent twice
    bodies: dict[str, bytes] = {}
    for hit in hits:  # a repeated webhook-id is a redelivery of the very same body
        assert bodies.setdefault(hit.headers["webhook-id"], hit.body) == hit.body
