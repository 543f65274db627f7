"""Retries past their time: measured per retry topic from the first unhandled record of each partition."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from consumers.deliver.overdue import RetryWatch, overdue_retries
from newsmon.kafka_io import Record
from newsmon.messages import Delivery, encode
from newsmon.metrics import RETRY_OVERDUE
from newsmon.runloop import StopFlag
from newsmon.settings import Settings

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def record(alert, topic: str, due_in_s: float, *, endpoint: str = "desk", partition: int = 0) -> Record:
    delivery = Delivery(id=f"{alert.id}:{endpoint}:{topic}", alert=alert, endpoint=endpoint, retry=1,
                        not_before=NOW + timedelta(seconds=due_in_s))
    return Record(topic, partition, 7, b"k", encode(delivery), 0)


def test_only_records_past_their_time_count_and_each_topic_reports_its_most_overdue(alert):
    found = overdue_retries([record(alert, "r.1", -5), record(alert, "r.1", -40, partition=1, endpoint="slack"),
                             record(alert, "r.2", +10), Record("r.3", 0, 1, None, b"not json", 0)], now=NOW)
    assert set(found) == {"r.1"}
    assert (found["r.1"].seconds, found["r.1"].endpoint, found["r.1"].alert_id) == (40.0, "slack", alert.id)


class FakeMeter:
    def __init__(self, records):
        self.records, self.asked = records, []

    def first_waiting(self, group, topics):
        self.asked.append((group, tuple(topics)))
        return self.records


def test_the_watch_sets_a_gauge_per_retry_topic_and_warns_only_past_the_limit(alert, caplog):
    settings = Settings(topic_deliveries="d", webhook_retry_delays_s=(1.0, 2.0), webhook_timeout_s=5.0)
    meter = FakeMeter([record(alert, "d.retry.1", -12), record(alert, "d.retry.2", -95)])
    watch = RetryWatch(settings, group="g-retry", stop=StopFlag(), clock=lambda: NOW)
    with caplog.at_level(logging.WARNING):
        found = watch.measure(meter)
    assert meter.asked == [("g-retry", ("d.retry.1", "d.retry.2"))]
    assert RETRY_OVERDUE.labels("d.retry.1")._value.get() == 12.0
    assert RETRY_OVERDUE.labels("d.retry.2")._value.get() == 95.0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "d.retry.2 is 95 s past its time" in warnings[0] and alert.id in warnings[0]
    assert set(found) == {"d.retry.1", "d.retry.2"}
    meter.records = []  # handled since: the gauges fall back to 0
    watch.measure(meter)
    assert RETRY_OVERDUE.labels("d.retry.2")._value.get() == 0.0
