"""Retries after an endpoint outage, on a real broker: no retry record is left behind in its topic.

The cause of the stuck retries was kafka-python's: records it had read ahead for a partition that was then
paused (a retry held until due) were parked and never handed back after resume, and the partition was never
fetched again. The first test pins that at the consumer; the others run the desk's sequence end to end.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from consumers.deliver.overdue import overdue_retries
from newsmon import kafka_io
from newsmon.kafka_io import Subscriber
from newsmon.messages import Alert, Delivery, RuleHit, Source, encode, utcnow
from tests.integration.outage import run_outage
from tests.integration.test_deliverer import story


def test_a_paused_partition_whose_records_were_read_ahead_is_fetched_again_after_resume(settings):
    s = settings.model_copy(update={"max_poll_records": 16})
    held, busy = s.topic_raw, s.topic_enriched
    kafka_io.ensure_topics(s, {held: 1, busy: 1})
    with kafka_io.Publisher(s) as publisher:
        publisher.wait([publisher.send(held, f"k{n}", b"x") for n in range(40)])
    stop = threading.Event()

    def keep_another_partition_busy() -> None:  # its records take the fetcher's read-ahead slot
        with kafka_io.Publisher(s) as publisher:
            while not stop.is_set():
                publisher.wait([publisher.send(busy, "b", b"y")])
                time.sleep(0.05)

    feeder = threading.Thread(target=keep_another_partition_busy, daemon=True)
    feeder.start()
    subscriber = Subscriber(s, group=f"pause-{s.kafka_client_id}", topics=[held, busy], client_id=s.kafka_client_id)
    got, paused_at = 0, None
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and got < 40:
            got += sum(1 for r in subscriber.poll(timeout_s=0.5) if r.topic == held)
            if got and paused_at is None:  # the first 16 came; the other 24 sit read ahead
                subscriber.pause((held, 0))
                paused_at = time.monotonic()
            elif paused_at and time.monotonic() - paused_at > 2:
                subscriber.resume((held, 0))
    finally:
        stop.set()
        feeder.join()
        subscriber.close()
    assert got == 40


def test_a_retry_record_past_its_time_that_nobody_takes_shows_as_overdue(settings):
    alert_message = Alert(id="al1", story_id="s", headline="t", sources=(Source(id="a", title="t"),),
                          rules=(RuleHit(id="r", name="r", severity="low", why="w"),))
    kafka_io.ensure_topics(settings, kafka_io.standard_topics(settings))
    late = Delivery(id="a:desk:r1", alert=alert_message, endpoint="desk", retry=1,
                    not_before=utcnow() - timedelta(seconds=90))
    soon = Delivery(id="b:desk:r2", alert=alert_message, endpoint="desk", retry=2,
                    not_before=utcnow() + timedelta(seconds=90))
    retry_1, retry_2 = settings.retry_topics()[:2]
    with kafka_io.Publisher(settings) as publisher:
        publisher.wait([publisher.send(retry_1, late.id, encode(late)), publisher.send(retry_2, soon.id, encode(soon))])
    meter = kafka_io.LagMeter(settings)
    try:
        found = overdue_retries(meter.first_waiting("nobody-retry", settings.retry_topics()), now=utcnow())
    finally:
        meter.close()
    assert set(found) == {retry_1} and 89 < found[retry_1].seconds < 150


def test_alerts_deferred_while_an_endpoint_is_down_all_arrive_once_it_is_back(settings, tmp_path):
    result = run_outage(settings, [story(n) for n in range(30)], tmp_path, outage_s=15.0, after_s=12.0)
    assert len(result.alerts) == 30
    assert not result.missing, result.trails


def test_two_deliverers_one_killed_during_the_outage_deliver_every_alert(settings, tmp_path):
    result = run_outage(settings, [story(n) for n in range(30)], tmp_path, outage_s=20.0, after_s=15.0,
                        deliverers=2, restart_at=(6.0,))
    assert len(result.alerts) == 30
    assert not result.missing, result.trails
