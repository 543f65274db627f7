"""Reading a topic outside any consumer group: every record, or the keys written since a time."""

from __future__ import annotations

import logging
import time
from typing import Iterator

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from newsmon.kafka_io.common import fetch_sizes, timeouts, unavailable
from newsmon.kafka_io.consumer import Record
from newsmon.settings import Settings

log = logging.getLogger(__name__)


def _reader(settings: Settings, purpose: str, *, isolation: str = "read_committed") -> KafkaConsumer:
    """A consumer outside any group that sees only committed transactions (unless told otherwise)."""
    try:
        return KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap,
                             client_id=f"{settings.kafka_client_id}-{purpose}", enable_auto_commit=False,
                             auto_offset_reset="earliest", isolation_level=isolation,
                             **fetch_sizes(settings), **timeouts(settings))
    except (KafkaError, OSError) as exc:
        raise unavailable(settings, exc) from exc


def _drain(consumer: KafkaConsumer, starts: dict, end: dict, timeout_s: float) -> Iterator:
    """Every record from each partition's start offset to its end offset (as seen when we began)."""
    remaining = set()
    for tp, start in starts.items():
        if start is None or start >= end[tp]:
            continue
        consumer.seek(tp, start)
        remaining.add(tp)
    deadline = time.monotonic() + timeout_s
    while remaining and time.monotonic() < deadline:
        for tp, msgs in consumer.poll(timeout_ms=500).items():
            for m in msgs:
                if m.offset < end[tp]:
                    yield m
            if tp in remaining and (not msgs or msgs[-1].offset + 1 >= end[tp]):
                remaining.discard(tp)
        for tp in list(remaining):  # transaction markers have offsets but no records: trust the position
            if consumer.position(tp) >= end[tp]:
                remaining.discard(tp)


def _partitions(consumer: KafkaConsumer, topic: str) -> list[TopicPartition]:
    return [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or set())]


def keys_since(settings: Settings, topic: str, since_ms: int, *, timeout_s: float = 30.0) -> set[str]:
    """Keys of the records written to a topic at or after since_ms (epoch milliseconds)."""
    consumer = _reader(settings, "keys")
    try:
        tps = _partitions(consumer, topic)
        if not tps:
            return set()
        consumer.assign(tps)
        found = consumer.offsets_for_times({tp: since_ms for tp in tps})
        starts = {tp: (found[tp].offset if found.get(tp) else None) for tp in tps}
        end = consumer.end_offsets(tps)
        return {m.key.decode("utf-8", "replace") for m in _drain(consumer, starts, end, timeout_s) if m.key}
    finally:
        consumer.close()


def read_topic(settings: Settings, topic: str, *, timeout_s: float = 10.0, settle_s: float = 0.0) -> Iterator[Record]:
    """Yield every committed record now in a topic, from the beginning, without a consumer group.

    A read_committed reader stops at the first offset of the oldest open transaction, so a transaction left
    open (its commit markers not yet written, or its producer stalled) hides every record committed after
    it. With settle_s, the read first waits up to that long for the transactions open when it began to end,
    so it sees everything committed before it began."""
    consumer = _reader(settings, "reader")
    try:
        tps = _partitions(consumer, topic)
        if not tps:
            return
        consumer.assign(tps)
        starts = consumer.beginning_offsets(tps)
        end = _settled_ends(settings, consumer, tps, settle_s) if settle_s else consumer.end_offsets(tps)
        for m in _drain(consumer, starts, end, timeout_s):
            yield Record(m.topic, m.partition, m.offset, m.key, m.value, m.timestamp)
    finally:
        consumer.close()


def _settled_ends(settings: Settings, consumer: KafkaConsumer, tps: list[TopicPartition], settle_s: float) -> dict:
    """The committed end of each partition once it reaches the written end as it was on entry, or after settle_s."""
    peek = _reader(settings, "written", isolation="read_uncommitted")
    try:
        written = peek.end_offsets(tps)
    finally:
        peek.close()
    deadline = time.monotonic() + settle_s
    while True:
        ends = consumer.end_offsets(tps)
        open_ = sorted(f"{tp.topic}[{tp.partition}]" for tp in tps if ends[tp] < written[tp])
        if not open_:
            return ends
        if time.monotonic() >= deadline:
            log.warning("A transaction on %s was still open after %.0f s; reading what is committed so far.",
                        ", ".join(open_), settle_s)
            return ends
        time.sleep(0.05)


def end_offsets(settings: Settings, topic: str) -> dict[tuple[str, int], int]:
    """The end offset of each partition of a topic now."""
    consumer = _reader(settings, "ends")
    try:
        tps = _partitions(consumer, topic)
        return {(tp.topic, tp.partition): o for tp, o in consumer.end_offsets(tps).items()} if tps else {}
    finally:
        consumer.close()


def topic_reader(settings: Settings, purpose: str) -> KafkaConsumer:
    """A read_committed consumer outside any group, for a reader that assigns and seeks itself (the console)."""
    return _reader(settings, purpose)


class LagMeter:
    """Measures consumer groups' lag with one admin client and one consumer, kept open between measurements."""

    def __init__(self, settings: Settings) -> None:
        from newsmon.kafka_io.admin import admin_client

        self._admin = admin_client(settings)
        try:
            self._consumer = _reader(settings, "lag")
        except BaseException:
            self._admin.close()
            raise

    def lags(self, groups: list[tuple[str, list[str]]], *, exact_up_to: int = 2000) -> list[int | None]:
        """For each (consumer group, topics it reads): the records it has still to read, or None when it has
        committed nothing. Where a partition is fewer than exact_up_to offsets behind, the records are counted by
        reading them (read_committed), so transaction markers and aborted records, which take offsets, do not
        count as lag."""
        return [_lag(self._admin, self._consumer, group, topics, exact_up_to) for group, topics in groups]

    def first_waiting(self, group: str, topics: list[str]) -> list[Record]:
        """For each partition of these topics where the group has records still to read: the first of them (the
        oldest record it has not handled), read_committed."""
        committed = self._admin.list_group_offsets({group: None}).get(group, {})
        tps = [tp for topic in topics for tp in _partitions(self._consumer, topic)]
        if not tps:
            return []
        ends, begins = self._consumer.end_offsets(tps), self._consumer.beginning_offsets(tps)
        starts = {tp: max(committed[tp].offset if tp in committed else 0, begins[tp]) for tp in tps}
        waiting = {tp: start for tp, start in starts.items() if start < ends[tp]}
        if not waiting:
            return []
        self._consumer.assign(list(waiting))
        first: dict[TopicPartition, Record] = {}
        for m in _drain(self._consumer, waiting, {tp: min(ends[tp], start + 50) for tp, start in waiting.items()},
                        timeout_s=5.0):
            tp = TopicPartition(m.topic, m.partition)
            first.setdefault(tp, Record(m.topic, m.partition, m.offset, m.key, m.value, m.timestamp))
        return list(first.values())

    def close(self) -> None:
        try:
            self._consumer.close()
        finally:
            self._admin.close()


def group_lags(settings: Settings, groups: list[tuple[str, list[str]]], *,
               exact_up_to: int = 2000) -> list[int | None]:
    """LagMeter.lags, once."""
    meter = LagMeter(settings)
    try:
        return meter.lags(groups, exact_up_to=exact_up_to)
    finally:
        meter.close()


def _lag(admin, consumer: KafkaConsumer, group: str, topics: list[str], exact_up_to: int) -> int | None:
    committed = admin.list_group_offsets({group: None}).get(group, {})
    if not any(tp.topic in topics for tp in committed):
        return None
    tps = [tp for topic in topics for tp in _partitions(consumer, topic)]
    if not tps:
        return 0
    ends, begins = consumer.end_offsets(tps), consumer.beginning_offsets(tps)
    starts = {tp: max(committed[tp].offset if tp in committed else 0, begins[tp]) for tp in tps}
    lag, to_count = 0, {}
    for tp in tps:
        gap = max(ends[tp] - starts[tp], 0)
        if 0 < gap <= exact_up_to:
            to_count[tp] = starts[tp]
        else:
            lag += gap
    if to_count:
        consumer.assign(list(to_count))
        lag += sum(1 for _ in _drain(consumer, to_count, ends, timeout_s=5.0))
    return lag
