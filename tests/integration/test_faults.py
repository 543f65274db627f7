"""The fault suite on a real broker: kills, stalls and oversized records lose nothing and write no id twice.

Each test ends by reading the output topic as a downstream consumer does (read_committed) and asserting that
every input id is there exactly once. Services run as processes (`newsmon enrich`), killed with SIGKILL or
frozen with SIGSTOP as an operator or a kernel would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from kafka import KafkaProducer

from newsmon import kafka_io
from newsmon.broker import LocalBroker, free_port
from newsmon.messages import RawArticle, encode
from producers.replay.replayer import load_articles
from tests.conftest import fresh_settings
from tests.integration.pipeline import enrich, stop, wait_until_owning

PLACES = ["Bannu", "Peshawar", "Quetta", "Lakki Marwat", "Dera Ismail Khan", "Khyber", "Bajaur", "Kurram"]


def article(i: int, tag: str = "fault") -> RawArticle:
    place = PLACES[i % len(PLACES)]
    body = (f"Militants attacked security post {i} near {place} before dawn, killing {i % 5 + 1} policemen, "
            f"officials said. The attackers fled after an exchange of fire that lasted an hour at post {i}.")
    return RawArticle(id=f"{tag}-{i}", title=f"Attack on post {i} in {place}", body=body, source="fault-test")


def enriched_ids(settings) -> Counter:
    return Counter(json.loads(r.value)["id"] for r in kafka_io.read_topic(settings, settings.topic_enriched))


def publish(settings, articles: list[RawArticle]) -> None:
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(settings.topic_raw, a.id, encode(a)) for a in articles])


def service_process(command: str, group: str, env: dict, log: Path, *args: str) -> subprocess.Popen:
    with log.open("a") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "newsmon.cli", command, "--group", group, *args],
                                env=env, stdout=subprocess.PIPE, stderr=handle, text=True)


def enricher_process(env: dict, log: Path, *args: str) -> subprocess.Popen:
    return service_process("enrich", "fault-enrichers", env, log, *args)


def freeze_one_then_finish(procs: list[subprocess.Popen], logs: list[Path]) -> None:
    """SIGSTOP the first service past its session (no polls, no heartbeats: its partitions move), SIGCONT it
    with a batch that can no longer commit, and let all of them run to their idle timeout; each must exit 0."""
    try:
        procs[0].send_signal(signal.SIGSTOP)
        time.sleep(15)
        procs[0].send_signal(signal.SIGCONT)
        for proc in procs:
            proc.communicate(timeout=300)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGCONT)
        stop(procs, [])
    assert [p.returncode for p in procs] == [0, 0], "".join(log.read_text()[-1500:] for log in logs)


def wait_for_output(settings, at_least: int, timeout_s: float = 90.0) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        count = sum(enriched_ids(settings).values())
        if count >= at_least:
            return count
        time.sleep(0.3)
    raise AssertionError(f"fewer than {at_least} enriched records after {timeout_s} s")


def test_an_enricher_killed_mid_batch_again_and_again_loses_nothing_and_writes_no_id_twice(settings, cli_env, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    articles = [article(i) for i in range(240)]
    publish(settings, articles)
    log = tmp_path / "enricher.log"
    for kill in range(3):
        proc = enricher_process(cli_env, log)
        try:
            wait_for_output(settings, at_least=20 * (kill + 1))
            time.sleep(0.2 * kill)  # somewhere inside a later batch
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
    last = enricher_process(cli_env, log, "--idle-timeout", "6")
    out, _ = last.communicate(timeout=240)
    assert last.returncode == 0, log.read_text()[-2000:]
    ids = enriched_ids(settings)
    assert set(ids) == {a.id for a in articles}  # nothing lost
    assert set(ids.values()) == {1}  # and no id twice, as a read_committed consumer sees the topic


def test_a_stalled_enricher_past_its_session_writes_no_id_twice(settings, cli_env, tmp_path):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    env = {**cli_env, "NEWSMON_MAX_POLL_INTERVAL_MS": "10000", "NEWSMON_SESSION_TIMEOUT_MS": "6000"}
    logs = [tmp_path / "e1.log", tmp_path / "e2.log"]
    procs = [enricher_process(env, log, "--idle-timeout", "12", "--timeout", "240") for log in logs]
    articles = [article(i, "stall") for i in range(300)]
    try:
        wait_until_owning(logs)
        publish(settings, articles)
        wait_for_output(settings, at_least=10)
    except BaseException:
        stop(procs, [])
        raise
    freeze_one_then_finish(procs, logs)
    ids = enriched_ids(settings)
    assert set(ids) == {a.id for a in articles}
    assert set(ids.values()) == {1}


def test_a_stalled_alerter_past_its_session_writes_no_alert_twice(settings, cli_env, tmp_path, enricher):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    publish(settings, [article(i, "alert-stall") for i in range(60)])
    enrich(settings, enricher)
    env = {**cli_env, "NEWSMON_MAX_POLL_INTERVAL_MS": "10000", "NEWSMON_SESSION_TIMEOUT_MS": "6000",
           "NEWSMON_MAX_POLL_RECORDS": "4"}
    logs = [tmp_path / "a1.log", tmp_path / "a2.log"]
    procs = [service_process("alert", "stall-alerters", env, log, "--idle-timeout", "12", "--timeout", "240")
             for log in logs]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list(kafka_io.read_topic(settings, settings.topic_alerts)):
            time.sleep(0.3)
    except BaseException:
        stop(procs, [])
        raise
    freeze_one_then_finish(procs, logs)
    alerts = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_alerts)]
    ids = Counter(a["id"] for a in alerts)
    assert alerts and set(ids.values()) == {1}  # each story revision once
    assert len({(a["story_id"], a["revision"]) for a in alerts}) == len(alerts)


def test_records_of_two_megabytes_and_poison_pass_through_the_enricher_without_a_stop(settings, enricher):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    huge = article(0, "huge").model_copy(update={"body": ("Police said the market was crowded. " * 30 + "\n\n") * 1_800})
    value = encode(huge)
    assert 1_900_000 < len(value) < settings.max_record_bytes  # as another client may write it
    poison = b"{" + b"x" * 1_900_000  # neither JSON nor small: its copy in base64 would not fit a record
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, max_request_size=settings.max_record_bytes)
    for key, payload in ((b"huge-0", value), (b"poison", poison)):
        producer.send(settings.topic_raw, key=key, value=payload)
    producer.flush()
    producer.close()
    publish(settings, [article(1, "after")])
    stats = enrich(settings, enricher)
    assert stats.dead_lettered == 1
    records = {json.loads(r.value)["id"]: json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_enriched)}
    assert set(records) == {"huge-0", "after-1"}
    assert records["huge-0"]["article"]["truncated"] and len(records["huge-0"]["article"]["body"]) <= 200_000
    [letter] = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_deadletter)]
    assert letter["value_size"] == len(poison) and letter["value_truncated"] and letter["value_sha256"]


def test_an_existing_topic_with_the_brokers_default_record_limit_is_raised_to_ours(settings):
    from kafka.admin import NewTopic

    from newsmon.kafka_io.admin import admin_client

    admin = admin_client(settings)
    try:
        admin.create_topics([NewTopic(settings.topic_raw, 2, 1, topic_configs={"max.message.bytes": "1048588"})])
    finally:
        admin.close()
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    limit = int(kafka_io.describe_topic(settings, settings.topic_raw)["configs"]["max.message.bytes"])
    assert limit > settings.max_record_bytes


@pytest.fixture
def own_broker():
    """A broker of this test's own, to kill."""
    home = Path(tempfile.mkdtemp(prefix="newsmon-fault-kafka-"))
    broker = LocalBroker(home=home, cache_dir=Path(os.environ.get("NEWSMON_CACHE_DIR", Path.home() / ".cache" / "newsmon")))
    port = free_port()
    broker.start(port=port, startup_timeout_s=120)
    try:
        yield broker, port
    finally:
        broker.stop()


def test_a_broker_killed_during_a_replay_loses_nothing_once_it_is_back(own_broker, tmp_path, enricher):
    broker, port = own_broker
    settings = fresh_settings(f"127.0.0.1:{port}")
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    pages = tmp_path / "pages"
    pages.mkdir()
    articles = [article(i, "replay") for i in range(150)]
    for i, a in enumerate(articles):
        (pages / f"{i:03d}.txt").write_text(f"{a.title}\n\nBANNU: {a.body} {a.body}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env |= {"NEWSMON_KAFKA_BOOTSTRAP": settings.kafka_bootstrap, "NEWSMON_TOPIC_RAW": settings.topic_raw,
            "NEWSMON_KAFKA_TIMEOUT_S": "5"}
    replay = subprocess.Popen([sys.executable, "-m", "newsmon.cli", "replay", "--no-progress", "--rate", "40",
                               str(pages)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # some pages are out
    os.kill(broker.pid(), signal.SIGKILL)
    _, err = replay.communicate(timeout=120)
    assert replay.returncode == 2 and "Traceback" not in err  # "Kafka unreachable": the operator re-runs it
    broker.start(port=port, startup_timeout_s=120)
    again = subprocess.run([sys.executable, "-m", "newsmon.cli", "replay", "--no-progress", str(pages)],
                           env={**env, "NEWSMON_KAFKA_TIMEOUT_S": "30"}, capture_output=True, text=True, timeout=180,
                           check=False)
    assert again.returncode == 0, again.stderr[-2000:]
    enrich(settings, enricher, idle=4.0)
    ids = enriched_ids(settings)
    assert set(ids) == {a.id for page in sorted(pages.iterdir()) for a in load_articles(page)}  # all 150
    assert set(ids.values()) == {1}
