"""Subscriber: a consumer-group member with manual commits; the runner decides when offsets are done."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata

from newsmon.kafka_io.common import fetch_sizes, timeouts, unavailable
from newsmon.settings import Settings

log = logging.getLogger(__name__)

Partition = tuple[str, int]


@dataclass(frozen=True)
class Record:
    """One consumed record, decoupled from kafka-python's type."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp_ms: int


class _Listener(ConsumerRebalanceListener):
    """Remembers which partitions left this member and which the group (re)assigned to it, so the runner can drop
    or reload state it held for them: a rebalance may hand back a partition another member owned meanwhile."""

    def __init__(self) -> None:
        self.revoked: set[Partition] = set()
        self.assigned: set[Partition] = set()

    def on_partitions_revoked(self, revoked) -> None:
        self.revoked |= {(tp.topic, tp.partition) for tp in revoked}

    def on_partitions_assigned(self, assigned) -> None:
        given = {(tp.topic, tp.partition) for tp in assigned}
        self.revoked -= given
        self.assigned |= given


def release_parked_records(consumer: KafkaConsumer) -> list[TopicPartition]:
    """Drop what kafka-python parked for partitions that are no longer paused, so they are fetched again.

    kafka-python 3.0.12 keeps the records it had already read ahead for a partition when the partition is paused
    (KAFKA-7548), and hands them back after `resume` only if no other partition's records sit in its read-ahead
    slot; after the first fetch one always does (a spent one is never cleared). Until then it never fetches that
    partition again: a paused and resumed partition (a retry record held until due) stopped for good. The parked
    records were never returned, so the partition's position is still before them: dropping them makes the
    fetcher read them again from there. Returns the partitions released.
    """
    parked = getattr(getattr(consumer, "_fetcher", None), "_paused_partition_records", None)
    if not parked:
        return []
    released = [tp for tp in list(parked) if not consumer._subscription.is_paused(tp)]
    for tp in released:
        parked.pop(tp).drain()
        log.debug("Released the read-ahead records kafka-python kept for %s[%d]; they are fetched again.",
                  tp.topic, tp.partition)
    return released


class Subscriber:
    """A consumer-group member over one or more topics; reads only committed transactions."""

    def __init__(self, settings: Settings, *, group: str, topics: list[str], client_id: str) -> None:
        self._settings = settings
        self._listener = _Listener()
        try:
            self._consumer = KafkaConsumer(
                bootstrap_servers=settings.kafka_bootstrap, group_id=group, client_id=client_id,
                enable_auto_commit=False, auto_offset_reset="earliest", isolation_level="read_committed",
                max_poll_records=settings.max_poll_records, max_poll_interval_ms=settings.max_poll_interval_ms,
                enable_incremental_fetch_sessions=False,
                session_timeout_ms=settings.session_timeout_ms,
                heartbeat_interval_ms=max(settings.session_timeout_ms // 3, 1000),
                **fetch_sizes(settings), **timeouts(settings),
            )
            self._consumer.subscribe(topics, listener=self._listener)
        except (KafkaError, OSError) as exc:
            raise unavailable(settings, exc) from exc

    def poll(self, *, timeout_s: float = 1.0) -> list[Record]:
        """Up to max_poll_records records, in partition order."""
        release_parked_records(self._consumer)
        batch = self._consumer.poll(timeout_ms=int(timeout_s * 1000))
        return [Record(m.topic, m.partition, m.offset, m.key, m.value, m.timestamp)
                for msgs in batch.values() for m in msgs]

    def commit(self, next_offsets: dict[Partition, int]) -> bool:
        """Commit the next offset to read per partition; False if the group moved on (rebalance)."""
        if not next_offsets:
            return True
        try:
            self._consumer.commit({TopicPartition(t, p): OffsetAndMetadata(o, "", -1)
                                   for (t, p), o in next_offsets.items()})
        except CommitFailedError as exc:
            log.warning("Offsets were not committed because the group rebalanced: %s", exc)
            return False
        return True

    def group_metadata(self):
        """This member's group generation, for committing offsets inside a transaction."""
        return self._consumer.group_metadata()

    def assignment(self) -> set[Partition]:
        """The partitions this member owns now."""
        return {(tp.topic, tp.partition) for tp in self._consumer.assignment()}

    def take_revoked(self) -> set[Partition]:
        """Partitions revoked since the last call."""
        revoked, self._listener.revoked = self._listener.revoked, set()
        return revoked

    def take_assigned(self) -> set[Partition]:
        """Partitions the group assigned (or assigned again) to this member since the last call."""
        assigned, self._listener.assigned = self._listener.assigned, set()
        return assigned

    def seek(self, partition: Partition, offset: int) -> None:
        """Read this partition from offset on (e.g. to re-read a record that is not due yet)."""
        self._consumer.seek(TopicPartition(*partition), offset)

    def pause(self, partition: Partition) -> None:
        """Stop fetching a partition until resume()."""
        self._consumer.pause(TopicPartition(*partition))

    def resume(self, partition: Partition) -> None:
        """Fetch a paused partition again."""
        self._consumer.resume(TopicPartition(*partition))

    def position(self, partition: Partition) -> int:
        """The offset this member reads next in an owned partition."""
        return self._consumer.position(TopicPartition(*partition))

    def lag(self) -> int:
        """Records behind the end of the owned partitions."""
        parts = list(self._consumer.assignment())
        if not parts:
            return 0
        end = self._consumer.end_offsets(parts)
        return sum(max(end[tp] - self._consumer.position(tp), 0) for tp in parts)

    def close(self) -> None:
        """Leave the group."""
        self._consumer.close()
