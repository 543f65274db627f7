"""An alerter that takes over partitions goes on from the stories their previous owner committed, even when
that owner stalled between adding its offsets to a transaction and committing it (real broker, real service);
and the read of the stories sees past a transaction that was open when it began."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from consumers.alert.service import build_alert_step
from newsmon import kafka_io
from newsmon.messages import EnrichedArticle, RawArticle, decode, encode
from tests.integration.pipeline import enrich, stop, wait_until_owning

GROUP = "handover-alerters"
FIRST = RawArticle(id="handover-1", title="Militants attack police post in Bannu", source="handover-test",
                   body="Militants attacked a police post in Bannu before dawn on Monday, killing three policemen, "
                        "officials said.")
LATER = RawArticle(id="handover-2", title="Toll in Bannu police post attack rises to five", source="handover-test",
                   body="The toll from Monday's militant attack on a police post in Bannu rose to five policemen "
                        "killed, officials said.")


def stalled_owner_transaction(settings):
    """Be the alerter that read the first article: its alert, its story and its offsets go into a transaction,
    then it leaves the group before committing. Returns the producer that still holds the open transaction."""
    consumer = KafkaConsumer(settings.topic_enriched, bootstrap_servers=settings.kafka_bootstrap, group_id=GROUP,
                             enable_auto_commit=False, auto_offset_reset="earliest",
                             isolation_level="read_committed", max_poll_records=1)
    records = []
    deadline = time.monotonic() + 60
    while not records and time.monotonic() < deadline:
        records = [r for batch in consumer.poll(timeout_ms=500).values() for r in batch]
    [record] = records
    [outputs] = build_alert_step(settings).handle([decode(record.value, EnrichedArticle)])
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, transactional_id=f"handover-{uuid.uuid4().hex}",
                             enable_idempotence=True, acks="all")
    producer.init_transactions()
    producer.begin_transaction()
    for output in outputs:
        producer.send(output.topic, key=output.key.encode(), value=encode(output.message))
    producer.flush()
    producer.send_offsets_to_transaction(
        {TopicPartition(record.topic, record.partition): OffsetAndMetadata(record.offset + 1, "", -1)},
        consumer.group_metadata())
    consumer.close()
    return producer


def test_an_alerter_taking_over_goes_on_from_the_previous_owners_last_commit(settings, cli_env, tmp_path, enricher):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    for raw in (FIRST, LATER):  # one after the other: enriched in this order, in the one partition of their route
        with kafka_io.Publisher(settings) as publisher:
            publisher.wait([publisher.send(settings.topic_raw, raw.id, encode(raw))])
        enrich(settings, enricher, idle=2.0)
    producer = stalled_owner_transaction(settings)
    log = tmp_path / "alerter.log"
    with log.open("a") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "newsmon.cli", "alert", "--group", GROUP, "--idle-timeout", "8",
                                 "--timeout", "120"], env=cli_env, stdout=subprocess.PIPE, stderr=handle, text=True)
    try:
        wait_until_owning([log])
        time.sleep(3)  # the new owner holds the partition while the previous owner's transaction is still open
        producer.commit_transaction()
        producer.close()
        proc.communicate(timeout=150)
    finally:
        stop([proc], [])
    assert proc.returncode == 0, log.read_text()[-2000:]
    alerts = [json.loads(r.value) for r in kafka_io.read_topic(settings, settings.topic_alerts)]
    assert [(a["story_id"], a["revision"]) for a in alerts] == [("handover-1", 1), ("handover-1", 2)], log.read_text()
    assert "toll rose from 3 to 5 killed" in alerts[1]["changes"]


def test_a_settled_read_waits_for_an_open_transaction_and_then_sees_what_was_committed_behind_it(settings, caplog):
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    topic = settings.topic_stories
    held = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, transactional_id=f"held-{uuid.uuid4().hex}")
    held.init_transactions()
    held.begin_transaction()
    held.send(topic, key=b"held", value=b"1", partition=0)
    held.flush()
    later = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all")
    later.send(topic, key=b"behind", value=b"2", partition=0).get(timeout=30)  # written after the transaction began
    later.close()
    assert {r.key for r in kafka_io.read_topic(settings, topic)} == set()  # the open transaction hides it
    threading.Timer(1.5, held.commit_transaction).start()
    settled = {r.key for r in kafka_io.read_topic(settings, topic, settle_s=20)}
    held.close()
    assert settled == {b"held", b"behind"}

    stuck = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, transactional_id=f"stuck-{uuid.uuid4().hex}")
    stuck.init_transactions()
    stuck.begin_transaction()
    stuck.send(topic, key=b"stuck", value=b"3", partition=0)
    stuck.flush()
    began = time.monotonic()
    keys = {r.key for r in kafka_io.read_topic(settings, topic, settle_s=1.0)}
    assert keys == {b"held", b"behind"} and time.monotonic() - began < 15  # bounded: it reads what is committed
    assert "still open after 1 s" in caplog.text
    stuck.abort_transaction()
    stuck.close()
